"""A registry export read back with its data sheet: what the cells say, completed by what they cannot say.

The export hides the register as data beside the fiches (``workbook.carrier``). A sheet whose rows are
still those the export wrote is taken from the data whole: ids, kinds, translations and every fact. A
sheet someone changed is read from its cells, like any CNIL spreadsheet; the data then adds only what
belongs to an item the cells still name in the same words (a purpose's kind and interest beside its
unchanged label, a category's source beside its unchanged description), and the "Compléments" rows are
read back over it. So the cells always win, and nothing the DPO typed is overridden by the old data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..i18n import Messages
from ..workbook.carrier import joined, row_prints
from ..workbook.grid import Grid
from .complements import FACTS, Fact, at, drop, fact_named, given, items, put, read, written
from .labels import is_label, normalise
from .reader import Row

ACTIVITY_ONLY = ("role", "status", "software", "waivers", "automated_decisions", "dpia", "prospecting",
                 "transmission")
"""Facts of a whole activity that no cell of the template holds."""


@dataclass
class Carried:
    sheet: str
    """The sheet that shows the activity ("" for a processor's activity, which has no CNIL fiche)."""
    prints: list[str]
    data: dict[str, Any]


@dataclass
class DataSheet:
    settings: dict[str, Any]
    listing: str
    listing_prints: list[str]
    activities: list[Carried] = field(default_factory=list)

    def unchanged(self, grid: Grid, prints: list[str]) -> bool:
        return row_prints(grid) == prints


def tidy(data: Any) -> Any:
    """The data as a DPO writes them: no empty list, no value the model assumes when nothing is said (the JSON
    export writes them all out)."""
    if isinstance(data, list):
        return [tidy(item) for item in data]
    if not isinstance(data, dict):
        return data
    kept = {}
    for key, value in data.items():
        value = tidy(value)
        if value in ([], {}) or (isinstance(value, (str, bool)) and (key, value) in DEFAULT_VALUES):
            continue
        kept[key] = value
    return kept


DEFAULT_VALUES = {("status", "in_force"), ("inquiry_only", False), ("profiling", False),
                  ("automated_decision", False), ("end", "delete"), ("existing_customers", False)}
"""Keys and values the model gives when the YAML says nothing."""


def is_data_sheet(grid: Grid) -> bool:
    return is_label(grid.text(1, 1), "data_note")


def read_data_sheet(grid: Grid) -> DataSheet:
    """The data sheet's rows; ``ValueError`` when they are not what an export writes."""
    sheet: DataSheet | None = None
    for r in range(2, grid.rows + 1):
        cells = dict(grid.row(r))
        kind, shown, prints = cells.get(1, ""), cells.get(2, ""), cells.get(3, "").split()
        data = joined([text for column, text in sorted(cells.items()) if column >= 4])
        if not isinstance(data, dict):
            raise ValueError(f"row {r} holds no object")
        if kind == "registry" and sheet is None:
            sheet = DataSheet(data, shown, prints)
        elif kind == "activity" and sheet is not None and isinstance(data.get("id"), str):
            sheet.activities.append(Carried(shown, prints, data))
        else:
            raise ValueError(f"row {r} is not a row the export wrote")
    if sheet is None:
        raise ValueError("no row for registry.yaml")
    return sheet


def same_text(cell: Any, carried: Any) -> bool:
    """Whether a text read from a cell is the carried text, in one of its languages."""
    if isinstance(carried, dict):
        return any(same_text(cell, text) for text in carried.values())
    return carried is not None and normalise(str(cell)) == normalise(str(carried))


def merged(cells: dict[str, Any], carried: dict[str, Any]) -> dict[str, Any]:
    """The activity the changed cells describe, with what the data adds to the items they still name."""
    out = dict(cells)
    for key in ACTIVITY_ONLY:
        if key in carried and key not in out:
            out[key] = carried[key]
    for key in ("name", "description"):
        if same_text(cells.get(key), carried.get(key)):
            out[key] = carried[key]
    purposes = carried.get("purposes", {})
    old = [purposes.get("main", {}), *purposes.get("sub", [])]
    new = [cells["purposes"]["main"], *cells["purposes"].get("sub", [])]
    new = [{**match, "basis": p["basis"]} if (match := _match(old, p, ("label",))) else p for p in new]
    out["purposes"] = {"main": new[0], **({"sub": new[1:]} if len(new) > 1 else {})}
    for key, keys in (("data_subjects", ("category", "details")), ("data_categories", ("category", "description")),
                      ("special_categories", ("category", "description")), ("joint_controllers", ("name",))):
        if isinstance(cells.get(key), list) and isinstance(carried.get(key), list):
            out[key] = [_entry(match, entry) if (match := _match(carried[key], entry, keys)) else entry
                        for entry in cells[key]]
    partners = set((carried.get("transmission") or {}).get("partners", []))
    kept = {r["ref"]: r for r in carried.get("recipients", [])}
    recipients = [kept.get(r["ref"], r) for r in cells.get("recipients", [])
                  if r["ref"] in kept or r["ref"] not in partners]
    out["recipients"] = recipients + [r for r in kept.values() if r.get("inquiry_only") and r not in recipients]
    measures = {m["ref"]: m for m in carried.get("security_measures", [])}
    out["security_measures"] = [measures[m["ref"]] if same_text(m.get("details"), measures.get(m["ref"], {})
                                                                .get("details")) or m.get("details") is None
                                and m["ref"] in measures else m for m in cells.get("security_measures", [])]
    transfers = carried.get("transfers", [])
    out["transfers"] = [_match(transfers, x, ("recipient", "country")) or x for x in cells.get("transfers", [])]
    return {k: v for k, v in out.items() if v != []}


def _match(entries: list[dict[str, Any]], entry: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any] | None:
    return next((e for e in entries if all(same_text(entry.get(k), e.get(k)) or entry.get(k) == e.get(k)
                                           for k in keys)), None)


def _entry(carried: dict[str, Any], cells: dict[str, Any]) -> dict[str, Any]:
    """A carried entry the cells still name; its retention is the cells' unless they say the same."""
    if "retention" not in cells or _same_retention(cells["retention"], carried.get("retention")):
        return carried
    return {**carried, "retention": cells["retention"]}


def _same_retention(cells: Any, carried: Any) -> bool:
    """Whether a retention read from its sentence says what the carried one says (the sentence does not say
    whether the law requires it, nor the default end, deletion)."""
    if not (isinstance(cells, dict) and isinstance(carried, dict)):
        return bool(cells == carried)
    keys = (set(cells) | set(carried)) - {"required_by_law"}
    for key in keys:
        a, b = cells.get(key, "delete" if key == "end" else None), carried.get(key, "delete" if key == "end" else None)
        if key == "archive" and isinstance(a, dict) and isinstance(b, dict):
            if a.get("duration") != b.get("duration") or not (a.get("reason") == b.get("reason")
                                                              or same_text(a.get("reason"), b.get("reason"))):
                return False
        elif a != b and not (isinstance(a, str) and same_text(a, b)):
            return False
    return True


def read_complements(activity: dict[str, Any], rows: list[Row], t: Messages,
                     names: dict[str, str]) -> tuple[list[tuple[str, str]], list[str]]:
    """The "Compléments" rows written over the activity where they differ from what it says, and the facts
    whose row was deleted removed from it. Returned: the rows not understood (their cell and text), to be
    kept as notes, and the facts removed, in words."""
    left = []
    addressed: set[tuple[str, int]] = set()
    for row in rows:
        item, value = row.get("complement_item", 0), row.get("complement_value", 1)
        text = value.text if value else t("document.to_complete")
        target = _target(activity, fact_named(row.label.text), item.text if item else "", t, names)
        if target is None:
            left.append((row.label.ref, " : ".join(v.text for v in (row.label, *row.rest) if v)))
            continue
        fact, data = target
        addressed.add((fact.key, id(data)))
        if given(data, fact) and written(at(data, fact.path), fact.kind, t) == text:
            continue
        found, understood = read(text, fact.kind)
        if understood:
            put(data, fact.path, found)
        else:
            left.append(((value or row.label).ref, f"{row.label.text} : {text}"))
    return left, _remove_unwritten(activity, addressed, t, names)


def _remove_unwritten(activity: dict[str, Any], addressed: set[tuple[str, int]], t: Messages,
                      names: dict[str, str]) -> list[str]:
    """The facts an export writes as rows that no row gives any more: the DPO deleted them, the cells win."""
    removed = []
    for fact in FACTS:
        for item, data in list(items(activity, fact.scope, t, names)):
            if (fact.key, id(data)) in addressed or not given(data, fact):
                continue
            if fact.scope == "waiver":
                activity["waivers"] = [w for w in activity["waivers"] if w is not data]
            else:
                drop(data, fact.path)
            removed.append(f"{t(f'cnil.extra.{fact.key}')}{f' ({item})' if item else ''}")
    return removed


def _target(activity: dict[str, Any], facts: list[Fact], item: str, t: Messages,
            names: dict[str, str]) -> tuple[Fact, dict[str, Any]] | None:
    for fact in facts:
        for name, data in items(activity, fact.scope, t, names):
            if normalise(name) == normalise(item):
                return fact, data
    if facts and facts[0].scope == "activity":  # a fact of the activity the data did not hold yet
        return facts[0], activity
    return None

