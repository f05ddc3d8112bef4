"""An Excel workbook read as grids, with openpyxl in read-only mode over an archive already checked.

Only the cells a sheet holds are read: the sheets' declared dimensions are ignored (a
``<dimension ref="A1:XFD1048576">`` would have every row padded to 16,384 cells), and so is the width of
each row (openpyxl pads a row holding one cell in column XFD to 16,384 values, so that a few hundred
kilobytes of such rows took minutes). Each cell is counted against the limits as it is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from .grid import CellValue, Grid, clean, column_letters
from .limits import MAX_COLUMNS, MAX_ROWS, Budget, OverLimit


def read_xlsx(archive: IO[bytes], budget: Budget) -> list[Grid]:
    from openpyxl import load_workbook

    workbook = load_workbook(archive, read_only=True, data_only=True)
    grids = []
    for sheet in workbook.worksheets:
        cells: dict[tuple[int, int], CellValue] = {}
        for r, c, raw in _cells(sheet):
            if r > MAX_ROWS or c > MAX_COLUMNS:
                raise OverLimit(f"{sheet.title}!{column_letters(min(c, MAX_COLUMNS + 1))}{min(r, MAX_ROWS + 1)}",
                                f"a cell beyond row {MAX_ROWS:,} or column {MAX_COLUMNS:,}; this is not a register")
            value = clean(raw)
            if value is not None:
                budget.take(f"{sheet.title}!{column_letters(c)}{r}", r, c, len(value) if isinstance(value, str) else 0)
                cells[(r, c)] = value
        grids.append(Grid(sheet.title, cells))
    workbook.close()
    return grids


def _cells(sheet: Any) -> Iterator[tuple[int, int, Any]]:
    """Row, column and value of each cell the sheet's XML holds, as openpyxl's read-only sheet parses them
    before it pads the rows."""
    from openpyxl.worksheet._reader import WorkSheetParser

    book = sheet.parent
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for r, row in parser.parse():
            for cell in row:
                yield r, cell["column"], cell["value"]
