"""An Excel workbook read as grids, with openpyxl in read-only mode over an archive already checked.

The sheets' declared dimensions are ignored (a ``<dimension ref="A1:XFD1048576">`` would have every
row padded to 16,384 cells); each cell is counted against the limits as it is read.
"""

from __future__ import annotations

from typing import IO

from .grid import CellValue, Grid, clean, column_letters
from .limits import MAX_COLUMNS, MAX_ROWS, Budget, OverLimit


def read_xlsx(archive: IO[bytes], budget: Budget) -> list[Grid]:
    from openpyxl import load_workbook

    workbook = load_workbook(archive, read_only=True, data_only=True)
    grids = []
    for sheet in workbook.worksheets:
        sheet.reset_dimensions()
        cells: dict[tuple[int, int], CellValue] = {}
        for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if r > MAX_ROWS or len(row) > MAX_COLUMNS:
                raise OverLimit(f"{sheet.title}!{column_letters(min(len(row), MAX_COLUMNS + 1) or 1)}{r}",
                                f"a cell beyond row {MAX_ROWS:,} or column {MAX_COLUMNS:,}; this is not a register")
            for c, raw in enumerate(row, start=1):
                value = clean(raw)
                if value is not None:
                    budget.take(f"{sheet.title}!{column_letters(c)}{r}", r, c,
                                len(value) if isinstance(value, str) else 0)
                    cells[(r, c)] = value
        grids.append(Grid(sheet.title, cells))
    workbook.close()
    return grids
