"""`registry export`: every format read back with its own library and compared with the model."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import jsonschema
import openpyxl
import pytest
import rdflib
from odf.config import ConfigItem
from odf.namespaces import OFFICENS, TABLENS
from odf.opendocument import load as load_ods
from odf.table import DatabaseRange, Table, TableCell

from registry import load
from registry.export import export
from registry.i18n import Messages
from registry.loading.register import Register
from registry.models import Activity
from registry.schema import schema

from .conftest import FIXTURE

DAY = date(2026, 11, 23)
SECTIONS = ["Description du traitement", "Acteurs", "Finalité(s) du traitement effectué",
            "Catégories de données personnelles concernées", "Données sensibles",
            "Catégories de personnes concernées", "Destinataires", "Mesures de sécurité", "Transferts hors UE"]
"""The CNIL fiche's sections, in the template's order."""


@pytest.fixture(scope="module")
def register() -> Register:
    loaded = load(FIXTURE).register
    assert loaded is not None
    return loaded


def _export(register: Register, fmt: str, tmp_path: Path) -> Path:
    path = tmp_path / f"register.{fmt}"
    path.write_bytes(export(register, fmt, Messages("fr"), DAY))
    return path


def _flat_count(register: Register) -> int:
    return sum(len(a.model.data_categories) + len(a.model.special_categories) for a in register.controller_activities)


def test_xlsx_has_the_cnil_layout(register: Register, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_export(register, "xlsx", tmp_path))
    activities = register.controller_activities
    assert book.sheetnames == ["Liste des traitements", *(f"Fiche {a.model.id}" for a in activities),
                               "Données par catégorie", "Données pour registry"]
    assert [s.sheet_state for s in book.worksheets][-2:] == ["visible", "hidden"], "the data sheet is for the import"
    listing = [[c for c in row if c is not None] for row in book["Liste des traitements"].iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(listing) if row[:2] == ["Nom du traitement", "N° / RÉF"])
    rows = listing[header + 1:]
    assert [r[1] for r in rows] == [a.model.id for a in activities]
    assert all(isinstance(r[2], datetime) for r in rows), "creation dates are date cells"
    assert ["Nom :", "Garnier"] in listing and ["Prénom :", "Sophie"] in listing

    fiche = book[f"Fiche {activities[0].model.id}"]
    labels = [row[0] for row in fiche.iter_rows(values_only=True) if row and row[0]]
    assert [s for s in labels if s in SECTIONS] == SECTIONS
    assert labels[labels.index("Finalité(s) du traitement effectué") + 1] == "Finalité principale"
    data_rows = labels[labels.index("Catégories de données personnelles concernées"):]
    assert "Numéro de Sécurité Sociale (ou NIR)" in data_rows, "the six CNIL rows are always there"

    flat = book["Données par catégorie"]
    assert flat.freeze_panes == "A2" and flat.auto_filter.ref.startswith("A1:")
    assert flat.max_row == 1 + _flat_count(register)
    assert flat.column_dimensions["D"].width >= 30
    assert isinstance(flat.cell(2, 12).value, datetime)


def test_ods_reads_back_with_odfpy(register: Register, tmp_path: Path) -> None:
    document = load_ods(str(_export(register, "ods", tmp_path)))
    tables = document.spreadsheet.getElementsByType(Table)
    assert [t.getAttrNS(TABLENS, "name") for t in tables][0] == "Liste des traitements"
    dates = [c.getAttrNS(OFFICENS, "date-value") for c in tables[0].getElementsByType(TableCell)
             if c.getAttrNS(OFFICENS, "value-type") == "date"]
    created = [register.dates_of(a)[0] for a in register.controller_activities]
    assert [date.fromisoformat(d) for d in dates[::2]] == created
    texts = {str(p) for p in tables[1].getElementsByType(TableCell)}
    assert set(SECTIONS) <= texts
    ranges = document.spreadsheet.getElementsByType(DatabaseRange)
    assert [r.getAttrNS(TABLENS, "display-filter-buttons") for r in ranges] == ["true"], "the flat sheet filters"
    assert "'Données par catégorie'.A1" in ranges[0].getAttrNS(TABLENS, "target-range-address")
    frozen = {item.getAttribute("name"): str(item) for item in document.settings.getElementsByType(ConfigItem)}
    assert frozen.get("VerticalSplitMode") == "2", "header rows are frozen"


def test_csv_is_the_flat_table(register: Register, tmp_path: Path) -> None:
    text = _export(register, "csv", tmp_path).read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["N° / RÉF", "Activité", "Service responsable"]
    assert len(rows) == 1 + _flat_count(register)
    first = register.controller_activities[0].model
    assert rows[1][0] == first.id and rows[1][6] == str(first.data_categories[0].description)


def test_json_is_normalised_and_follows_its_schema(register: Register, tmp_path: Path) -> None:
    document = json.loads(_export(register, "json", tmp_path).read_text(encoding="utf-8"))
    jsonschema.validate(document, schema("export"))
    assert document["schema_version"] == 1
    assert [a["id"] for a in document["activities"]] == [a.model.id for a in register.ordered]
    for data, sourced in zip(document["activities"], register.ordered, strict=True):
        again = Activity.model_validate(data)
        assert again.model_copy(update={"created": None, "updated": None}) == \
            sourced.model.model_copy(update={"created": None, "updated": None})
        assert data["updated"] == register.dates_of(sourced)[1].isoformat()


def test_jsonld_is_dpv_rdf(register: Register, tmp_path: Path) -> None:
    path = _export(register, "jsonld", tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict), "the context is inline: reading it fetches nothing"
    graph = rdflib.Graph().parse(path, format="json-ld")
    dpv = rdflib.Namespace("https://w3id.org/dpv#")
    processes = set(graph.subjects(rdflib.RDF.type, dpv.Process))
    assert len(processes) == len(register.controller_activities)
    gdpr = rdflib.Namespace("https://w3id.org/dpv/legal/eu/gdpr#")
    for sourced in register.controller_activities:
        node = next(p for p in processes if str(p).endswith(f"/activity/{sourced.model.id}"))
        bases = {str(o) for o in graph.objects(node, dpv.hasLegalBasis)}
        letters = {"consent": "a", "contract": "b", "legal_obligation": "c", "legitimate_interests": "f"}
        assert bases == {str(gdpr[f"A6-1-{letters[p.basis]}"]) for p in sourced.model.purposes.all()}
        assert graph.value(node, dpv.hasDataController) is not None
        assert len(set(graph.objects(node, dpv.hasDataSubject))) == len({s.category for s in sourced.model.data_subjects})


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv", "json", "jsonld"])
def test_same_register_same_bytes(register: Register, fmt: str) -> None:
    assert export(register, fmt, Messages("fr"), DAY) == export(register, fmt, Messages("fr"), DAY)


def test_english_export_speaks_english(register: Register, tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    path.write_bytes(export(register, "xlsx", Messages("en"), DAY))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "List of processing activities"
    labels = [row[0] for row in book.worksheets[1].iter_rows(values_only=True) if row and row[0]]
    assert "Categories of personal data" in labels and "Main purpose" in labels


def test_cli_export(run, example: Path, tmp_path: Path) -> None:
    result = run("export", example, "--format", "xlsx")
    assert result.exit_code == 2 and "--out" in result.output
    out = tmp_path / "out" / "registre.ods"
    result = run("export", example, "--format", "ods", "--out", out)
    assert result.exit_code == 0 and out.exists()
    result = run("export", example, "--format", "json")
    assert json.loads(result.output)["schema_version"] == 1
    assert run("schema", "export").output.startswith("{")
