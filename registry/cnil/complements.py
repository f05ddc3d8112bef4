"""The facts of an activity that the CNIL template has no row for, as labelled rows an auditor reads and
an import reads back.

Each fact is declared once (:data:`FACTS`): the item it belongs to (the activity, a purpose, a category
of data…), where it sits in the activity's data and how it is written in words. The export writes one
row per fact given, ``label | item | value``, in a "Compléments" section after the template's own; the
import finds the row's fact by its label and its item by the same words, and reads the value back with
the same vocabulary. Both sides work on the activity as data (its JSON form), so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..i18n import Messages
from ..law.geography import adequacy, scope_named
from ..models import vocabulary as vocab
from ..models.vocabulary import TODO, values
from .labels import is_to_complete, lookup, normalise

Kind = str
"""``text``, ``bool``, ``scope`` (a partial adequacy decision's), ``vocab:<name>`` (a value of
``vocabulary.<name>``) or ``list:<name>`` (several; ``list:`` for texts)."""

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "purpose_kind": values(vocab.PurposeKind), "channel": values(vocab.Channel),
    "marketing_audience": values(vocab.MarketingAudience), "audience": values(vocab.Audience),
    "requirement": values(vocab.ProvisionRequirement), "source": values(vocab.SourceKind),
    "exception": values(vocab.SpecialCategoryException), "status": values(vocab.Status),
    "register_kind": values(vocab.RegisterKind), "dpia_status": values(vocab.DpiaStatus),
    "dpia_criterion": values(vocab.DpiaCriterion),
}


@dataclass(frozen=True)
class Fact:
    key: str
    """Its label: ``cnil.extra.<key>``."""
    scope: str
    """``activity``, ``purpose``, ``subject``, ``data``, ``special``, ``recipient``, ``transfer``, ``joint`` or
    ``waiver``."""
    path: tuple[str, ...]
    kind: Kind = "text"


FACTS: tuple[Fact, ...] = (
    Fact("status", "activity", ("status",), "vocab:status"),
    Fact("role", "activity", ("role",), "vocab:register_kind"),
    Fact("software", "activity", ("software",), "list:"),
    Fact("notes", "activity", ("notes",)),
    Fact("purpose_kind", "purpose", ("kind",), "vocab:purpose_kind"),
    Fact("interest", "purpose", ("interest",)),
    Fact("balancing_test", "purpose", ("balancing_test",)),
    Fact("legal_reference", "purpose", ("legal_reference",)),
    Fact("consent_collection", "purpose", ("consent", "collection")),
    Fact("consent_withdrawal", "purpose", ("consent", "withdrawal")),
    Fact("consent_proof", "purpose", ("consent", "proof")),
    Fact("consent_unticked", "purpose", ("consent", "unticked"), "bool"),
    Fact("consent_separate", "purpose", ("consent", "separate_from_terms"), "bool"),
    Fact("consent_condition", "purpose", ("consent", "condition_of_service"), "bool"),
    Fact("consent_per_purpose", "purpose", ("consent", "one_choice_per_purpose"), "bool"),
    Fact("purpose_channels", "purpose", ("channels",), "list:channel"),
    Fact("purpose_audience", "purpose", ("audience",), "list:marketing_audience"),
    Fact("contact_persons", "subject", ("contact_persons",), "bool"),
    Fact("mandatory", "data", ("mandatory",), "bool"),
    Fact("requirement", "data", ("requirement",), "vocab:requirement"),
    Fact("if_not_provided", "data", ("if_not_provided",)),
    Fact("source", "data", ("source", "kind"), "vocab:source"),
    Fact("source_details", "data", ("source", "details")),
    Fact("reason", "data", ("reason",)),
    Fact("required_by_law", "data", ("retention", "required_by_law"), "bool"),
    Fact("exception", "special", ("exception",), "vocab:exception"),
    Fact("required_by_law", "special", ("retention", "required_by_law"), "bool"),
    Fact("inquiry_only", "recipient", ("inquiry_only",), "bool"),
    Fact("adequacy_scope", "transfer", ("adequacy_scope",), "scope"),
    Fact("copy_url", "transfer", ("copy_url",)),
    Fact("safeguards", "transfer", ("safeguards",)),
    Fact("responsibilities", "joint", ("responsibilities",)),
    Fact("profiling", "activity", ("automated_decisions", "profiling"), "bool"),
    Fact("automated_decision", "activity", ("automated_decisions", "automated_decision"), "bool"),
    Fact("logic", "activity", ("automated_decisions", "logic")),
    Fact("consequences", "activity", ("automated_decisions", "consequences")),
    Fact("dpia_status", "activity", ("dpia", "status"), "vocab:dpia_status"),
    Fact("dpia_reference", "activity", ("dpia", "reference")),
    Fact("dpia_date", "activity", ("dpia", "date")),
    Fact("dpia_criteria", "activity", ("dpia", "criteria"), "list:dpia_criterion"),
    Fact("dpia_justification", "activity", ("dpia", "justification")),
    Fact("prospecting_channels", "activity", ("prospecting", "channels"), "list:channel"),
    Fact("prospecting_audience", "activity", ("prospecting", "audience"), "list:audience"),
    Fact("existing_customers", "activity", ("prospecting", "existing_customers"), "bool"),
    Fact("objection_at_collection", "activity", ("prospecting", "objection_at_collection"), "bool"),
    Fact("unsubscribe", "activity", ("prospecting", "unsubscribe")),
    Fact("transmission_channels", "activity", ("transmission", "channels"), "list:channel"),
    Fact("transmission_objection", "activity", ("transmission", "objection_at_collection"), "bool"),
    Fact("waiver", "waiver", ("rule",)),
    Fact("waiver_reason", "waiver", ("reason",)),
)
"""Every fact an export writes in the "Compléments" section, in its order."""
DEFAULTS: dict[tuple[str, ...], Any] = {("status",): "in_force", ("automated_decisions", "profiling"): False,
                                        ("automated_decisions", "automated_decision"): False,
                                        ("inquiry_only",): False}
"""Values not written, being what the model assumes when nothing is said."""


def items(activity: dict[str, Any], scope: str, t: Messages,
          names: dict[str, str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The items of ``scope`` in an activity, each with the words that name it in the sheet (``names``: a
    catalogue entry's name by id)."""
    if scope == "activity":
        yield "", activity
    elif scope == "purpose":
        purposes = activity.get("purposes", {})
        yield t("cnil.main_purpose"), purposes.get("main", {})
        for n, purpose in enumerate(purposes.get("sub", []), start=1):
            yield t("cnil.sub_purpose", n=n), purpose
    elif scope == "subject" and isinstance(activity.get("data_subjects"), list):
        for n, subject in enumerate(activity["data_subjects"], start=1):
            yield t("cnil.subject_row", n=n), subject
    elif scope in ("data", "special"):
        entries = activity.get("data_categories" if scope == "data" else "special_categories")
        for entry in entries if isinstance(entries, list) else []:
            yield text_in(entry.get("description"), t.language), entry
    elif scope == "transfer":
        for n, transfer in enumerate(activity.get("transfers", []), start=1):
            yield t("cnil.transfer_row", n=n), transfer
    elif scope == "recipient":
        for recipient in activity.get("recipients", []):
            yield names.get(recipient["ref"], recipient["ref"]), recipient
    elif scope == "joint":
        for joint in activity.get("joint_controllers", []):
            yield str(joint.get("name", "")), joint
    elif scope == "waiver":
        for waiver in activity.get("waivers", []):
            yield str(waiver.get("rule", "")), waiver


def rows(activity: dict[str, Any], t: Messages, names: dict[str, str]) -> Iterator[tuple[str, str, str]]:
    """(label, item, value) for every fact of :data:`FACTS` the activity gives, in words."""
    for fact in FACTS:
        for item, data in items(activity, fact.scope, t, names):
            if given(data, fact):
                yield t(f"cnil.extra.{fact.key}"), marked(item, t), written(at(data, fact.path), fact.kind, t)


def given(data: dict[str, Any], fact: Fact) -> bool:
    """Whether an item gives a fact, so that the export writes it as a row."""
    value = at(data, fact.path)
    return not (value is None or value == [] or DEFAULTS.get(fact.path, ...) == value)


def at(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        if not isinstance(data.get(key), dict):
            data[key] = {}
        data = data[key]
    data[path[-1]] = value


def drop(data: dict[str, Any], path: tuple[str, ...]) -> None:
    """The fact at ``path`` removed, and the mappings it leaves empty."""
    parent = at(data, path[:-1])
    if not isinstance(parent, dict):
        return
    parent.pop(path[-1], None)
    if not parent and len(path) > 1:
        drop(data, path[:-1])


def text_in(value: Any, language: str) -> str:
    """A text of the model's data (one text, or one per language) in ``language``, else its first."""
    if isinstance(value, dict):
        return str(value.get(language) or next(iter(value.values()), ""))
    return "" if value is None else str(value)


def marked(text: str, t: Messages) -> str:
    """A text, or the "À compléter" mark where it is still ``todo``."""
    return t("document.to_complete") if text == TODO else text


def written(value: Any, kind: Kind, t: Messages) -> str:
    if value == TODO:
        return t("document.to_complete")
    if kind == "bool":
        return t("cnil.yes" if value else "cnil.no")
    if kind == "scope":
        return next((d.scope.labels.get(t.language, value) for d in adequacy().countries.values()
                     if d.scope is not None and d.scope.id == value), str(value))
    if kind.startswith("vocab:"):
        return t.label(kind[6:], value)
    if kind.startswith("list:"):
        name = kind[5:]
        return "; ".join(t.label(name, v) if name else marked(str(v), t) for v in value)
    return marked(text_in(value, t.language), t)


def read(text: str, kind: Kind) -> tuple[Any, bool]:
    """The value a cell writes for a fact of ``kind``, and whether it was understood."""
    if is_to_complete(text):
        return TODO, True
    if kind == "bool":
        plain = normalise(text)
        yes, no = ({normalise(Messages(lang)(f"cnil.{key}")) for lang in ("fr", "en")} for key in ("yes", "no"))
        return (True, True) if plain in yes else (False, True) if plain in no else (None, False)
    if kind == "scope":
        scope = scope_named(text)
        return scope, scope is not None
    if kind.startswith("vocab:"):
        name = kind[6:]
        found = lookup(text, f"vocabulary.{name}", VOCABULARIES[name])
        return found, found is not None
    if kind.startswith("list:"):
        name = kind[5:]
        parts = [p.strip() for p in text.replace("\n", ";").split(";") if p.strip()]
        if not name:
            return parts, True
        each = [lookup(p, f"vocabulary.{name}", VOCABULARIES[name]) for p in parts]
        return [f for f in each if f], all(each)
    return text, True


def fact_named(label: str, scope_hint: str | None = None) -> list[Fact]:
    """The facts a row's label names (the same label may serve two scopes: data and special categories)."""
    plain = normalise(label)
    return [f for f in FACTS if plain in {normalise(Messages(lang)(f"cnil.extra.{f.key}")) for lang in ("fr", "en")}
            and (scope_hint is None or f.scope == scope_hint)]
