"""Exports that cannot be turned against their reader: no formula runs, no character breaks a file."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from odf.namespaces import TABLENS
from odf.opendocument import load as load_ods
from odf.table import TableCell

from registry import load
from registry.export import export
from registry.export.tables import inert
from registry.i18n import Messages
from registry.loading.register import Register
from registry.notices.model import Notice, Section
from registry.render.docx import notice_docx
from registry.render.notices import NoticeDocument
from registry.workbook.book import Book, Sheet
from registry.workbook.ods import write_ods
from registry.workbook.xlsx import write_xlsx

DAY = date(2026, 11, 23)
FORMULAS = {
    "name: {fr: Gestion des clients, en: Customer management}": '=HYPERLINK("http://evil.example","x")',
    "name: {fr: Service commercial, en: Sales department}": "+1+1",
    '{fr: "Gestion des contrats : devis, commandes, pose, factures et paiements", '
    'en: "Managing contracts: quotes, orders, installation, invoices and payments"}': "-1+1",
    "{fr: Clients particuliers et professionnels, en: Private and business customers}": "@SUM(1,1)",
    "{fr: Personnes ayant demandé un devis, en: People who asked for a quote}": "\t=1+1",
    '{fr: "Identifiant et mot de passe (chiffré) de l\'espace client, dates de connexion", '
    'en: "Login and (hashed) password of the customer account, login dates"}': "\r=1+1",
}
"""A line of the example -> the value a spreadsheet would evaluate, had it been written as a formula."""


@pytest.fixture
def hostile(example: Path) -> Register:
    """The example with formulas in an activity's name, a purpose, persons, a data category and a department."""
    for name in ("activities/gestion-clients.yaml", "registry.yaml"):
        path = example / name
        text = path.read_text(encoding="utf-8")
        for line, formula in FORMULAS.items():
            escaped = formula.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
            text = text.replace(line, line.split("{")[0] + f'"{escaped}"' if line.startswith("name") else f'"{escaped}"')
        path.write_text(text, encoding="utf-8")
    loaded = load(example)
    assert loaded.register is not None, loaded.problems
    return loaded.register


def test_xlsx_writes_formulas_as_text(hostile: Register, tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    path.write_bytes(export(hostile, "xlsx", Messages("fr"), DAY))
    book = openpyxl.load_workbook(path)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells), "no cell is a formula"
    texts = {cell.value for cell in cells}
    assert {'=HYPERLINK("http://evil.example","x")', "+1+1", "-1+1", "@SUM(1,1)"} <= texts
    with zipfile.ZipFile(path) as archive:
        assert not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in archive.namelist())


def test_ods_writes_formulas_as_text(hostile: Register, tmp_path: Path) -> None:
    path = tmp_path / "register.ods"
    path.write_bytes(export(hostile, "ods", Messages("fr"), DAY))
    document = load_ods(str(path))
    cells = document.spreadsheet.getElementsByType(TableCell)
    assert not any(c.getAttrNS(TABLENS, "formula") for c in cells)
    assert '=HYPERLINK("http://evil.example","x")' in {str(c) for c in cells}
    with zipfile.ZipFile(path) as archive:
        assert b"table:formula" not in archive.read("content.xml")


def test_csv_neutralises_every_formula_prefix(hostile: Register) -> None:
    text = export(hostile, "csv", Messages("fr"), DAY).decode("utf-8-sig")
    fields = [field for row in csv.reader(io.StringIO(text)) for field in row]
    assert not [f for f in fields if f.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert "'" + '=HYPERLINK("http://evil.example","x")' in fields and "'+1+1" in fields
    assert any(f.startswith("'-1+1") for f in fields) and "'=1+1" in fields, "the model trims the carriage return"
    assert all(line.startswith('"') for line in text.split("\r\n") if line), "every field is quoted"


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_a_csv_field_never_starts_a_formula(prefix: str) -> None:
    assert inert(prefix + "1+1") == "'" + prefix + "1+1"
    assert inert("1" + prefix) == "1" + prefix


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_libreoffice_evaluates_nothing(hostile: Register, fmt: str, tmp_path: Path) -> None:
    """LibreOffice opens each export and saves its first sheets' values: a formula would show its result."""
    source = tmp_path / f"register.{fmt}"
    source.write_bytes(export(hostile, fmt, Messages("fr"), DAY))
    out = tmp_path / "out"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "xlsx", "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=180)
    book = openpyxl.load_workbook(out / "register.xlsx")
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells and all(cell.data_type != "f" for cell in cells)
    texts = {str(cell.value).lstrip("'") for cell in cells}
    assert '=HYPERLINK("http://evil.example","x")' in texts and "2" not in texts


ILLEGAL = "a\ufffeb\uffffc\x00d\x1be"


def test_the_reader_refuses_noncharacters(example: Path) -> None:
    path = example / "activities" / "gestion-clients.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: {fr: Gestion des clients, en: Customer management}",
                                 'name: "Gestion \\uFFFE des clients"', 1), encoding="utf-8")
    loaded = load(example)
    assert [(p.code, p.line) for p in loaded.problems] == [("V016", 5)]
    assert "\\ufffe" in loaded.problems[0].message


@pytest.mark.parametrize("character", ["\ufffe", "\uffff", "\U0010ffff", "\ufdd0"])
def test_every_noncharacter_is_refused(example: Path, character: str) -> None:
    path = example / "activities" / "gestion-clients.yaml"
    escape = f"\\U{ord(character):08x}" if ord(character) > 0xFFFF else f"\\u{ord(character):04x}"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "name: {fr: Gestion des clients, en: Customer management}", f'name: "x{escape}y"', 1), encoding="utf-8")
    assert [p.code for p in load(example).problems] == ["V016"]


def test_spreadsheet_writers_replace_what_xml_forbids(tmp_path: Path) -> None:
    sheet = Sheet(f"Fiche {ILLEGAL}")
    sheet.add(ILLEGAL)
    book = Book(ILLEGAL, [sheet], DAY)
    (tmp_path / "book.xlsx").write_bytes(write_xlsx(book))
    (tmp_path / "book.ods").write_bytes(write_ods(book))
    workbook = openpyxl.load_workbook(tmp_path / "book.xlsx")
    assert workbook.worksheets[0]["A1"].value == "a\ufffdb\ufffdc\ufffdd\ufffde"
    cells = load_ods(str(tmp_path / "book.ods")).spreadsheet.getElementsByType(TableCell)
    assert str(cells[0]) == "a\ufffdb\ufffdc\ufffdd\ufffde"


def test_word_notice_replaces_what_xml_forbids() -> None:
    notice = Notice("GC-01", ILLEGAL, intro=[ILLEGAL], sections=[Section(ILLEGAL, [f"**{ILLEGAL}**"], [ILLEGAL])],
                    footer=[ILLEGAL])
    content = notice_docx(notice, NoticeDocument(ILLEGAL, "fr", ILLEGAL, "2026-11-23T00:00:00Z"))
    word = docx.Document(io.BytesIO(content))
    texts = [p.text for p in word.paragraphs]
    assert texts and all(re.fullmatch(r"(☐ )?a\ufffdb\ufffdc\ufffdd\ufffde", t) for t in texts)
    assert word.core_properties.title == "a\ufffdb\ufffdc\ufffdd\ufffde"


def test_xlsx_is_dated_by_the_document_not_the_clock(hostile: Register, tmp_path: Path) -> None:
    """openpyxl's save stamps the modification time with now: two exports a second apart differed."""
    path = tmp_path / "register.xlsx"
    path.write_bytes(export(hostile, "xlsx", Messages("fr"), DAY))
    properties = openpyxl.load_workbook(path).properties
    assert properties.created == properties.modified == datetime(2026, 11, 23)
