"""Any workbook read as grids of cell values, each cell named as its user names it (``Fiche 3!B12``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

CellValue = str | float | int | bool | date


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


def clean(value: Any) -> CellValue | None:
    """A cell's value as the import reads it: text trimmed (None when empty), a midnight datetime a date."""
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
