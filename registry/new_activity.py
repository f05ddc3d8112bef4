"""``registry new activity --kind KIND``: a fiche started from the CNIL's référentiel for that kind.

What the table of référentiels says about the kind (its usual basis when there is only one, the data
and the periods the CNIL describes, the law that imposes it) is written as it is; what belongs to the
organisation (what the activity does, which interest it pursues, who in it receives the data) is taken
from the register when another activity of the same kind says it, or from a catalogue entry the table
names, and is ``todo`` otherwise: the new fiche validates, and ``registry check`` lists exactly what the
DPO has to decide.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import RegistryError
from .law import referentiels
from .law.dpia import screen
from .law.referentiels import Figure, Kind, TypicalCategory
from .loading.loader import ACTIVITIES_DIR, load, load_files
from .loading.reader import read_register
from .loading.register import Register, SourcedActivity
from .models import Activity
from .models.vocabulary import TODO

ONE_BASIS_FACTS: dict[str, dict[str, Any]] = {
    "legitimate_interests": {"interest": TODO, "balancing_test": TODO},
    "consent": {"consent": {"collection": TODO, "withdrawal": TODO}},
}
"""What a basis needs beside itself, when the organisation alone can say it."""


VERDICT_NOTES = {
    "undetermined": "Analyse d'impact : à déterminer ; elle dépend de l'effectif (organisation.headcount).",
    "recommended": "Analyse d'impact : recommandée ; le DPO décide et renseigne `dpia`.",
}
"""The header's word on a DPIA the screening cannot settle, since ``dpia.status`` has no value for it."""


class _Dumper(yaml.SafeDumper):
    """Plain YAML the register's reader accepts: no anchors, keys in the order written."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _same_kind(register: Register, name: str) -> list[Activity]:
    """The register's activities whose main purpose is of this kind: what they say of the organisation holds
    for a new one (a sub-purpose of that kind, inside another activity, says little of it)."""
    return [a.model for a in register.controller_activities if a.model.purposes.main.kind == name]


def _owner(register: Register, entry: Kind, peers: list[Activity]) -> str:
    owners = {a.owner for a in peers if a.owner != TODO}
    if len(owners) == 1:
        return owners.pop()
    wanted = entry.typical.owner
    return wanted if wanted and register.catalogue_of(wanted) == "departments" else TODO


def _recipients(register: Register, entry: Kind, peers: list[Activity], owner: str) -> list[str]:
    """The recipients of the register's activities of this kind; without one, the catalogue entries the
    table names for it; without any, the department in charge, which handles the data."""
    reused = list(dict.fromkeys(r.ref for a in peers for r in a.recipients if not r.inquiry_only))
    named = [ref for ref in entry.typical.recipients if register.catalogue_of(ref) is not None]
    return reused or named or ([] if owner == TODO else [owner])


def _measures(register: Register, entry: Kind, peers: list[Activity]) -> list[str]:
    reused = list(dict.fromkeys(m.ref for a in peers for m in a.security_measures))
    catalogue = register.settings.security_measures
    return reused or [m.id for m in catalogue if m.category in entry.typical.measures]


def _purpose(entry: Kind) -> dict[str, Any]:
    purpose: dict[str, Any] = {"label": entry.label, "kind": entry.name}
    if len(entry.bases) != 1:
        purpose["basis"] = TODO
        return purpose
    basis = entry.bases[0]
    purpose["basis"] = basis
    purpose.update(ONE_BASIS_FACTS.get(basis, {}))
    if basis in ("legal_obligation", "public_task"):
        purpose["legal_reference"] = entry.legal_reference or TODO
    return purpose


def _retention(figures: tuple[Figure, ...]) -> dict[str, Any] | str:
    """The recommended period, lengthened to the longest period the law obliges to keep these data."""
    figure = next((f for f in figures if f.recommended), None)
    if figure is None or figure.recommended is None:
        return TODO
    periods = [figure.recommended, *(f.floor for f in figures if f.floor)]
    retention: dict[str, Any] = {"duration": str(max(periods, key=lambda d: d.approximate_days))}
    if figure.counted_from:
        retention["from"] = figure.counted_from
    elif figure.start_event:
        retention["from_event"] = figure.start_event
    else:
        return TODO
    return retention


def _category(entry: Kind, typical: TypicalCategory) -> dict[str, Any]:
    category: dict[str, Any] = {"category": typical.category, "description": typical.description}
    if typical.mandatory is not None:
        category["mandatory"] = typical.mandatory
        if typical.mandatory:
            category["requirement"] = typical.requirement or TODO
            category["if_not_provided"] = TODO
    if typical.source:
        category["source"] = {"kind": typical.source, "details": TODO}
    if typical.reason:
        category["reason"] = typical.reason
    figures = entry.figures_for(typical.category, typical.start)
    category["retention"] = _retention(figures)
    return category


def fiche(register: Register, name: str, activity_id: str) -> tuple[dict[str, Any], str]:
    """The new fiche, as the data of its YAML file, and the DPIA screening's verdict on it."""
    entry = referentiels.kind(name)
    peers = _same_kind(register, name)
    owner = _owner(register, entry, peers)
    data: dict[str, Any] = {
        "id": activity_id,
        "name": entry.label,
        "owner": owner,
        "description": TODO,
        "status": "draft",
        "purposes": {"main": _purpose(entry)},
        "data_subjects": [{"category": s} for s in entry.typical.data_subjects] or TODO,
        "data_categories": [_category(entry, c) for c in entry.typical.data_categories] or TODO,
        "recipients": [{"ref": ref} for ref in _recipients(register, entry, peers, owner)],
        "security_measures": [{"ref": ref} for ref in _measures(register, entry, peers)],
    }
    verdict = screen(Activity.model_validate(data), register.settings.organisation.headcount).verdict
    if verdict == "required":
        data["dpia"] = {"status": "required", "reference": TODO}
    elif verdict == "not_required":
        data["dpia"] = {"status": "not_required"}
    return data, verdict


def header(entry: Kind, verdict_note: str) -> str:
    """The comment heading the file: where its figures come from, and what it leaves to the DPO."""
    lines = [f"# Fiche de registre écrite par `registry new activity --kind {entry.name}` "
             f"(table des référentiels, version {referentiels.table().version}).",
             "# Sources :"]
    lines += [f"#   - {s.reference} ({s.date}) : {s.url}" for s in entry.sources]
    lines.append("# Chaque `todo` est une décision du DPO ; `registry check` les liste (A30005).")
    if entry.notice:
        lines.append(f"# Information à ajouter : {entry.notice['fr']}")
    if verdict_note:
        lines.append(f"# {verdict_note}")
    return "\n".join(lines) + "\n"


def _free_id(register: Register, wanted: str) -> str:
    taken = {a.model.id for a in register.activities}
    if wanted not in taken:
        return wanted
    return next(f"{wanted}-{n}" for n in range(2, len(taken) + 3) if f"{wanted}-{n}" not in taken)


def new_activity(root: Path, name: str, activity_id: str | None) -> tuple[str, bytes]:
    """The path (in the register) and content of a new fiche of kind ``name``, validated with the register."""
    if name not in referentiels.table().kinds:
        raise RegistryError(f"no kind '{name}' in the table of référentiels (see 'registry new --list')")
    result = load(root)
    register = result.register
    if register is None or not result.ok:
        raise RegistryError(f"{root} is not a valid register: run 'registry validate {root}' first")
    if register.is_processor:
        raise RegistryError("registry new writes a controller's fiche; this register is a processor's")
    if activity_id is not None and any(a.model.id == activity_id for a in register.activities):
        raise RegistryError(f"an activity with id '{activity_id}' already exists; nothing was written")
    chosen = activity_id or _free_id(register, name.replace("_", "-"))
    data, verdict = fiche(register, name, chosen)
    note = VERDICT_NOTES.get(verdict, "")
    text = header(referentiels.kind(name), note) + yaml.dump(data, Dumper=_Dumper, allow_unicode=True,
                                                             sort_keys=False, width=110)
    path = f"{ACTIVITIES_DIR}/{chosen}.yaml"
    content = text.encode("utf-8")
    _validated(root, register, path, content)
    return path, content


def _validated(root: Path, register: Register, path: str, content: bytes) -> None:
    """Refuses a fiche the register would not load: the tool never writes a file it cannot read back."""
    settings = read_register(root).settings
    loaded: list[SourcedActivity] = list(register.activities)
    result = load_files(root, settings, {path: content}, loaded=loaded)
    if not result.ok:
        raise RegistryError("the new fiche does not validate: " + "; ".join(str(p) for p in result.problems))
