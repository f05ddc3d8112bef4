"""The register as the CNIL spreadsheet: the organisation and the list of activities on the first
sheet, one sheet per fiche in the template's sections and order, and a flat table for filtering.

Row labels and the template's drop-down values are the template's own words (``cnil.*`` in the
message catalogues), chosen by the vocabulary value the views carry; every value is the views', as
the register document shows it (the same retention sentences, country names, "Oui (NIR)" and "À
compléter" marks). A few rows the template lacks carry facts an auditor needs and an import reads
back: the description, the department in charge, each purpose's legal basis and a recipient's details.
Every other fact follows the template's sections in a "Compléments" section of the same fiche (see
``cnil.complements``), the organisation's details and its recipients are on the first sheet, and a hidden
sheet carries the register as data for the import (``workbook.carrier``): ids, kinds and translations.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..cnil.complements import rows as complement_rows
from ..cnil.complements import text_in
from ..models.vocabulary import TODO, DataCategory, SpecialCategory, values
from ..views.document import ContactView, PostalView
from ..views.fiche import DataView, SpecialDataView
from ..workbook.book import Book, Cell, Sheet, Value, sheet_names
from ..workbook.carrier import chunks, grid_of, row_prints
from .views import ControllerFiche, ExportView

CNIL_DATA_ROWS: tuple[DataCategory, ...] = ("identity", "personal_life", "economic_financial", "connection",
                                            "location", "nir")
"""The six rows of the template's data table, always shown; other categories follow when used."""
RECIPIENT_TYPES = {"departments": "departments", "processors": "processors", "partners": "partners",
                   "institutional_partner": "partners", "international_organisation": "third_country",
                   "public_authority": "other", "other": "other"}
"""A catalogue (or a recipient's kind) -> the template's "Type de destinataire"."""
FICHE_WIDTHS = [34.0, 40, 40, 14, 16, 12, 16, 26]
FLAT_WIDTHS = [10.0, 30, 22, 40, 22, 30, 40, 40, 36, 30, 36, 12, 12]
CNIL_SECURITY = ("traceability", "software_protection", "backup", "encryption", "access_control", "processor_control",
                 "other")
"""The template's list of security measures: a category it lacks is written as "Autres mesures (à préciser)"."""
CATALOGUES = ("departments", "processors", "partners", "recipients")


@dataclass(frozen=True)
class Exporter:
    view: ExportView
    data: dict[str, Any]
    """The register as data (the JSON export): the facts without a row of the template, and the data sheet."""

    def label(self, key: str, **values: object) -> str:
        return self.view.t(f"cnil.{key}", **values)

    @property
    def mark(self) -> str:
        return self.view.mark

    def day(self, day: date | None) -> Value:
        """A date cell, or the mark where the document shows one."""
        return day if day is not None else self.mark

    # --- workbook -------------------------------------------------------------------

    def book(self, day: date) -> Book:
        fiches = self.view.controller
        names = sheet_names([self.label("list_sheet"), *(self.label("fiche_sheet", ref=c.fiche.reference)
                                                          for c in fiches), self.label("flat_sheet"),
                             self.label("data_sheet")])
        sheets = [self.list_sheet(names[0])]
        sheets += [self.fiche_sheet(name, fiche) for name, fiche in zip(names[1:-2], fiches)]
        sheets.append(self.flat_sheet(names[-2]))
        if self.data:
            sheets.append(self.data_sheet(names[-1], sheets[0], dict(zip((c.fiche.id for c in fiches), sheets[1:]))))
        return Book(self.label("title", org=self.view.organisation.controller.name), sheets, day)

    def data_sheet(self, name: str, listing: Sheet, fiches: dict[str, Sheet]) -> Sheet:
        """The register as data, hidden: a row for registry.yaml and one per activity, each with the sheet that
        shows it and that sheet's row fingerprints, so the import knows which sheets were changed since."""
        sheet = Sheet(name, widths=[12.0, 20, 20, 60], hidden=True)
        sheet.add(self.label("data_note"))
        sheet.add("registry", listing.name, " ".join(row_prints(grid_of(listing))), *chunks(self.data["registry"]))
        for activity in self.data["activities"]:
            shown = fiches.get(activity["id"])
            sheet.add("activity", shown.name if shown else "", " ".join(row_prints(grid_of(shown))) if shown else "",
                      *chunks(activity))
        return sheet

    @property
    def names(self) -> dict[str, str]:
        """Every catalogue entry's name in the document's language, by id."""
        settings = self.data.get("registry", {})
        return {entry["id"]: text_in(entry.get("name"), self.view.t.language)
                for catalogue in CATALOGUES for entry in settings.get(catalogue, [])}

    def list_sheet(self, name: str) -> Sheet:
        organisation = self.view.organisation
        controller = organisation.controller
        shown = self.view.shown
        sheet = Sheet(name, widths=[34.0, 14, 18, 18, 60, 14])
        sheet.add(Cell(self.label("title", org=controller.name), "title", span=6))
        sheet.skip()
        sheet.add(Cell(self.label("controller_block"), "section", span=6))
        first, last = _split_name(controller.representative_name)
        self._block(sheet, [("organisation", controller.name), ("last_name", last or self.mark), ("first_name", first),
                            *self._address_rows(controller.postal), ("email", shown(controller.email)),
                            ("phone", shown(controller.phone))])
        sheet.add(Cell(self.label("representative_block"), "section", span=6))
        self._block(sheet, self._contact_rows(organisation.eu_representative) if organisation.eu_representative
                    else [("last_name", self.label("none"))])
        sheet.add(Cell(self.label("dpo_block"), "section", span=6))
        if dpo := organisation.dpo:
            first, last = _split_name(dpo.name)
            self._block(sheet, [("last_name", last), ("first_name", first), ("company", dpo.external_company or ""),
                                *self._address_rows(dpo.postal), ("phone", shown(dpo.phone)),
                                ("email", shown(dpo.email))])
        else:
            self._block(sheet, [("last_name", self.label("none"))])
        if self.data:
            self._organisation_details(sheet)
            self._recipients_details(sheet)
        sheet.skip()
        sheet.add(Cell(self.label("list_identification"), "section", span=4),
                  Cell(self.label("list_purpose"), "section"), Cell(self.label("list_sensitive"), "section"))
        sheet.add(*(Cell(self.label(key), "header") for key in
                    ("name", "ref", "list_created", "list_updated", "list_purpose", "sensitive_yes_no")))
        sheet.frozen_rows = len(sheet.rows)
        for fiche, part in ((c.fiche, c.part) for c in self.view.controller):
            sheet.add(fiche.name, fiche.reference, self.day(fiche.created_on), self.day(fiche.updated_on),
                      Cell(part.purposes_list, "wrap"), part.sensitive)
        return sheet

    def _organisation_details(self, sheet: Sheet) -> None:
        """What registry.yaml says of the organisation beyond the template's block, as rows of a block of its own."""
        settings = self.data["registry"]
        organisation, publication = settings["organisation"], settings.get("publication", {})
        representative = organisation.get("legal_representative")
        facts: list[tuple[str, Any]] = [
            ("legal_form", organisation.get("legal_form")), ("registration", organisation.get("registration")),
            ("website", organisation.get("website")), ("headcount", organisation.get("headcount")),
            ("public_authority", self.label("yes") if organisation.get("public_authority") else None),
            ("representative_role", representative.get("role") if isinstance(representative, dict) else None),
            *((key, publication.get(key)) for key in ("privacy_policy", "partner_list", "rights_contact"))]
        given = [(key, self._shown_text(value)) for key, value in facts if value is not None]
        if given:
            sheet.add(Cell(self.label("organisation_section"), "section", span=6))
            self._block(sheet, given)

    def _recipients_details(self, sheet: Sheet) -> None:
        """Each processor, partner and other recipient with what the fiches do not repeat: its service or
        activity, country and Art. 28 contract."""
        settings, t = self.data["registry"], self.view.t
        entries = [(catalogue, entry) for catalogue in CATALOGUES[1:] for entry in settings.get(catalogue, [])]
        if not entries:
            return
        sheet.add(Cell(self.label("recipients_details"), "section", span=6))
        sheet.add(*(Cell(self.label(f"recipient_{key}"), "header") for key in
                    ("name", "kind", "service", "country", "contract", "address")))
        for catalogue, entry in entries:
            kind = entry.get("kind", catalogue)
            country = entry.get("country")
            address = entry.get("address")
            sheet.add(self._shown_text(entry["name"]), t.label("recipient_kind", kind),
                      Cell(self._shown_text(entry.get("service", entry.get("activity"))), "wrap"),
                      self.mark if country == TODO else t.country(country) if country else "",
                      self._shown_text(entry.get("contract") or ""),
                      ", ".join(filter(None, (address.get("street"), address.get("postcode"), address.get("city"))))
                      if address else "")
        sheet.skip()

    def _shown_text(self, value: Any) -> str:
        """A value of the data in words, the mark where it (or its text in this language) is ``todo``."""
        text = text_in(value, self.view.t.language)
        return self.mark if text == TODO else text

    def _block(self, sheet: Sheet, rows: list[tuple[str, str]]) -> None:
        for key, value in rows:
            sheet.add(Cell(self.label(key), "label"), Cell(value, span=3))
        sheet.skip()

    def _address_rows(self, postal: PostalView | None) -> list[tuple[str, str]]:
        if postal is None:
            return [("address", self.mark), ("postcode", ""), ("city", "")]
        rows = [("address", postal.street), ("postcode", postal.postcode), ("city", postal.city)]
        return rows + ([("country", postal.country)] if postal.country_code != "FR" else [])

    def _contact_rows(self, contact: ContactView) -> list[tuple[str, str]]:
        return [("last_name", contact.name), *self._address_rows(contact.postal),
                ("phone", self.view.shown(contact.phone)), ("email", self.view.shown(contact.email))]

    # --- one fiche --------------------------------------------------------------------

    def fiche_sheet(self, name: str, controller: ControllerFiche) -> Sheet:
        fiche, part = controller.fiche, controller.part
        shown = self.view.shown
        sheet = Sheet(name, widths=FICHE_WIDTHS)
        self._section(sheet, "description_section")
        for key, value in (("name", fiche.name), ("ref", fiche.reference), ("created", self.day(fiche.created_on)),
                           ("updated", self.day(fiche.updated_on))):
            sheet.add(Cell(self.label(key), "label"), value)
        sheet.add(Cell(self.label("fiche_description"), "label"), Cell(fiche.description, "wrap", span=4))
        sheet.add(Cell(self.label("owner"), "label"), shown(fiche.owner))
        self._actors(sheet, controller)
        self._section(sheet, "purposes_section", "", self.label("legal_basis"))
        for index, purpose in enumerate(part.purposes):
            sheet.add(Cell(self.label("main_purpose") if index == 0 else self.label("sub_purpose", n=index), "label"),
                      Cell(purpose.label, "wrap"), shown(purpose.basis))
        self._section(sheet, "data_section", self.label("data_description"), self.label("retention"))
        for category, description, retention in self._data_rows(part.data):
            sheet.add(Cell(self.label(f"data_category.{category}"), "label"), Cell(description, "wrap"),
                      Cell(retention, "wrap"))
        self._section(sheet, "sensitive_section", self.label("data_description"), self.label("retention"))
        for special in values(SpecialCategory):
            found: list[SpecialDataView | None] = [e for e in part.special if e.key == special]
            for entry in found or [None]:
                sheet.add(Cell(self.label(f"special_category.{special}"), "label"),
                          Cell(entry.description if entry else "", "wrap"),
                          Cell(shown(entry.retention) if entry else "", "wrap"))
        self._section(sheet, "subjects_section", self.label("data_description"), self.label("details"))
        if not part.subjects:
            sheet.add(Cell(self.label("subject_row", n=1), "label"), self.mark)
        for n, subject in enumerate(part.subjects, start=1):
            sheet.add(Cell(self.label("subject_row", n=n), "label"), self.label(f"subject.{subject.key}"),
                      Cell(subject.details or "", "wrap"))
        self._section(sheet, "recipients_section", self.label("recipient_type_column"), self.label("details"),
                      self.label("more"))
        for n, recipient in enumerate(part.recipients, start=1):
            sheet.add(Cell(self.label("recipient_row", n=n), "label"),
                      self.label(f"recipient_type.{RECIPIENT_TYPES[recipient.kind_key]}"), recipient.name,
                      Cell(recipient.details or "", "wrap"))
        self._section(sheet, "security_section", self.label("security_type_column"), self.label("details"))
        for n, measure in enumerate(fiche.security, start=1):
            listed = measure.category in CNIL_SECURITY
            details = measure.details if listed else " — ".join(filter(None, (measure.kind, measure.details)))
            sheet.add(Cell(self.label("security_row", n=n), "label"),
                      self.label(f"security.{measure.category if listed else 'other'}"), Cell(details or "", "wrap"))
        self._section(sheet, "transfers_section", self.label("transfer_recipient"), self.label("transfer_country"),
                      self.label("transfer_tool"), self.label("transfer_documentation"))
        for n, transfer in enumerate(fiche.transfers, start=1):
            tool = transfer.cnil_tool or self.mark
            sheet.add(Cell(self.label("transfer_row", n=n), "label"), transfer.recipient, transfer.country, tool,
                      shown(transfer.documentation))
        self._complements(sheet, fiche.id)
        return sheet

    def _complements(self, sheet: Sheet, activity_id: str) -> None:
        activity = next((a for a in self.data.get("activities", []) if a["id"] == activity_id), None)
        found = list(complement_rows(activity, self.view.t, self.names)) if activity else []
        if found:
            self._section(sheet, "complements_section", self.label("complement_item"), self.label("complement_value"))
            for label, item, value in found:
                sheet.add(Cell(label, "label"), Cell(item, "wrap"), Cell(value, "wrap"))

    def _section(self, sheet: Sheet, key: str, *headers: str) -> None:
        sheet.skip()
        sheet.add(Cell(self.label(key), "section", span=len(FICHE_WIDTHS)))
        if headers:
            sheet.add(Cell("", "header"), *(Cell(h, "header") for h in headers))

    def _actors(self, sheet: Sheet, controller: ControllerFiche) -> None:
        organisation = self.view.organisation
        shown = self.view.shown
        self._section(sheet, "actors", *(self.label(f"actor_{key}") for key in
                                         ("name", "address", "postcode", "city", "country", "phone", "email")))
        own = organisation.controller
        rows: list[tuple[str, str, PostalView | None, str, str]] = [
            ("controller", own.name, own.postal, shown(own.phone), shown(own.email))]
        if dpo := organisation.dpo:
            rows.append(("dpo", dpo.name, dpo.postal, shown(dpo.phone), shown(dpo.email)))
            if dpo.external_company:
                rows.append(("dpo_company", dpo.external_company, None, "", ""))
        rep = organisation.eu_representative
        rows.append(("representative", rep.name, rep.postal, shown(rep.phone), shown(rep.email)) if rep else
                    ("representative", self.label("none"), None, "", ""))
        rows += [("joint_controllers", j.name, j.postal, j.phone or "", j.email or "")
                 for j in controller.part.joint_controllers] or [("joint_controllers", self.label("none"), None, "", "")]
        for key, actor, postal, phone, email in rows:
            place: list[Value] = ([postal.street, postal.postcode, postal.city, postal.country] if postal
                                  else ["", "", "", ""])
            sheet.add(Cell(self.label(key), "label"), actor, *place, phone, email)

    def _data_rows(self, data: list[DataView]) -> Iterator[tuple[str, str, str]]:
        if not data:
            yield "identity", self.mark, ""
        used = [c for c in values(DataCategory) if c not in CNIL_DATA_ROWS and any(e.key == c for e in data)]
        for category in (*CNIL_DATA_ROWS, *used):
            entries = [e for e in data if e.key == category]
            if not entries:
                yield category, "", ""
            for entry in entries:
                yield category, entry.description, self.view.shown(entry.retention)

    # --- the flat table ---------------------------------------------------------------

    FLAT_COLUMNS = ("ref", "activity", "department", "purposes", "subjects", "category", "description", "retention",
                    "recipients", "transfers", "security", "created", "updated")

    def flat_header(self) -> list[str]:
        own = {"ref": self.label("ref"), "created": self.label("list_created"), "updated": self.label("list_updated")}
        return [own.get(key) or self.label(f"flat.{key}") for key in self.FLAT_COLUMNS]

    def flat_rows(self) -> Iterator[list[Value]]:
        """One row per activity and category of data (special ones included), in the document's words."""
        t = self.view.t
        shown = self.view.shown
        semi = t("document.semi")
        for fiche, part in ((c.fiche, c.part) for c in self.view.controller):
            common: dict[str, Value] = {
                "ref": fiche.reference,
                "activity": fiche.name,
                "department": shown(fiche.owner),
                "purposes": semi.join(f"{p.label} ({shown(p.basis)})" for p in part.purposes),
                "subjects": t.join([s.category for s in part.subjects]) if part.subjects else self.mark,
                "recipients": semi.join(r.name for r in part.recipients),
                "transfers": semi.join(f"{x.recipient} ({x.country}, {x.cnil_tool or self.mark})" for x in fiche.transfers),
                "security": semi.join(m.kind for m in fiche.security),
                "created": self.day(fiche.created_on), "updated": self.day(fiche.updated_on),
            }
            categories: list[DataView | SpecialDataView] = [*part.data, *part.special]
            entries = [(e.category, e.description, shown(e.retention)) for e in categories]
            if not part.data:
                entries.insert(0, (self.mark, "", ""))
            for category, description, retention in entries:
                row = {**common, "category": category, "description": description, "retention": retention}
                yield [row[key] for key in self.FLAT_COLUMNS]

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
