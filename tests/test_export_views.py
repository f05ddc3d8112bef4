"""Exports say what the register document says: they read the same views, not the model again."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timezone
from pathlib import Path

import openpyxl
import pytest
import rdflib

from registry import load
from registry.export import export
from registry.i18n import Messages
from registry.loading.register import Register
from registry.loading.version import Version
from registry.models.vocabulary import TODO
from registry.views import BuildInfo, RegisterView, register_view
from registry.views.fiche import FicheView

DAY = date(2026, 11, 23)
MARK = "À compléter"


@pytest.fixture
def register(example: Path) -> Register:
    """ST-01 with its own reference, its department and basis left todo, and a NIR whose retention is todo."""
    path = example / "activities" / "statistiques.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("owner: management", "reference: STAT-2024-A\nowner: todo", 1)
    text = text.replace("    basis: legitimate_interests\n    interest:", "    basis: todo\n    interest:", 1)
    text = text.replace("data_categories:\n", "data_categories:\n  - category: nir\n    description: Numéro de "
                                              "sécurité sociale\n    retention: todo\n", 1)
    path.write_text(text, encoding="utf-8")
    loaded = load(example)
    assert loaded.register is not None, [str(p) for p in loaded.problems]
    return loaded.register


@pytest.fixture
def document(register: Register) -> RegisterView:
    """The register document's own views, as `registry build` makes them."""
    return register_view(register, Messages("fr"), BuildInfo(Version(None, False), datetime(2026, 1, 1, tzinfo=timezone.utc)))


def _fiche(document: RegisterView, activity: str) -> FicheView:
    return next(f for f in document.fiches if f.id == activity)


def _xlsx(register: Register, tmp_path: Path) -> openpyxl.Workbook:
    path = tmp_path / "register.xlsx"
    path.write_bytes(export(register, "xlsx", Messages("fr"), DAY))
    return openpyxl.load_workbook(path)


def _rows(sheet) -> list[list[object]]:  # noqa: ANN001 - an openpyxl sheet
    return [[c for c in row if c not in (None, "")] for row in sheet.iter_rows(values_only=True)]


def test_the_fiche_sheet_shows_the_fiche(register: Register, document: RegisterView, tmp_path: Path) -> None:
    fiche = _fiche(document, "ST-01")
    assert fiche.controller is not None
    book = _xlsx(register, tmp_path)
    assert "Fiche STAT-2024-A" in book.sheetnames, "the sheet is named by the reference the fiche shows"
    rows = _rows(book["Fiche STAT-2024-A"])
    assert ["N° / RÉF", "STAT-2024-A"] in rows
    assert ["Service responsable", MARK] in rows, "the department left todo shows the mark"
    purpose = fiche.controller.purposes[0]
    assert purpose.basis is None
    assert ["Finalité principale", purpose.label, MARK] in rows, "a basis left todo shows the mark"
    nir = next(r for r in rows if r and r[0] == "Numéro de Sécurité Sociale (ou NIR)")
    assert nir == ["Numéro de Sécurité Sociale (ou NIR)", "Numéro de sécurité sociale", MARK]
    kept = next(d for d in fiche.controller.data if d.key == "other")
    assert [r for r in rows if kept.description in r][0][-1] == kept.retention, "the fiche's retention sentence"


def test_the_list_says_what_the_fiche_says(register: Register, document: RegisterView, tmp_path: Path) -> None:
    fiche = _fiche(document, "ST-01")
    assert fiche.controller is not None and fiche.controller.sensitive == "Oui (NIR)"
    listing = _rows(_xlsx(register, tmp_path)["Liste des traitements"])
    row = next(r for r in listing if "STAT-2024-A" in r)
    assert row[0] == fiche.name and row[-1] == "Oui (NIR)" and row[-2] == fiche.controller.purposes_list
    assert ["Adresse :", "14 rue des Artisans"] in listing


def test_the_flat_table_and_csv_mark_what_is_missing_once(register: Register, document: RegisterView) -> None:
    fiche = _fiche(document, "ST-01")
    text = export(register, "csv", Messages("fr"), DAY).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    mine = [dict(zip(header, r)) for r in rows if r[0] == "STAT-2024-A"]
    assert [r["Catégorie de données"] for r in mine] == [d.category for d in fiche.controller.data]
    assert mine[0]["Durée de conservation"] == MARK and mine[1]["Durée de conservation"] == fiche.controller.data[1].retention
    assert {r["Service responsable"] for r in mine} == {MARK}
    assert mine[0]["Finalités (base légale)"] == f"{fiche.controller.purposes[0].label} ({MARK})"
    assert mine[0]["Date de création de la fiche"] == "2024-03-01"


def test_dpv_and_json_take_the_views_words(register: Register, document: RegisterView) -> None:
    graph = rdflib.Graph().parse(data=export(register, "jsonld", Messages("fr"), DAY), format="json-ld")
    dct, dpv = rdflib.Namespace("http://purl.org/dc/terms/"), rdflib.Namespace("https://w3id.org/dpv#")
    assert str(graph.value(predicate=dct.identifier, object=rdflib.Literal("STAT-2024-A")) or "")
    addresses = {str(o) for o in graph.objects(None, dpv.hasAddress)}
    assert addresses == {document.organisation.controller.address}, "one address format, the document's"
    sentences = {str(o) for s in graph.objects(None, dpv.hasStorageCondition) for o in graph.objects(s, dct.description)}
    fiche = _fiche(document, "ST-01")
    assert fiche.controller.data[1].retention in sentences
    data = json.loads(export(register, "json", Messages("fr"), DAY))
    activity = next(a for a in data["activities"] if a["id"] == "ST-01")
    assert activity["owner"] == TODO and activity["created"] == fiche.created_on.isoformat()


def test_an_export_imported_again_keeps_todo_as_todo(register: Register, tmp_path: Path, run) -> None:
    source = tmp_path / "registre.xlsx"
    source.write_bytes(export(register, "xlsx", Messages("fr"), DAY))
    into = tmp_path / "imported"
    assert run("import", "cnil", source, "--into", into).exit_code == 0
    again = load(into).register
    assert again is not None
    activity = next(a.model for a in again.activities if a.model.id == "ST-01")
    assert activity.reference == "STAT-2024-A", "the id and the reference both come back"
    assert activity.owner == TODO and activity.purposes.main.basis == TODO
    assert next(c for c in activity.data_categories if c.category == "nir").retention == TODO
    assert MARK not in (into / "activities" / "ST-01.yaml").read_text(encoding="utf-8")
