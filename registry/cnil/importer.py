"""A register kept in the CNIL spreadsheet, turned into ``registry.yaml`` and one file per fiche.

What maps onto the model's vocabularies is mapped; what does not is kept as
the nearest field's free text; what the sheet does not say is written
``todo``. Every fiche gets a line per fact in the report, and every oddity
a problem naming the sheet and cell. The result is validated by the same
loader as a hand-written register before anything is written.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..codes import I001, I002, I003, I004, I005, I006, I007, I008, I009, I010, I011, I012, Code
from ..i18n import Messages
from ..law.geography import scope_named
from ..loading.yamlsource import without_forbidden
from ..models.vocabulary import (
    TODO,
    DataCategory,
    LegalBasis,
    SecurityCategory,
    SpecialCategory,
    SubjectCategory,
    values,
)
from ..problems import Problem
from ..workbook.carrier import row_prints
from ..workbook.grid import Grid
from ..workbook.limits import OverLimit
from ..workbook.read import read_workbook
from .carried import Carried, DataSheet, is_data_sheet, merged, read_complements, read_data_sheet, tidy
from .complements import text_in
from .labels import country, is_label, is_none, lookup, normalise, numbered
from .listing import read_organisation, read_recipients, referred
from .reader import NOTE, FicheSheet, ListSheet, Row, Value, is_example, read_fiche, read_list
from .retention import parse_retention

RECIPIENT_TYPES = ("departments", "processors", "third_country", "partners", "other")
TOOLS = ("scc", "bcr", "adequacy", "code_of_conduct", "certification", "art49_derogation")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
"""Both used with ``fullmatch``: ``$`` would let a trailing line break into an id, hence a file name."""


@dataclass
class FicheReport:
    """What became of one fiche: the facts mapped, those kept as text, those missing (written ``todo``)."""

    sheet: str
    id: str
    name: str
    mapped: list[str] = field(default_factory=list)
    as_text: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    """Facts an export wrote whose row the DPO deleted: no longer in the activity."""


@dataclass
class Imported:
    settings: dict[str, Any]
    activities: dict[str, dict[str, Any]]
    """File name (``activities/<id>.yaml``) -> the activity's data."""
    fiches: list[FicheReport]
    problems: list[Problem]


@dataclass
class Catalogues:
    """The entries of registry.yaml the fiches refer to, each created once and found again by name."""

    departments: dict[str, dict[str, Any]] = field(default_factory=dict)
    processors: dict[str, dict[str, Any]] = field(default_factory=dict)
    recipients: dict[str, dict[str, Any]] = field(default_factory=dict)
    security_measures: dict[str, dict[str, Any]] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)
    known: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """The catalogues of an export's data sheet: its entries are found by name, and kept as they were."""

    def seed(self, settings: dict[str, Any]) -> None:
        """Start from an export's catalogues: a fiche naming one of their entries refers to it by its id."""
        for catalogue in ("departments", "processors", "recipients", "security_measures"):
            entries = [e for e in settings.get(catalogue, []) if isinstance(e, dict) and "id" in e]
            self.known[catalogue] = entries
            for entry in entries:
                self.ids.add(str(entry["id"]))
                if catalogue == "security_measures":
                    self.security_measures.setdefault(str(entry.get("category")), entry)
                    continue
                names = entry["name"].values() if isinstance(entry.get("name"), dict) else [entry.get("name")]
                for name in names:
                    getattr(self, catalogue).setdefault(normalise(str(name)), entry)
        self.ids.update(str(e["id"]) for e in settings.get("partners", []) if isinstance(e, dict) and "id" in e)

    def entry(self, catalogue: str, name: str, **facts: Any) -> str:
        """The id of the entry named ``name`` in ``catalogue``, created with ``facts`` if new."""
        table: dict[str, dict[str, Any]] = getattr(self, catalogue)
        key = normalise(name)
        if key not in table:
            table[key] = {"id": self.new_id(name), "name": name, **facts}
        return str(table[key]["id"])

    def new_id(self, name: str) -> str:
        base = slug(name)[:40] or "entry"
        candidate, n = base, 2
        while candidate in self.ids:
            candidate, n = f"{base}-{n}", n + 1
        self.ids.add(candidate)
        return candidate

    def locate(self, ref: str, code: str) -> None:
        """A recipient's country, learnt from a transfer to it (the template has no other place for it)."""
        for entry in (*self.processors.values(), *self.recipients.values()):
            if entry["id"] == ref and entry.get("country") == TODO:
                entry["country"] = code

    def measure(self, category: str) -> str:
        """The shared measure of a CNIL category: activities add their own details to it."""
        if category not in self.security_measures:
            self.security_measures[category] = {"id": self.new_id(category.replace("_", "-")), "category": category}
        return str(self.security_measures[category]["id"])

    def data(self) -> dict[str, list[dict[str, Any]]]:
        """Each catalogue: the export's entries as they were, then those the import created, each once."""
        found = {}
        for name in ("departments", "processors", "recipients", "security_measures"):
            entries = {id(e): e for e in (*self.known.get(name, []), *getattr(self, name).values())}
            if entries:
                found[name] = list(entries.values())
        return found


def slug(text: str) -> str:
    return "-".join(normalise(text).split())


class Importer:
    """One workbook's import: the catalogues it builds as fiches name recipients and measures, the ids
    it gives, and the problems it finds, each at its cell."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.catalogues = Catalogues()
        self.activity_ids: set[str] = set()

    def problem(self, ref: str, code: Code, message: str) -> None:
        """A problem at a cell (``Fiche 3!B12``): the row and column are the cell's."""
        match = re.search(r"([A-Z]+)(\d+)$", ref)
        row, column = (int(match.group(2)), _column_number(match.group(1))) if match else (1, 1)
        self.problems.append(code.at(self.path.name, row, column, f"{ref}: {message}"))

    # --- the workbook -------------------------------------------------------------------

    def run(self) -> Imported:
        try:
            grids = read_workbook(self.path)
        except OverLimit as refused:
            self.problem(refused.where, I006, refused.reason)
            return Imported({}, {}, [], self.problems)
        for grid in grids:
            self._remove_forbidden(grid)
        self.carrier = self._data_sheet(grids)
        grids = [grid for grid in grids if not is_data_sheet(grid)]
        carried = {c.sheet: c for c in self.carrier.activities if c.sheet} if self.carrier else {}
        listing: ListSheet | None = None
        fiches: list[FicheSheet] = []
        seen: dict[tuple[tuple[str, ...], ...], str] = {}
        for grid in grids:
            fiche = read_fiche(grid)
            if fiche is None:
                found = read_list(grid)
                if found and listing is None and (found.rows or found.blocks):
                    listing = found
                elif is_label(grid.name, "flat_sheet"):
                    self.problem(grid.ref(1, 1), I001, "the flat table of an export, one row per data category: "
                                 "the fiches hold the same facts; sheet skipped")
                elif grid.cells:
                    self.problem(grid.ref(1, 1), I001, "not a fiche nor the list of activities: sheet skipped")
                continue
            if grid.name in carried:
                fiches.append(fiche)
            elif is_example(grid, fiche):
                self.problem(grid.ref(1, 1), I001, "the CNIL's example fiche: sheet skipped")
            elif not (fiche.field("name") or any(r.rest for r in fiche.sections.get("purposes_section", []))):
                self.problem(grid.ref(1, 1), I001, "an empty fiche (the blank model): sheet skipped")
            elif fiche.signature() in seen:
                self.problem(grid.ref(1, 1), I002, f"the same fiche as sheet '{seen[fiche.signature()]}': "
                                                     "imported once")
            else:
                seen[fiche.signature()] = grid.name
                fiches.append(fiche)
        listed = {normalise(r["name"].text): r for r in (listing.rows if listing else []) if r.get("name")}
        if not fiches and not listed:
            self.problem(f"{grids[0].name}!A1" if grids else "A1", I005,
                         "no fiche and no list of activities found: is this the CNIL register spreadsheet?")
        activities: dict[str, dict[str, Any]] = {}
        reports = []
        used_rows: set[str] = set()
        for fiche in fiches:
            name = fiche.field("name")
            row = listed.get(normalise(name.text)) if name else None
            if name and row is not None:
                used_rows.add(normalise(name.text))
            if fiche.grid.name in carried:
                data, report = self.carried(fiche, row, carried[fiche.grid.name])
            else:
                data, report = self.activity(fiche, row)
            activities[f"activities/{data['id']}.yaml"] = data
            reports.append(report)
        for kept in self.carrier.activities if self.carrier else []:
            if not kept.sheet:
                activities[f"activities/{kept.data['id']}.yaml"] = tidy(kept.data)
                reports.append(FicheReport("", kept.data["id"], text_in(kept.data.get("name"), "fr"),
                                           mapped=["every fact, from the export's data sheet (a processor's "
                                                   "activity has no CNIL fiche)"]))
            elif kept.sheet not in {f.grid.name for f in fiches}:
                self.problem(f"{kept.sheet}!A1", I009, f"activity {kept.data['id']} of the export has no sheet any "
                                                       "more: not imported")
        for key, row in listed.items():
            if key not in used_rows and not normalise(row["name"].text).startswith("exemple"):
                data, report = self.activity(None, row)
                activities[f"activities/{data['id']}.yaml"] = data
                reports.append(report)
        settings = self.settings(listing, fiches)
        if self.carrier:
            settings = self._carried_settings(settings, listing, activities)
        return Imported(settings, activities, reports, self.problems)

    # --- a registry export's own data sheet --------------------------------------------------

    def _data_sheet(self, grids: list[Grid]) -> DataSheet | None:
        for grid in grids:
            if is_data_sheet(grid):
                try:
                    sheet = read_data_sheet(grid)
                except ValueError as error:
                    self.problem(grid.ref(1, 1), I012, f"the export's data sheet cannot be read ({error}): the "
                                                       "fiches are read from their cells alone")
                    return None
                for kept in sheet.activities:
                    self.activity_ids.add(str(kept.data["id"]).lower())
                self.catalogues.seed(sheet.settings)
                return sheet
        return None

    def carried(self, fiche: FicheSheet, row: dict[str, Value] | None,
                kept: Carried) -> tuple[dict[str, Any], FicheReport]:
        """A fiche of an export: its data as exported when its cells are, else its cells with what they
        cannot say (see ``carried``)."""
        identifier = str(kept.data["id"])
        name = text_in(kept.data.get("name"), "fr")
        if self.carrier and self.carrier.unchanged(fiche.grid, kept.prints):
            return tidy(kept.data), FicheReport(fiche.grid.name, identifier, name, mapped=[
                "every fact, from the export's data sheet (the sheet is as exported)"])
        data, report = self.activity(fiche, row, known=kept.data)
        data = merged(data, tidy(kept.data))
        language = "en" if any(is_label(r.label.text, "main_purpose") and normalise(r.label.text) == normalise(
            Messages("en")("cnil.main_purpose")) for r in fiche.sections.get("purposes_section", [])) else "fr"
        names = {str(e["id"]): text_in(e.get("name"), language) for entries in
                 (*self.catalogues.known.values(), self.carrier.settings.get("partners", []) if self.carrier else [])
                 for e in entries if isinstance(e, dict) and "id" in e}
        left, report.removed = read_complements(data, fiche.sections.get("complements_section", []),
                                                Messages(language), names)
        for ref, text in left:
            report.as_text.append(f"'{text}' ({ref})")
            self.problem(ref, I003, f"'{text}' is not understood: kept in the activity's description")
            data["description"] = f"{text_in(data['description'], language)}\n\n{text}"
        changed = [str(r) for r, (a, b) in enumerate(zip(row_prints(fiche.grid), kept.prints), start=1) if a != b]
        where = f"rows {', '.join(changed[:10])}{'…' if len(changed) > 10 else ''}" if changed else "rows added"
        self.problem(fiche.grid.ref(1, 1), I008, f"changed since the export ({where}): read from its cells, "
                                                 "with the ids and facts of the export's data where its items "
                                                 "are unchanged")
        report.mapped.append("the facts the cells do not say, from the export's data sheet, where their items "
                             "are unchanged")
        return data, report

    def _carried_settings(self, cells: dict[str, Any], listing: ListSheet | None,
                          activities: dict[str, dict[str, Any]]) -> dict[str, Any]:
        """registry.yaml as exported; when its sheet changed, as its cells say it (see ``listing``)."""
        assert self.carrier is not None
        settings = copy.deepcopy(self.carrier.settings)
        settings.update(self.catalogues.data())
        if listing is None or self.carrier.unchanged(listing.grid, self.carrier.listing_prints):
            return settings
        self.problem(listing.grid.ref(1, 1), I008, "changed since the export: the organisation, its DPO, its "
                                                   "representative, its details and the table of recipients "
                                                   "are read from its cells")
        before = settings["organisation"]
        after = cells["organisation"]
        settings["organisation"] = {**before, **{k: after[k] for k in ("name", "address", "email", "phone")
                                                 if k in after}}
        person = before.get("legal_representative")
        if not (isinstance(person, dict) and after["legal_representative"] == {"name": person.get("name")}):
            settings["organisation"]["legal_representative"] = after["legal_representative"]
        for key in ("dpo", "eu_representative"):
            if key not in cells:
                settings.pop(key, None)
            elif not (isinstance(settings.get(key), dict) and settings[key].get("name") == cells[key]["name"]):
                settings[key] = cells[key]
            else:
                settings[key] = {**settings[key], **cells[key]}
        left = read_organisation(settings, listing.blocks.get("organisation_section", {}))
        left += read_recipients(settings, listing.recipients, referred(activities.values()), self.catalogues.new_id)
        for ref, text in left:
            self.problem(ref, I003, f"'{text}' is not understood: registry.yaml keeps what the export's data say")
        return settings

    def _remove_forbidden(self, grid: Grid) -> None:
        """Characters the register refuses leave the cell's text, each cell named: the import stays loadable."""
        for (row, column), value in grid.cells.items():
            if isinstance(value, str) and (kept := without_forbidden(value)) != value:
                grid.cells[(row, column)] = kept
                self.problem(grid.ref(row, column), I007, "a control character, direction override or "
                                                            "noncharacter was removed from the text")

    # --- registry.yaml ----------------------------------------------------------------------

    def settings(self, listing: ListSheet | None, fiches: list[FicheSheet]) -> dict[str, Any]:
        blocks = listing.blocks if listing else {}
        controller = blocks.get("controller_block", {})
        actor = self._actor(fiches, "controller")
        name = _text(controller.get("organisation")) or _text(actor.get("actor_name")) or \
            _title_name(listing.title if listing else "") or self.path.stem
        person = " ".join(filter(None, (_text(controller.get("first_name")), _text(controller.get("last_name")))))
        organisation: dict[str, Any] = {"name": name}
        address = _address(controller.get("address"), controller.get("postcode"), controller.get("city"),
                           controller.get("country")) or _address(actor.get("actor_address"),
                                                                  actor.get("actor_postcode"), actor.get("actor_city"),
                                                                  actor.get("actor_country"))
        organisation["address"] = address or TODO
        email = _text(controller.get("email")) or _text(actor.get("actor_email"))
        organisation["email"] = email if _EMAIL.fullmatch(email) else TODO
        if email and not _EMAIL.fullmatch(email):
            self.problem((controller.get("email") or actor["actor_email"]).ref, I003,
                         f"'{email}' is not an email address: the organisation's email is left as todo")
        if phone := _text(controller.get("phone")) or _text(actor.get("actor_phone")):
            organisation["phone"] = phone
        organisation["legal_representative"] = {"name": person} if person else TODO
        settings: dict[str, Any] = {"organisation": organisation}
        dpo = blocks.get("dpo_block", {})
        dpo_actor = self._actor(fiches, "dpo")
        dpo_name = " ".join(filter(None, (_text(dpo.get("first_name")), _text(dpo.get("last_name"))))) or \
            _text(dpo_actor.get("actor_name"))
        if dpo_name and not is_none(dpo_name):
            company = _text(dpo.get("company")) or _text(self._actor(fiches, "dpo_company").get("actor_name"))
            entry: dict[str, Any] = {"kind": "external" if company else "internal", "name": dpo_name}
            if company:
                entry["company"] = company
            email = _text(dpo.get("email")) or _text(dpo_actor.get("actor_email"))
            if _EMAIL.fullmatch(email):
                entry["email"] = email
            if phone := _text(dpo.get("phone")) or _text(dpo_actor.get("actor_phone")):
                entry["phone"] = phone
            if where := _address(dpo.get("address"), dpo.get("postcode"), dpo.get("city"), dpo.get("country")):
                entry["address"] = where
            settings["dpo"] = entry
        representative = blocks.get("representative_block", {})
        if rep_name := " ".join(filter(None, (_text(representative.get("first_name")),
                                              _text(representative.get("last_name"))))):
            rep: dict[str, Any] = {"name": rep_name}
            if is_none(rep_name):
                rep = {}
            if _EMAIL.fullmatch(email := _text(representative.get("email"))):
                rep["email"] = email
            if where := _address(representative.get("address"), representative.get("postcode"),
                                 representative.get("city"), representative.get("country")):
                rep["address"] = where
            if rep:
                settings["eu_representative"] = rep
        settings["register"] = {"kind": "controller", "language": "fr"}
        settings.update(self.catalogues.data())
        return settings

    def _actor(self, fiches: list[FicheSheet], key: str) -> dict[str, Value]:
        """The first fiche's row for an actor (controller, DPO…) of the 'Acteurs' table, by column."""
        for fiche in fiches:
            for row in fiche.sections.get("actors", []):
                if is_label(row.label.text, key) and (row.get("actor_name", 0)):
                    cells = dict(row.cells) or {"actor_name": row.rest[0]}
                    return {k: v for k, v in cells.items() if v}
        return {}

    # --- one activity ------------------------------------------------------------------------

    def activity(self, fiche: FicheSheet | None, row: dict[str, Value] | None,
                 known: dict[str, Any] | None = None) -> tuple[dict[str, Any], FicheReport]:
        """An activity from a fiche's cells (or a row of the list alone); ``known``: the export's data of the
        same fiche, whose id it keeps while its reference is unchanged."""
        field_of = (lambda key: fiche.field(key)) if fiche else (lambda key: None)
        listed = row or {}
        name = field_of("name") or listed.get("name")
        ref = field_of("ref") or listed.get("ref")
        sheet = fiche.grid.name if fiche else (_listing_sheet(listed) or "")
        data: dict[str, Any] = {}
        same = known is not None and ref is not None and ref.text == str(known.get("reference", known["id"]))
        identifier = str(known["id"]) if known and same else self._activity_id(ref.text if ref else "",
                                                                               len(self.activity_ids) + 1)
        data["id"] = identifier
        if ref and ref.text != identifier:
            data["reference"] = ref.text
        report = FicheReport(sheet, identifier, name.text if name else "")
        data["name"] = name.text if name else identifier
        report.mapped.append("name" if name else "name (none: the id is used)")
        purposes = self._purposes(fiche.sections.get("purposes_section", []) if fiche else [], listed, report)
        description = field_of("fiche_description") or listed.get("list_purpose")
        data["description"] = description.text if description else purposes["main"]["label"]
        report.mapped.append("description" if description else "description (from the main purpose)")
        owner = field_of("owner")
        data["owner"] = self.catalogues.entry("departments", owner.text) if owner else TODO
        self._note(report, "owner", owner is not None)
        for key, list_key in (("created", "list_created"), ("updated", "list_updated")):
            value = field_of(key) or listed.get(list_key)
            day = self._date(value) if value else None
            if day:
                data[key] = day
                report.mapped.append(key)
        if "created" in data and "updated" in data and data["updated"] < data["created"]:
            self.problem((field_of("updated") or listed["list_updated"]).ref, I004,
                         "the update is dated before the creation: the update date is dropped")
            del data["updated"]
        if fiche:
            data["joint_controllers"] = [self._joint(r) for r in fiche.sections.get("actors", [])
                                         if is_label(r.label.text, "joint_controllers")
                                         and (joint := r.get("actor_name", 0)) is not None and not is_none(joint.text)]
        data["purposes"] = purposes
        sections = fiche.sections if fiche else {}
        data["data_subjects"] = self._subjects(sections.get("subjects_section", []), report)
        data["data_categories"] = self._data(sections.get("data_section", []), report)
        special = self._special(sections.get("sensitive_section", []), report)
        if special:
            data["special_categories"] = special
        data["recipients"] = self._recipients(sections.get("recipients_section", []), report)
        data["security_measures"] = self._security(sections.get("security_section", []), report)
        transfers, kept = self._transfers(sections.get("transfers_section", []), data["recipients"], report)
        data["transfers"] = transfers
        if kept:
            data["description"] += "\n\n" + "\n".join(kept)
        loose = [*(fiche.loose if fiche else []),
                 *((v.ref, f"{key[len(NOTE):]} : {v.text}") for key, v in listed.items() if key.startswith(NOTE) and v)]
        if loose:
            data["notes"] = "\n".join(f"- {text} ({ref})" for ref, text in loose)
            for cell, text in loose:
                report.as_text.append(f"note '{text}' ({cell})")
                self.problem(cell, I010, f"'{text}' is in no field of the template: kept in the activity's notes")
        return {k: v for k, v in data.items() if v != []}, report

    def _joint(self, row: Row) -> dict[str, Any]:
        """A joint controller of the 'Acteurs' table, with its address, phone and email when given."""
        joint: dict[str, Any] = {"name": (row.get("actor_name", 0) or Value("", "")).text}
        if where := _address(row.get("actor_address"), row.get("actor_postcode"), row.get("actor_city"),
                             row.get("actor_country")):
            joint["address"] = where
        if _EMAIL.fullmatch(email := _text(row.get("actor_email"))):
            joint["email"] = email
        if phone := _text(row.get("actor_phone")):
            joint["phone"] = phone
        return joint

    def _note(self, report: FicheReport, what: str, present: bool) -> None:
        (report.mapped if present else report.missing).append(what)

    def _activity_id(self, ref: str, n: int) -> str:
        base = ref if _ID.fullmatch(ref) and len(ref) <= 40 else (slug(ref)[:40] or f"ACT-{n:03}")
        candidate, k = base, 2
        while candidate.lower() in self.activity_ids:
            candidate, k = f"{base}-{k}", k + 1
        self.activity_ids.add(candidate.lower())
        return candidate

    def _date(self, value: Value) -> date | None:
        raw = value.raw
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        if isinstance(raw, (int, float)) and 20000 < raw < 80000:  # a date cell Excel saw as a serial number
            return date.fromordinal(date(1899, 12, 30).toordinal() + int(raw))
        text = value.text.strip()
        if (words := date_in_words(text)) is not None:
            return words
        for pattern, order in ((r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"), (r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", "dmy"),
                               (r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2})", "dmy")):
            if match := re.fullmatch(pattern, text):
                parts = dict(zip(order, map(int, match.groups())))
                year = parts["y"] + (2000 if parts["y"] < 100 else 0)
                try:
                    day = date(year, parts["m"], parts["d"])
                except ValueError:
                    break
                if order == "dmy" and parts["d"] <= 12 and parts["d"] != parts["m"]:
                    self.problem(value.ref, I011, f"'{text}' reads as {_spelt(day)} (day first, as in France) or "
                                                  f"{_spelt(date(year, parts['d'], parts['m']))} (month first): "
                                                  f"read as {_spelt(day)}")
                return day
        self.problem(value.ref, I004, f"'{text}' is not a date (write DD/MM/YYYY): left out; the date then "
                                        "comes from the file's git history")
        return None

    def _purposes(self, rows: list[Row], listed: dict[str, Value], report: FicheReport) -> dict[str, Any]:
        found: list[tuple[int, Value, Value | None]] = []
        for row in rows:
            n = 0 if is_label(row.label.text, "main_purpose") else numbered(row.label.text, "sub_purpose")
            texts = [v for v in row.rest if v and row.cells.get("legal_basis") != v]
            if n is None or not texts:
                continue
            found.append((n, texts[0], row.cells.get("legal_basis") or None))
        found.sort(key=lambda item: item[0])
        if not found and (purpose := listed.get("list_purpose")):
            found = [(0, purpose, None)]
            report.mapped.append("main purpose (from the list of activities)")
        purposes = [self._purpose(label, basis, report) for _, label, basis in found]
        if not purposes:
            report.missing.append("purposes (the activity's name stands as the main purpose)")
            purposes = [{"label": (listed.get("name") or Value("", "")).text or "todo", "basis": TODO}]
        else:
            report.mapped.append(f"{len(purposes)} purpose(s)")
        return {"main": purposes[0], **({"sub": purposes[1:]} if len(purposes) > 1 else {})}

    def _purpose(self, label: Value, basis: Value | None, report: FicheReport) -> dict[str, Any]:
        purpose: dict[str, Any] = {"label": label.text}
        known = lookup(basis.text, "vocabulary.basis", values(LegalBasis)) if basis else None
        purpose["basis"] = known or TODO
        if basis and not known:
            purpose["label"] += f" (base légale indiquée : {basis.text})"
            report.as_text.append(f"legal basis '{basis.text}' ({basis.ref})")
            self.problem(basis.ref, I003, f"'{basis.text}' is not a legal basis of Art. 6: kept in the purpose's "
                                            "label, basis left as todo")
        elif not known:
            report.missing.append(f"legal basis of '{brief(label.text)}'")
        return purpose

    def _subjects(self, rows: list[Row], report: FicheReport) -> list[dict[str, Any]] | str:
        subjects = []
        for row in rows:
            kind, details = row.get("data_description", 0), row.get("details", 1)
            if not kind and not details:
                continue
            category = lookup(kind.text, "cnil.subject", values(SubjectCategory)) if kind else None
            entry: dict[str, Any] = {"category": category or "other"}
            texts = [v.text for v in (None if category else kind, details) if v]
            if texts:
                entry["details"] = " — ".join(texts)
            if kind and not category:
                report.as_text.append(f"data subjects '{kind.text}' ({kind.ref})")
                self.problem(kind.ref, I003, f"'{kind.text}' is not in the CNIL list of persons: kept as details "
                                               "of 'other'")
            subjects.append(entry)
        self._note(report, f"{len(subjects)} categories of persons" if subjects else "categories of persons",
                   bool(subjects))
        return subjects or TODO

    def _categories(self, rows: list[Row], vocabulary: str, choices: tuple[str, ...],
                    fallback: str | None) -> Iterator[tuple[str | None, Row, Value | None, Value | None]]:
        for row in rows:
            description, retention = row.get("data_description", 0), row.get("retention", 1)
            if description or retention:
                yield lookup(row.label.text, vocabulary, choices) or fallback, row, description, retention

    def _data(self, rows: list[Row], report: FicheReport) -> list[dict[str, Any]] | str:
        entries = []
        for category, row, description, retention in self._categories(rows, "cnil.data_category",
                                                                       values(DataCategory), "other"):
            text = description.text if description else row.label.text
            if category == "other" and not lookup(row.label.text, "cnil.data_category", values(DataCategory)):
                text = f"{row.label.text} : {text}" if description else text
                report.as_text.append(f"data category '{row.label.text}' ({row.label.ref})")
            entry: dict[str, Any] = {"category": category, "description": text}
            entry["retention"] = self._retention(retention, report, text)
            entries.append(entry)
        self._note(report, f"{len(entries)} categories of data" if entries else "categories of data", bool(entries))
        return entries or TODO

    def _special(self, rows: list[Row], report: FicheReport) -> list[dict[str, Any]]:
        entries = []
        for category, row, description, retention in self._categories(rows, "cnil.special_category",
                                                                       values(SpecialCategory), None):
            if category is None:
                continue
            text = description.text if description else row.label.text
            entries.append({"category": category, "description": text, "exception": TODO,
                            "retention": self._retention(retention, report, text)})
            report.missing.append(f"Art. 9(2) exception for '{brief(text)}'")
        if entries:
            report.mapped.append(f"{len(entries)} special categories")
        return entries

    def _retention(self, value: Value | None, report: FicheReport, what: str) -> Any:
        if not value:
            report.missing.append(f"retention of '{brief(what)}'")
            return TODO
        parsed = parse_retention(value.text)
        if parsed is None:
            report.as_text.append(f"retention '{brief(value.text, 60)}' ({value.ref})")
            return {"criterion": value.text}
        return parsed

    def _recipients(self, rows: list[Row], report: FicheReport) -> list[dict[str, Any]]:
        recipients: list[dict[str, Any]] = []
        for row in rows:
            kind, name, more = row.get("recipient_type_column", 0), row.get("details", 1), row.get("more", 2)
            if not kind and not name:
                continue
            label = (name or kind or Value("", "")).text
            known = lookup(kind.text, "cnil.recipient_type", RECIPIENT_TYPES) if kind else None
            if kind and not known:
                report.as_text.append(f"recipient type '{kind.text}' ({kind.ref})")
            ref = self._recipient_entry(known or "other", label, " ".join(v.text for v in (name, more) if v))
            entry: dict[str, Any] = {"ref": ref}
            if more:
                entry["details"] = more.text
            if all(r["ref"] != ref for r in recipients):
                recipients.append(entry)
        if recipients:
            report.mapped.append(f"{len(recipients)} recipients")
        else:
            report.missing.append("recipients")
        return recipients

    def _recipient_entry(self, kind: str, name: str, words: str = "") -> str:
        """The catalogue entry of a recipient. The template's "Destinataires dans des pays tiers ou organisations
        internationales" names two kinds: a body of public international law (Art. 4(26)) only when the sheet's
        words say so, a processor when they say that, any other recipient otherwise; its country comes from
        the fiche's transfer table (``Catalogues.locate``), never assumed."""
        if kind == "third_country":
            plain = normalise(words or name)
            kind = ("international_organisation" if re.search(r"organisations? internationales?|international "
                                                              r"organi[sz]ations?", plain)
                    else "processors" if re.search(r"sous trait|processor|prestataire", plain) else "other")
        if kind == "departments":
            return self.catalogues.entry("departments", name)
        if kind == "processors":
            return self.catalogues.entry("processors", name, service=TODO, country=TODO)
        third = {"partners": "institutional_partner"}.get(kind, kind if kind == "international_organisation" else "other")
        return self.catalogues.entry("recipients", name, kind=third, country=TODO)  # never assumed

    def _security(self, rows: list[Row], report: FicheReport) -> list[dict[str, Any]]:
        measures: list[dict[str, Any]] = []
        for row in rows:
            kind, details = row.get("security_type_column", 0), row.get("details", 1)
            if not kind and not details:
                continue
            category = (lookup(kind.text, "cnil.security", values(SecurityCategory)) if kind else None) or "other"
            ref = self.catalogues.measure(category)
            entry: dict[str, Any] = {"ref": ref}
            mapped = kind is not None and category != "other"
            texts = [v.text for v in (None if mapped else kind, details) if v]
            if texts:
                entry["details"] = " — ".join(texts)
            if kind and not lookup(kind.text, "cnil.security", values(SecurityCategory)):
                report.as_text.append(f"security measure '{kind.text}' ({kind.ref})")
            if all(m["ref"] != ref for m in measures):
                measures.append(entry)
            else:
                previous = next(m for m in measures if m["ref"] == ref)
                previous["details"] = "; ".join(filter(None, (previous.get("details"), entry.get("details"))))
        self._note(report, f"{len(measures)} security measures" if measures else "security measures", bool(measures))
        return measures

    def _transfers(self, rows: list[Row], recipients: list[dict[str, Any]],
                   report: FicheReport) -> tuple[list[dict[str, Any]], list[str]]:
        transfers, kept = [], []
        for row in rows:
            who, where, tool, docs = (row.get("transfer_recipient", 0), row.get("transfer_country", 1),
                                      row.get("transfer_tool", 2), row.get("transfer_documentation", 3))
            if not (who or where or tool):
                continue
            code = country(where.text) if where else None
            known_tool = lookup(tool.text, "cnil.tool", TOOLS) if tool else None
            if not who or not code:
                line = " / ".join(v.text for v in (who, where, tool, docs) if v)
                kept.append(f"Transfert hors UE à compléter : {line}")
                report.as_text.append(f"transfer '{line}' ({row.label.ref}): recipient or country not understood")
                self.problem(row.label.ref, I003, "a transfer without a recipient or a known country: kept in the "
                                                    "description")
                continue
            ref = next((r["ref"] for r in recipients if normalise(self._name_of(r["ref"])) == normalise(who.text)),
                       None) or self._recipient_entry("third_country", who.text)
            if all(r["ref"] != ref for r in recipients):
                recipients.append({"ref": ref})
            entry: dict[str, Any] = {"recipient": ref, "country": code}
            self.catalogues.locate(ref, code)
            if tool and normalise(tool.text) == "privacy shield":
                entry["tool"], entry["adequacy_scope"] = "adequacy", "dpf"
                self.problem(tool.ref, I003, "the Privacy Shield was invalidated in 2020 (Schrems II): read as the "
                                               "Data Privacy Framework; check the recipient is certified")
            else:
                entry["tool"] = known_tool or TODO
                if tool and known_tool == "adequacy" and (scope := scope_named(tool.text)):
                    entry["adequacy_scope"] = scope
                if tool and not known_tool:
                    entry["safeguards"] = tool.text
                    report.as_text.append(f"transfer safeguard '{tool.text}' ({tool.ref})")
                elif not tool:
                    report.missing.append(f"safeguard of the transfer to {who.text}")
            if docs:
                entry["documentation"] = docs.text
            transfers.append(entry)
        if transfers:
            report.mapped.append(f"{len(transfers)} transfers")
        return transfers, kept

    def _name_of(self, ref: str) -> str:
        for table in (self.catalogues.departments, self.catalogues.processors, self.catalogues.recipients):
            for entry in table.values():
                if entry["id"] == ref:
                    return str(entry["name"])
        return ref


MONTHS = {name: n for n, names in enumerate(
    (("janvier", "january", "jan"), ("fevrier", "february", "fev", "feb"), ("mars", "march", "mar"),
     ("avril", "april", "avr", "apr"), ("mai", "may"), ("juin", "june", "jun"),
     ("juillet", "july", "juil", "jul"), ("aout", "august", "aou", "aug"), ("septembre", "september", "sept", "sep"),
     ("octobre", "october", "oct"), ("novembre", "november", "nov"), ("decembre", "december", "dec")), start=1)
    for name in names}
"""Month names in French and English, without accents, with their usual abbreviations."""


def date_in_words(text: str) -> date | None:
    """'le 3 mars 2022', '1er avril 2021', 'March 3, 2022', 'mars 2022' (the first of the month), or None."""
    plain = normalise(text)
    plain = re.sub(r"^(?:le|the|en|in)\s+", "", plain)
    patterns = ((r"(\d{1,2})(?:er|st|nd|rd|th)?\s+([a-z]+)\s+(\d{4})", "dmy"), (r"([a-z]+)\s+(\d{1,2})\s+(\d{4})", "mdy"),
                (r"([a-z]+)\s+(\d{4})", "my"))
    for pattern, order in patterns:
        if match := re.fullmatch(pattern, plain):
            parts = dict(zip(order, match.groups()))
            month = MONTHS.get(parts["m"])
            try:
                return date(int(parts["y"]), month, int(parts.get("d", 1))) if month else None
            except ValueError:
                return None
    return None


def _spelt(day: date) -> str:
    return f"{day.day} {Messages('en').locale.months['format']['wide'][day.month]} {day.year}"


def brief(text: str, length: int = 40) -> str:
    """A text for the report, shortened at a word's end with an ellipsis, never in the middle of a word."""
    if len(text) <= length:
        return text
    cut = text[:length + 1].rsplit(None, 1)[0] if " " in text[:length + 1] else text.split(None, 1)[0]
    return text if cut == text else cut.rstrip(" ,;:") + "…"


def _listing_sheet(row: dict[str, Value]) -> str | None:
    value = next((v for v in row.values() if v), None)
    return value.ref.rsplit("!", 1)[0] if value else None


def _text(value: Value | None) -> str:
    return value.text if value else ""


def _address(street: Value | None, postcode: Value | None, city: Value | None,
             land: Value | None) -> dict[str, str] | None:
    if not (street and postcode and city):
        return None
    address = {"street": street.text, "postcode": postcode.text, "city": city.text}
    code = country(land.text) if land else None
    if code and code != "FR":
        address["country"] = code
    return address


def _title_name(title: str) -> str:
    """'Registre des activités de traitement de ACME' -> 'ACME'."""
    match = re.search(r"(?:traitement de|activities of)\s+(.+)$", title, re.I)
    return match.group(1).strip() if match else ""


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number
