"""Imported spreadsheets are data: no name becomes YAML, no file is written through a link, no bomb is read."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from registry.workbook.read import read_workbook

from .cnil_sheets import fiche
from .fuzzing import time_limit

HOSTILE_SHEET = "Fiche 1\nstatus: retired\nwaivers:\n  - {rule: RT003, reason: x}\n#"
"""A sheet name that, formatted into the activity file's header comment, would write keys of its own."""


def _workbook(path: Path, sheet: str, name: str = "Gestion des clients", ref: str = "CLI-1") -> Path:
    book = Workbook()
    fiche(book.active, name, ref, "15/03/2021", "02/02/2024", purposes=[("Gestion des commandes", "Contrat")],
          data={1: ("Nom, prénom", "3 ans après le dernier achat")})
    book.active._WorkbookChild__title = sheet  # past openpyxl's check: a crafted file holds any name
    book.save(path)
    return path


def test_a_sheet_name_is_a_comment_never_keys(tmp_path: Path, run) -> None:
    into = tmp_path / "imported"
    result = run("import", "cnil", _workbook(tmp_path / "registre.xlsx", HOSTILE_SHEET), "--into", into)
    assert result.exit_code == 0, result.output
    text = (into / "activities" / "CLI-1.yaml").read_text(encoding="utf-8")
    activity = yaml.safe_load(text)
    assert "status" not in activity and "waivers" not in activity
    assert text.splitlines()[0] == ('# Imported from "registre.xlsx", sheet '
                                    '"Fiche 1\\nstatus: retired\\nwaivers:\\n  - {rule: RT003, reason: x}\\n#".')
    report = (into / "import-report.md").read_text(encoding="utf-8")
    assert 'Sheet: "Fiche 1\\nstatus: retired\\nwaivers:' in report
    assert "\nstatus: retired" not in report and "\nwaivers:" not in report


def test_names_and_values_are_scalars(tmp_path: Path, run) -> None:
    """Line breaks and YAML syntax in a fiche's name and reference stay inside their values."""
    into = tmp_path / "imported"
    name = "Clients\nstatus: retired\n---\n- x"
    source = _workbook(tmp_path / "registre.xlsx", "Fiche 1", name=name, ref="CLI-1\nstatus: retired")
    result = run("import", "cnil", source, "--into", into)
    assert result.exit_code == 0, result.output
    [path] = (into / "activities").iterdir()
    assert "\n" not in path.name and path.name.endswith(".yaml")
    activity = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert activity["name"] == name and activity["reference"] == "CLI-1\nstatus: retired"
    assert "status" not in activity
    assert "Clients\\nstatus: retired" in result.output, "the report shows the name escaped"


@pytest.mark.parametrize("link", ["activities", "", "registry.yaml"])
def test_import_refuses_to_write_through_a_link(link: str, tmp_path: Path, run) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    into = tmp_path / "imported"
    if link:
        into.mkdir()
        (into / link).symlink_to(elsewhere / link if link.endswith(".yaml") else elsewhere)
    else:
        into.symlink_to(elsewhere)
    source = _workbook(tmp_path / "registre.xlsx", "Fiche 1")
    result = run("import", "cnil", source, "--into", into, "--force")
    assert result.exit_code == 1
    assert "is a link" in result.output and "nothing was written" in result.output
    assert list(elsewhere.iterdir()) == []


# --- bombs: each a few kilobytes, each refused at once with where it is ----------------------------------------

ODS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
            '<office:body><office:spreadsheet><table:table table:name="Fiche 3">')
ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"


def _ods(path: Path, rows: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", ODS_HEAD + rows + ODS_TAIL)
    return path


def _cell(text: str, columns: int = 1) -> str:
    return (f'<table:table-cell table:number-columns-repeated="{columns}" office:value-type="string">'
            f"<text:p>{text}</text:p></table:table-cell>")


def _row(cells: str, repeat: int = 1) -> str:
    return f'<table:table-row table:number-rows-repeated="{repeat}">{cells}</table:table-row>'


def _refused(run, source: Path, tmp_path: Path, where: str, size: int = 200_000) -> str:
    assert source.stat().st_size < size, "the bomb itself stays small"
    with time_limit(60):
        result = run("import", "cnil", source, "--into", tmp_path / "imported")
    assert result.exit_code == 1, result.output
    assert f"error: I006 {where}" in result.output, result.output
    assert "Traceback" not in result.output and not (tmp_path / "imported").exists()
    return result.output


@pytest.mark.parametrize(("rows", "where"), [
    pytest.param(_row(_cell("Nom du traitement", 2_000_000_000), 2_000_000_000), "Fiche 3!A1:", id="billions"),
    pytest.param(_row(_cell("x" * 100), 10_000_000), "Fiche 3!A1:", id="ten-million-rows"),
    pytest.param(_row(_cell("a", 500), 5_000), "Fiche 3!A1:", id="too-many-cells"),
    pytest.param(_row("<table:table-cell/>", 2_000_000_000) + _row(_cell("late")), "Fiche 3!A2000000001:",
                 id="row-past-the-edge"),
    pytest.param(_row('<table:table-cell table:number-columns-repeated="2000000000"/>' + _cell("far")), "Fiche 3!",
                 id="column-past-the-edge"),
    pytest.param(_row(_cell('<text:s text:c="1000000000"/>')), "Fiche 3!A1:", id="billion-spaces"),
    pytest.param(_row(_cell("x" * 40_000)), "Fiche 3!A1:", id="long-cell"),
])
def test_an_ods_that_would_expand_is_refused_at_its_cell(rows: str, where: str, tmp_path: Path, run) -> None:
    _refused(run, _ods(tmp_path / "bomb.ods", rows), tmp_path, where)


def test_an_ods_with_long_empty_runs_still_imports(tmp_path: Path, run) -> None:
    """LibreOffice writes the rest of a sheet as one empty row repeated a million times, cells to the edge."""
    rows = (_row(_cell("Nom du traitement") + _cell("Gestion des clients"))
            + _row('<table:table-cell table:number-columns-repeated="16382"/>', 1_048_570))
    with time_limit(60):
        result = run("import", "cnil", _ods(tmp_path / "ok.ods", rows), "--into", tmp_path / "imported")
    assert "I006" not in result.output


def _xlsx(path: Path, sheet_xml: bytes | None = None, shared: bytes | None = None) -> Path:
    """A real workbook whose first sheet (or shared strings) is replaced by a crafted part."""
    book = Workbook()
    book.active.title = "Fiche 3"
    book.active["A1"] = "Nom du traitement"
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml" and sheet_xml is not None:
                content = sheet_xml
            target.writestr(info.filename, content)
        if shared is not None:
            target.writestr("xl/sharedStrings.xml", shared)
    return path


SHEET = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         b'<dimension ref="A1:XFD1048576"/><sheetData>%s</sheetData></worksheet>')


@pytest.mark.parametrize(("cells", "where"), [
    (b'<row r="1000000000"><c r="A1000000000" t="inlineStr"><is><t>late</t></is></c></row>', "Fiche 3!A1048577:"),
    (b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"x" * 40_000 + b"</t></is></c></row>", "Fiche 3!A1:"),
])
def test_an_xlsx_that_would_expand_is_refused_at_its_cell(cells: bytes, where: str, tmp_path: Path, run) -> None:
    _refused(run, _xlsx(tmp_path / "bomb.xlsx", SHEET % cells), tmp_path, where)


def test_a_declared_dimension_costs_nothing(tmp_path: Path, run) -> None:
    """A sheet declaring 16,384 columns would have each of its 50,000 rows padded to them (800 million cells)."""
    cells = b"".join(b'<row r="%d"><c r="A%d" t="n"><v>%d</v></c></row>' % (n, n, n) for n in range(1, 50_001))
    with time_limit(30):  # a few seconds read as it is; a minute padded
        result = run("import", "cnil", _xlsx(tmp_path / "wide.xlsx", SHEET % cells), "--into", tmp_path / "imported")
    assert "I006" not in result.output and "I005" in result.output


def test_rows_reaching_the_last_column_cost_only_their_cells(tmp_path: Path, run) -> None:
    """Each of 100,000 rows holding one empty cell in column XFD: openpyxl padded every row to 16,384
    values (1.6 billion, some twenty minutes) from a file of half a megabyte; only the cells held are read."""
    cells = b'<row r="1"><c r="A1" t="inlineStr"><is><t>Nom du traitement</t></is></c></row>' + b"".join(
        b'<row r="%d"><c r="XFD%d"/></row>' % (n, n) for n in range(2, 100_002))
    with time_limit(30):
        result = run("import", "cnil", _xlsx(tmp_path / "wide.xlsx", SHEET % cells), "--into", tmp_path / "imported")
    assert "I006" not in result.output and "I005" in result.output, result.output


def test_a_zip_bomb_is_refused_before_it_is_read(tmp_path: Path, run) -> None:
    """A 100 MB cell: the shared strings compress a thousand times."""
    shared = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
              b"<si><t>" + b"A" * 100_000_000 + b"</t></si></sst>")
    output = _refused(run, _xlsx(tmp_path / "bomb.xlsx", shared=shared), tmp_path, "bomb.xlsx/xl/sharedStrings.xml:")
    assert "unpacks to" in output


def test_a_ratio_bomb_is_refused(tmp_path: Path, run) -> None:
    output = _refused(run, _ods(tmp_path / "bomb.ods", _row(_cell("x")) + "<!--" + " " * 20_000_000 + "-->"),
                      tmp_path, "bomb.ods/content.xml:")
    assert "zip bomb" in output


def test_an_archive_of_many_entries_is_refused(tmp_path: Path, run) -> None:
    source = _ods(tmp_path / "many.ods", _row(_cell("x")))
    with zipfile.ZipFile(source, "a") as archive:
        for n in range(10_001):
            archive.writestr(f"{n}", b"")
    output = _refused(run, source, tmp_path, "many.ods:", size=1_000_000)
    assert "entries" in output


def test_a_character_the_register_refuses_is_removed_at_its_cell(tmp_path: Path, run) -> None:
    into = tmp_path / "imported"
    source = _workbook(tmp_path / "registre.xlsx", "Fiche 1", name="Gestion\u202e des clients\u0085\ufdd0")
    result = run("import", "cnil", source, "--into", into)
    assert result.exit_code == 0, result.output
    assert "warning: I007 Fiche 1!B4:" in result.output
    activity = yaml.safe_load((into / "activities" / "CLI-1.yaml").read_text(encoding="utf-8"))
    assert activity["name"] == "Gestion des clients"


def test_a_table_in_a_cell_does_not_end_its_sheet(tmp_path: Path) -> None:
    inner = ('<table:table-cell><table:table table:name="inner">' + _row(_cell("dans la cellule"))
             + "</table:table></table:table-cell>")
    source = _ods(tmp_path / "nested.ods", _row(inner) + _row(_cell("Nom du traitement") + _cell("Paie")))
    [grid] = read_workbook(source)
    assert grid.name == "Fiche 3" and grid.cells == {(2, 1): "Nom du traitement", (2, 2): "Paie"}
