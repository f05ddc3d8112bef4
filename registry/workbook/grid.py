"""Any workbook read as grids of cell values, each cell named as its user names it (``Fiche 3!B12``)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import RegistryError

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


def read_workbook(path: Path) -> list[Grid]:
    """Every sheet of an .xlsx or .ods file, in order; a located error for anything else, and
    :class:`~.limits.OverLimit` for a file that asks for more than a register holds (see ``limits``)."""
    from .archive import read_archive, repacked
    from .limits import Budget
    from .read_ods import read_ods
    from .read_xlsx import read_xlsx

    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".ods"):
        raise RegistryError(f"{path}: expected a .ods or .xlsx spreadsheet")
    try:
        contents = read_archive(path)
        if suffix == ".ods":
            return read_ods(contents["content.xml"], Budget())
        return read_xlsx(repacked(contents), Budget())
    except RegistryError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise RegistryError(f"{path}: not a readable {suffix[1:]} workbook ({error})") from None
    except Exception as error:  # the libraries' own errors on damaged files: still the user's file, not our bug
        raise RegistryError(f"{path}: not a readable {suffix[1:]} workbook ({type(error).__name__}: {error})") from None


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
