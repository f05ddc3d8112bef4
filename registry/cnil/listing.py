"""An export's first sheet, changed since the export, read back over the register's data.

The sheet holds the organisation's details and a table of its processors, partners and other recipients.
As on the fiches, the cells win: a changed row is read, a removed row removes its fact, a new row of the
table adds an entry. What the cells cannot say is kept from the data (ids, translations of an unchanged
text). What is not understood is returned with its cell, for the report and the problems.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..i18n import Messages
from ..models import vocabulary as vocab
from ..models.vocabulary import TODO, values
from .carried import same_text
from .complements import at, drop, put, read, written
from .labels import LANGUAGES, country, is_to_complete, lookup, normalise
from .reader import Value

Left = tuple[str, str]
"""A cell not understood: its reference and its text."""

ORGANISATION_FACTS: dict[str, tuple[tuple[str, ...], str]] = {
    "legal_form": (("organisation", "legal_form"), "text"),
    "registration": (("organisation", "registration"), "text"),
    "website": (("organisation", "website"), "text"),
    "headcount": (("organisation", "headcount"), "count"),
    "public_authority": (("organisation", "public_authority"), "bool"),
    "representative_role": (("organisation", "legal_representative", "role"), "text"),
    "privacy_policy": (("publication", "privacy_policy"), "text"),
    "partner_list": (("publication", "partner_list"), "text"),
    "rights_contact": (("publication", "rights_contact"), "text"),
}
"""Each row of the "Compléments sur l'organisme" block: where its fact sits in registry.yaml, and its kind."""

TABLE_CATALOGUES = ("processors", "partners", "recipients")
"""The catalogues the table of recipients lists, in its order."""
DESCRIBED_BY = {"processors": "service", "partners": "activity"}
"""The field the "Service rendu ou activité" column holds, by catalogue (other recipients have none)."""


def read_organisation(settings: dict[str, Any], block: dict[str, Value]) -> list[Left]:
    """The organisation's details as the block says them, written over ``settings``."""
    left: list[Left] = []
    for key, (path, kind) in ORGANISATION_FACTS.items():
        cell, old = block.get(key), at(settings, path)
        if cell is None:
            if old not in (None, False):
                drop(settings, path)
            continue
        if old is not None and _says(cell.text, old, "bool" if kind == "bool" else "text"):
            continue
        found, understood = _read_detail(cell.text, kind)
        if not understood or (len(path) > 2 and not isinstance(at(settings, path[:-1]), dict)):
            left.append((cell.ref, cell.text))  # not read, or a role for a representative still unnamed
        elif found is None:
            drop(settings, path)
        else:
            put(settings, path, found)
    return left


def read_recipients(settings: dict[str, Any], rows: list[dict[str, Value]], used: set[str],
                    new_id: Callable[[str], str]) -> list[Left]:
    """The table of recipients written over the catalogues: an entry named by a row takes the row's
    words, a row naming no entry adds one, an entry no row names is removed unless an activity refers to it."""
    left: list[Left] = []
    named: set[int] = set()
    for row in rows:
        name = row.get("recipient_name")
        if not name:
            continue
        found = _entry_named(settings, name.text)
        if found is None:
            entry, left_here = _added(settings, row, new_id)
        else:
            entry, left_here = found[1], _changed(*found, row)
        left += left_here
        if entry is not None:
            named.add(id(entry))
    for catalogue in TABLE_CATALOGUES:
        kept = [e for e in settings.get(catalogue, []) if id(e) in named or str(e.get("id")) in used]
        if kept:
            settings[catalogue] = kept
        else:
            settings.pop(catalogue, None)
    return left


def _entry_named(settings: dict[str, Any], name: str) -> tuple[str, dict[str, Any]] | None:
    for catalogue in TABLE_CATALOGUES:
        for entry in settings.get(catalogue, []):
            if same_text(name, entry.get("name")):
                return catalogue, entry
    return None


def _changed(catalogue: str, entry: dict[str, Any], row: dict[str, Value]) -> list[Left]:
    """An entry as its row says it; a change of kind (another catalogue) is not made but returned."""
    left: list[Left] = []
    kind = row.get("recipient_kind")
    if kind and _catalogue_and_kind(kind.text) != (catalogue, entry.get("kind")):
        left.append((kind.ref, kind.text))
    described = row.get("recipient_service")
    if catalogue in DESCRIBED_BY and described and not same_text(described.text, entry.get(DESCRIBED_BY[catalogue])):
        entry[DESCRIBED_BY[catalogue]] = TODO if is_to_complete(described.text) else described.text
    left += _located(entry, row.get("recipient_country"))
    if catalogue == "processors":
        contract = row.get("recipient_contract")
        if not contract:
            entry.pop("contract", None)
        elif not same_text(contract.text, entry.get("contract")):
            entry["contract"] = contract.text
        left += _addressed(entry, row.get("recipient_address"))
    return left


def _added(settings: dict[str, Any], row: dict[str, Value],
           new_id: Callable[[str], str]) -> tuple[dict[str, Any] | None, list[Left]]:
    """A row naming no entry: a new entry of the catalogue its kind names (none when it names none)."""
    name, kind, described = row["recipient_name"], row.get("recipient_kind"), row.get("recipient_service")
    found = _catalogue_and_kind(kind.text) if kind else None
    if found is None:
        return None, [((kind or name).ref, " ; ".join(v.text for v in row.values() if v))]
    catalogue, third_party_kind = found
    entry: dict[str, Any] = {"id": new_id(name.text), "name": name.text}
    if catalogue in DESCRIBED_BY:
        entry[DESCRIBED_BY[catalogue]] = described.text if described else TODO
    if third_party_kind:
        entry["kind"] = third_party_kind
    left = _located(entry, row.get("recipient_country"))
    if catalogue == "processors":
        if contract := row.get("recipient_contract"):
            entry["contract"] = contract.text
        left += _addressed(entry, row.get("recipient_address"))
    settings.setdefault(catalogue, []).append(entry)
    return entry, left


def _catalogue_and_kind(text: str) -> tuple[str, str | None] | None:
    """The catalogue (and, for other recipients, the kind) a "Type" cell names."""
    found = lookup(text, "vocabulary.recipient_kind", ("processors", "partners", *values(vocab.ThirdPartyKind)))
    if found is None:
        return None
    return (found, None) if found in ("processors", "partners") else ("recipients", found)


def _located(entry: dict[str, Any], cell: Value | None) -> list[Left]:
    if not cell:
        entry.pop("country", None)
        return []
    if entry.get("country") and _says(cell.text, entry["country"], "country"):
        return []
    code = TODO if is_to_complete(cell.text) else country(cell.text)
    if code is None:
        return [(cell.ref, cell.text)]
    entry["country"] = code
    return []


def _addressed(entry: dict[str, Any], cell: Value | None) -> list[Left]:
    """A processor's address, written "street, postcode, city"; its country stays the data's."""
    old = entry.get("address")
    if not cell:
        entry.pop("address", None)
        return []
    if isinstance(old, dict) and same_text(cell.text, ", ".join(filter(None, (old.get(k) for k in
                                                                              ("street", "postcode", "city"))))):
        return []
    parts = [part.strip() for part in cell.text.rsplit(",", 2)]
    if len(parts) != 3 or not all(parts):
        return [(cell.ref, cell.text)]
    entry["address"] = {**(old if isinstance(old, dict) else {}),
                        **dict(zip(("street", "postcode", "city"), parts, strict=True))}
    return []


def _says(text: str, value: Any, kind: str) -> bool:
    """Whether a cell's text is how the export writes ``value``, in one of the languages."""
    for language in LANGUAGES:
        t = Messages(language)
        shown = t.country(value) if kind == "country" and value != TODO else written(value, kind, t)
        if normalise(text) == normalise(shown):
            return True
    return False


def _read_detail(text: str, kind: str) -> tuple[Any, bool]:
    if kind == "count":
        plain = text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
        if is_to_complete(text):
            return None, True  # the model has no "todo" for a headcount: unknown is said by its absence
        return (int(plain), True) if plain.isdigit() else (None, False)
    return read(text, kind)


def referred(activities: Iterable[dict[str, Any]]) -> set[str]:
    """The ids of the entries activities refer to (their recipients and the partners they transmit to)."""
    found: set[str] = set()
    for activity in activities:
        found.update(str(r["ref"]) for r in activity.get("recipients", []) if isinstance(r, dict) and "ref" in r)
        found.update(str(p) for p in (activity.get("transmission") or {}).get("partners", []))
    return found
