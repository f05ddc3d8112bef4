"""The register as the CNIL spreadsheet: the organisation and the list of activities on the first
sheet, one sheet per fiche in the template's sections and order, and a flat table for filtering.

Labels are the template's own words (``cnil.*`` in the message catalogues);
values are the register's, formatted as the register document formats them
(the same retention sentences, the same country names). A few rows the
template lacks carry facts an auditor needs and an import reads back: the
description, the department in charge, each purpose's legal basis and a
recipient's details.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ..i18n import Messages
from ..law.retention_wording import retention_sentence
from ..law.transfer_wording import safeguard_wording
from ..loading.register import ControllerActivity, Register
from ..models import Activity
from ..models.activity import Retention, SpecialCategoryEntry, Transfer
from ..models.common import Address, Contact, Text
from ..models.vocabulary import TODO, DataCategory, SpecialCategory, values
from ..workbook.book import Book, Cell, Sheet, Value, sheet_names

CNIL_DATA_ROWS: tuple[DataCategory, ...] = ("identity", "personal_life", "economic_financial", "connection",
                                            "location", "nir")
"""The six rows of the template's data table, always shown; other categories follow when used."""
RECIPIENT_TYPES = {"departments": "departments", "processors": "processors", "partners": "partners",
                   "institutional_partner": "partners", "international_organisation": "third_country",
                   "public_authority": "other", "other": "other"}
"""A catalogue (or a recipient's kind) -> the template's "Type de destinataire"."""
FICHE_WIDTHS = [34.0, 40, 40, 14, 16, 12, 16, 26]
FLAT_WIDTHS = [10.0, 30, 22, 40, 22, 30, 40, 40, 36, 30, 36, 12, 12]


@dataclass(frozen=True)
class Exporter:
    register: Register
    t: Messages

    def label(self, key: str, **values: object) -> str:
        return self.t(f"cnil.{key}", **values)

    def text(self, text: Text | None) -> str:
        return self.t.fact(text.get(self.t.language, self.register.settings.settings.language)) or "" if text else ""

    def todo(self, value: object, text: str) -> str:
        return self.t("document.to_complete") if value == TODO else text

    # --- workbook -------------------------------------------------------------------

    def book(self, day: date) -> Book:
        activities = self.register.controller_activities
        names = sheet_names([self.label("list_sheet"),
                             *(self.label("fiche_sheet", ref=self.t.fact(a.model.reference) or a.model.id)
                               for a in activities), self.label("flat_sheet")])
        sheets = [self.list_sheet(names[0])]
        sheets += [self.fiche_sheet(name, activity) for name, activity in zip(names[1:-1], activities)]
        sheets.append(self.flat_sheet(names[-1]))
        return Book(self.label("title", org=self.t.fact(self.register.settings.organisation.name)), sheets, day)

    def list_sheet(self, name: str) -> Sheet:
        settings = self.register.settings
        org = settings.organisation
        sheet = Sheet(name, widths=[34.0, 14, 18, 18, 60, 14])
        sheet.add(Cell(self.label("title", org=self.t.fact(org.name)), "title", span=6))
        sheet.skip()
        sheet.add(Cell(self.label("controller_block"), "section", span=6))
        first, last = _split_name(None if org.legal_representative == TODO else org.legal_representative.name)
        address = None if org.address == TODO else org.address
        self._block(sheet, [("organisation", org.name), ("last_name", last), ("first_name", first),
                            *self._address_rows(address), ("email", self.todo(org.email, str(org.email))),
                            ("phone", org.phone or "")])
        if settings.eu_representative:
            sheet.add(Cell(self.label("representative_block"), "section", span=6))
            self._block(sheet, self._contact_rows(settings.eu_representative))
        sheet.add(Cell(self.label("dpo_block"), "section", span=6))
        if settings.dpo:
            first, last = _split_name(settings.dpo.name)
            self._block(sheet, [("last_name", last), ("first_name", first), ("company", settings.dpo.company or ""),
                                *self._address_rows(settings.dpo.address), ("phone", settings.dpo.phone or ""),
                                ("email", settings.dpo.email or "")])
        sheet.skip()
        sheet.add(Cell(self.label("list_identification"), "section", span=4),
                  Cell(self.label("list_purpose"), "section"), Cell(self.label("list_sensitive"), "section"))
        sheet.add(*(Cell(self.label(key), "header") for key in
                    ("name", "ref", "list_created", "list_updated", "list_purpose", "sensitive_yes_no")))
        sheet.frozen_rows = len(sheet.rows)
        for activity in self.register.controller_activities:
            model = activity.model
            created, updated = self.register.dates_of(activity)
            sheet.add(self.text(model.name), self.t.fact(model.reference) or model.id, created, updated,
                      Cell(self.t("document.semi").join(self.text(p.label) for p in model.purposes.all()), "wrap"),
                      self.label("yes" if model.has_sensitive_data else "no"))
        return sheet

    def _block(self, sheet: Sheet, rows: list[tuple[str, str]]) -> None:
        for key, value in rows:
            sheet.add(Cell(self.label(key), "label"), Cell(self.t.fact(value), span=3))
        sheet.skip()

    def _address_rows(self, address: Address | None) -> list[tuple[str, str]]:
        if address is None:
            return [("address", ""), ("postcode", ""), ("city", "")]
        rows = [("address", address.street), ("postcode", address.postcode), ("city", address.city)]
        return rows + ([("country", self.t.country(address.country))] if address.country != "FR" else [])

    def _contact_rows(self, contact: Contact) -> list[tuple[str, str]]:
        return [("last_name", contact.name), *self._address_rows(contact.address),
                ("phone", contact.phone or ""), ("email", contact.email or "")]

    # --- one fiche --------------------------------------------------------------------

    def fiche_sheet(self, name: str, activity: ControllerActivity) -> Sheet:
        model = activity.model
        sheet = Sheet(name, widths=FICHE_WIDTHS)
        created, updated = self.register.dates_of(activity)
        owner = self.todo(model.owner, "" if model.owner == TODO else self.t.name_of(self.register, model.owner))
        self._section(sheet, "description_section")
        for key, value in (("name", self.text(model.name)), ("ref", self.t.fact(model.reference) or model.id),
                           ("created", created), ("updated", updated)):
            sheet.add(Cell(self.label(key), "label"), value)
        sheet.add(Cell(self.label("fiche_description"), "label"), Cell(self.text(model.description), "wrap", span=4))
        sheet.add(Cell(self.label("owner"), "label"), owner)
        self._actors(sheet, model)
        self._section(sheet, "purposes_section", "", self.label("legal_basis"))
        for index, purpose in enumerate(model.purposes.all()):
            basis = self.todo(purpose.basis, "" if purpose.basis == TODO else self.t.label("basis", purpose.basis))
            sheet.add(Cell(self.label("main_purpose") if index == 0 else self.label("sub_purpose", n=index), "label"),
                      Cell(self.text(purpose.label), "wrap"), basis)
        self._section(sheet, "data_section", self.label("data_description"), self.label("retention"))
        for category, description, retention in self._data_rows(model):
            sheet.add(Cell(self.label(f"data_category.{category}"), "label"), Cell(description, "wrap"),
                      Cell(retention, "wrap"))
        self._section(sheet, "sensitive_section", self.label("data_description"), self.label("retention"))
        for special in values(SpecialCategory):
            found: list[SpecialCategoryEntry | None] = [e for e in model.special_categories if e.category == special]
            for entry in found or [None]:
                sheet.add(Cell(self.label(f"special_category.{special}"), "label"),
                          Cell(self.text(entry.description) if entry else "", "wrap"),
                          Cell(self._retention(entry.retention) if entry else "", "wrap"))
        self._section(sheet, "subjects_section", self.label("data_description"), self.label("details"))
        if model.subjects_or_todo == TODO:
            sheet.add(Cell(self.label("subject_row", n=1), "label"), self.t("document.to_complete"))
        for n, subject in enumerate(model.data_subjects, start=1):
            sheet.add(Cell(self.label("subject_row", n=n), "label"), self.label(f"subject.{subject.category}"),
                      Cell(self.text(subject.details), "wrap"))
        self._section(sheet, "recipients_section", self.label("recipient_type_column"), self.label("details"),
                      self.label("more"))
        for n, ref in enumerate(model.recipient_ids, start=1):
            details = next((r.details for r in model.recipients if r.ref == ref), None)
            sheet.add(Cell(self.label("recipient_row", n=n), "label"),
                      self.label(f"recipient_type.{RECIPIENT_TYPES[self.register.recipient_kind(ref)]}"),
                      self.t.name_of(self.register, ref), Cell(self.text(details), "wrap"))
        self._section(sheet, "security_section", self.label("security_type_column"), self.label("details"))
        for n, measure in enumerate(model.security_measures, start=1):
            shared = self.register.measure(measure.ref)
            sheet.add(Cell(self.label("security_row", n=n), "label"), self.label(f"security.{shared.category}"),
                      Cell(self.text(measure.details or shared.details), "wrap"))
        self._section(sheet, "transfers_section", self.label("transfer_recipient"), self.label("transfer_country"),
                      self.label("transfer_tool"), self.label("transfer_documentation"))
        for n, transfer in enumerate(model.transfers, start=1):
            sheet.add(Cell(self.label("transfer_row", n=n), "label"),
                      self.t.name_of(self.register, transfer.recipient), self.t.country(transfer.country),
                      self._tool(transfer), self.t.fact(transfer.documentation) or "")
        return sheet

    def _section(self, sheet: Sheet, key: str, *headers: str) -> None:
        sheet.skip()
        sheet.add(Cell(self.label(key), "section", span=len(FICHE_WIDTHS)))
        if headers:
            sheet.add(Cell("", "header"), *(Cell(h, "header") for h in headers))

    def _actors(self, sheet: Sheet, model: Activity) -> None:
        settings = self.register.settings
        org = settings.organisation
        self._section(sheet, "actors", *(self.label(f"actor_{key}") for key in
                                         ("name", "address", "postcode", "city", "country", "phone", "email")))
        address = None if org.address == TODO else org.address
        rows: list[tuple[str, str, Address | None, str, str]] = [
            ("controller", org.name, address, org.phone or "", "" if org.email == TODO else org.email)]
        if settings.dpo:
            dpo = settings.dpo
            rows.append(("dpo", dpo.name, dpo.address, dpo.phone or "", dpo.email or ""))
            if dpo.company:
                rows.append(("dpo_company", dpo.company, None, "", ""))
        if settings.eu_representative:
            rep = settings.eu_representative
            rows.append(("representative", rep.name, rep.address, rep.phone or "", rep.email or ""))
        rows += [("joint_controllers", j.name, j.address, j.phone or "", j.email or "") for j in model.joint_controllers]
        for key, actor, where, phone, email in rows:
            place: list[Value] = ([*map(self.t.fact, (where.street, where.postcode, where.city)),
                                   self.t.country(where.country)] if where else ["", "", "", ""])
            sheet.add(Cell(self.label(key), "label"), self.t.fact(actor), *place, self.t.fact(phone), email)

    def _data_rows(self, model: Activity) -> Iterator[tuple[str, str, str]]:
        if model.categories_or_todo == TODO:
            yield "identity", self.t("document.to_complete"), ""
        used = [c for c in values(DataCategory) if c not in CNIL_DATA_ROWS and
                any(e.category == c for e in model.data_categories)]
        for category in (*CNIL_DATA_ROWS, *used):
            entries = [e for e in model.data_categories if e.category == category]
            if not entries:
                yield category, "", ""
            for entry in entries:
                yield category, self.text(entry.description), self._retention(entry.retention)

    def _retention(self, retention: object) -> str:
        if retention == TODO:
            return self.t("document.to_complete")
        return retention_sentence(retention, self.t) if isinstance(retention, Retention) else ""

    # --- the flat table ---------------------------------------------------------------

    FLAT_COLUMNS = ("ref", "activity", "department", "purposes", "subjects", "category", "description", "retention",
                    "recipients", "transfers", "security", "created", "updated")

    def flat_header(self) -> list[str]:
        own = {"ref": self.label("ref"), "created": self.label("list_created"), "updated": self.label("list_updated")}
        return [own.get(key) or self.label(f"flat.{key}") for key in self.FLAT_COLUMNS]

    def flat_rows(self) -> Iterator[list[Value]]:
        """One row per activity and category of data (special categories included)."""
        semi = self.t("document.semi")
        for activity in self.register.controller_activities:
            model = activity.model
            created, updated = self.register.dates_of(activity)
            common = {
                "ref": self.t.fact(model.reference) or model.id,
                "activity": self.text(model.name),
                "department": self.todo(model.owner, "" if model.owner == TODO
                                        else self.t.name_of(self.register, model.owner)),
                "purposes": semi.join(f"{self.text(p.label)} ({self.todo(p.basis, self._basis(p.basis))})"
                                      for p in model.purposes.all()),
                "subjects": self.todo(model.subjects_or_todo, self.t.join(
                    [self.label(f"subject.{s.category}") for s in model.data_subjects])),
                "recipients": semi.join(self.t.name_of(self.register, r) for r in model.recipient_ids),
                "transfers": semi.join(f"{self.t.name_of(self.register, x.recipient)} "
                                       f"({self.t.country(x.country)}, {self._tool(x)})"
                                       for x in model.transfers),
                "security": semi.join(self.label(f"security.{self.register.measure(m.ref).category}")
                                      for m in model.security_measures),
                "created": created, "updated": updated,
            }
            entries: list[tuple[str, str, str]] = [
                (self.label(f"data_category.{e.category}"), self.text(e.description), self._retention(e.retention))
                for e in model.data_categories]
            entries += [(self.label(f"special_category.{e.category}"), self.text(e.description),
                         self._retention(e.retention)) for e in model.special_categories]
            if model.categories_or_todo == TODO:
                entries.insert(0, (self.t("document.to_complete"), "", ""))
            for category, description, retention in entries:
                row = {**common, "category": category, "description": description, "retention": retention}
                yield [row[key] for key in self.FLAT_COLUMNS]

    def _tool(self, transfer: Transfer) -> str:
        return safeguard_wording(transfer, self.t, "cnil.tool") or self.t("document.to_complete")

    def _basis(self, basis: str) -> str:
        return "" if basis == TODO else self.t.label("basis", basis)

    def flat_sheet(self, name: str) -> Sheet:
        sheet = Sheet(name, widths=FLAT_WIDTHS, frozen_rows=1, filter_row=1)
        sheet.add(*(Cell(h, "header") for h in self.flat_header()))
        for row in self.flat_rows():
            sheet.add(*(Cell(v, "wrap") if isinstance(v, str) and len(v) > 40 else Cell(v) for v in row))
        return sheet


def _split_name(name: str | None) -> tuple[str, str]:
    """(first name, last name) for the template's two cells: the first word, then the rest."""
    if not name:
        return "", ""
    first, _, last = name.partition(" ")
    return (first, last) if last else ("", first)
