"""Any workbook read as grids of cell values, each cell named as its user names it (``Fiche 3!B12``)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import RegistryError

CellValue = str | float | int | bool | date

MAX_CELLS = 2_000_000
"""A register spreadsheet holds a few thousand cells; a file claiming millions is refused, not read."""


@dataclass
class Grid:
    """One sheet: its non-empty cells by (row, column), both 1-based."""

    name: str
    cells: dict[tuple[int, int], CellValue]

    def __post_init__(self) -> None:
        self._rows: dict[int, list[int]] = {}
        for r, c in sorted(self.cells):
            self._rows.setdefault(r, []).append(c)

    def value(self, row: int, column: int) -> CellValue | None:
        return self.cells.get((row, column))

    def text(self, row: int, column: int) -> str:
        """The cell as text, trimmed; dates as YYYY-MM-DD; whole numbers without '.0'."""
        value = self.cells.get((row, column))
        if value is None:
            return ""
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def ref(self, row: int, column: int) -> str:
        return f"{self.name}!{column_letters(column)}{row}"

    @property
    def rows(self) -> int:
        return max(self._rows, default=0)

    def row(self, row: int) -> list[tuple[int, str]]:
        """The non-empty cells of a row as (column, text), left to right."""
        return [(c, text) for c in self._rows.get(row, ()) if (text := self.text(row, c))]


def column_letters(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_workbook(path: Path) -> list[Grid]:
    """Every sheet of an .xlsx or .ods file, in order; a located error for anything else."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _xlsx(path)
        if suffix == ".ods":
            return _ods(path)
    except RegistryError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise RegistryError(f"{path}: not a readable {suffix[1:]} workbook ({error})") from None
    except Exception as error:  # the libraries' own errors on damaged files: still the user's file, not our bug
        raise RegistryError(f"{path}: not a readable {suffix[1:]} workbook ({type(error).__name__}: {error})") from None
    raise RegistryError(f"{path}: expected a .ods or .xlsx spreadsheet")


def _clean(value: Any) -> CellValue | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").strip()
        return value or None
    if isinstance(value, (int, float, bool, date)):
        return value
    return str(value)


def _xlsx(path: Path) -> list[Grid]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    grids = []
    count = 0
    for sheet in workbook.worksheets:
        cells: dict[tuple[int, int], CellValue] = {}
        for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            for c, raw in enumerate(row, start=1):
                value = _clean(raw)
                if value is not None:
                    cells[(r, c)] = value
                    count += 1
            if count > MAX_CELLS:
                raise RegistryError(f"{path}: more than {MAX_CELLS} filled cells; this is not a register")
        grids.append(Grid(sheet.title, cells))
    workbook.close()
    return grids


def _ods(path: Path) -> list[Grid]:
    from odf import teletype
    from odf.namespaces import TABLENS
    from odf.opendocument import load
    from odf.table import Table

    document = load(str(path))
    grids = []
    count = 0
    for table in document.spreadsheet.getElementsByType(Table):
        cells: dict[tuple[int, int], CellValue] = {}
        r = 0
        for row in (n for n in table.childNodes if n.qname == (TABLENS, "table-row")
                    or n.qname == (TABLENS, "table-rows") or n.qname == (TABLENS, "table-header-rows")):
            for real in ([row] if row.qname == (TABLENS, "table-row") else
                         [n for n in row.childNodes if n.qname == (TABLENS, "table-row")]):
                repeat = int(real.getAttrNS(TABLENS, "number-rows-repeated") or 1)
                values = _ods_row(real, teletype)
                for _ in range(repeat if values else 1):
                    r += 1
                    for c, value in values:
                        cells[(r, c)] = value
                        count += 1
                if not values:
                    r += repeat - 1
                if count > MAX_CELLS:
                    raise RegistryError(f"{path}: more than {MAX_CELLS} filled cells; this is not a register")
        grids.append(Grid(table.getAttrNS(TABLENS, "name"), cells))
    return grids


def _ods_row(row: Any, teletype: Any) -> list[tuple[int, CellValue]]:
    from odf.namespaces import OFFICENS, TABLENS

    values = []
    c = 0
    for cell in row.childNodes:
        if cell.qname not in ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell")):
            continue
        repeat = int(cell.getAttrNS(TABLENS, "number-columns-repeated") or 1)
        kind = cell.getAttrNS(OFFICENS, "value-type")
        value: CellValue | None
        if kind == "date":
            raw = cell.getAttrNS(OFFICENS, "date-value")
            value = _clean(datetime.fromisoformat(raw)) if "T" in raw else date.fromisoformat(raw)
        elif kind in ("float", "percentage", "currency"):
            number = float(cell.getAttrNS(OFFICENS, "value"))
            value = int(number) if number.is_integer() else number
        elif kind == "boolean":
            value = cell.getAttrNS(OFFICENS, "boolean-value") == "true"
        else:
            value = _clean("\n".join(teletype.extractText(p) for p in cell.childNodes
                                     if p.qname[1] in ("p", "h")))
        if value is not None and repeat > 1000:
            repeat = 1  # a style run to the sheet's edge carries no data past its first cell
        for _ in range(repeat):
            c += 1
            if value is not None:
                values.append((c, value))
    return values
