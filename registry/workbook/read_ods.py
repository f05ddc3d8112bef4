"""An OpenDocument spreadsheet read as grids by a streaming parser of its ``content.xml``.

Repeated rows and columns are counted, never expanded, until they hold a value: a file of a
kilobyte declaring billions of cells costs nothing, and one whose values would pass the limits is
refused at the cell that repeats them (odfpy would build every element first).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date, datetime
from typing import Any

from .grid import CellValue, Grid, clean, column_letters
from .limits import MAX_CELL_TEXT, Budget, OverLimit

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_CELLS = (f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell")
_PARAGRAPHS = (f"{{{TEXT}}}p", f"{{{TEXT}}}h")
EDGE_RUN = 1000
"""A value cell repeated more than this runs to the sheet's edge as a style: it holds data once."""


def read_ods(content: bytes, budget: Budget) -> list[Grid]:
    """The sheets of ``content.xml``, in order."""
    grids: list[Grid] = []
    sheet = _Sheet("", budget)
    tables = 0  # how deep in tables: a table in a cell belongs to its cell, not to the sheet
    open_elements: list[ET.Element] = []
    for event, element in ET.iterparse(io.BytesIO(content), events=("start", "end")):
        tag = element.tag
        if event == "start":
            open_elements.append(element)
            if tag == f"{{{TABLE}}}table":
                tables += 1
                if tables == 1:
                    sheet = _Sheet(element.get(f"{{{TABLE}}}name") or f"Sheet{len(grids) + 1}", budget)
            continue
        open_elements.pop()
        if tag == f"{{{TABLE}}}table-row" and tables == 1:
            sheet.row(element)
        elif tag == f"{{{TABLE}}}table":
            tables -= 1
            if tables == 0:
                grids.append(Grid(sheet.name, sheet.cells))
        else:
            continue
        if open_elements:  # a row read is dropped from the tree: memory stays that of one row
            open_elements[-1].remove(element)
    return grids


class _Sheet:
    def __init__(self, name: str, budget: Budget) -> None:
        self.name = name
        self.budget = budget
        self.cells: dict[tuple[int, int], CellValue] = {}
        self.rows = 0

    def row(self, element: ET.Element) -> None:
        repeat = _count(element, "number-rows-repeated")
        values: list[tuple[int, CellValue, int]] = []
        column = 0
        for cell in element:
            if cell.tag not in _CELLS:
                continue
            columns = _count(cell, "number-columns-repeated")
            value = _value(cell, f"{self.name}!{column_letters(column + 1)}{self.rows + 1}")
            if value is not None:
                copies = 1 if columns > EDGE_RUN else columns
                length = len(value) if isinstance(value, str) else 0
                self.budget.take(self._ref(self.rows + 1, column + 1), self.rows + repeat, column + copies, length,
                                 copies * repeat)
                values += [(column + n, value, length) for n in range(1, copies + 1)]
            column += columns
        if values:
            for r in range(self.rows + 1, self.rows + repeat + 1):
                for c, value, _ in values:
                    self.cells[(r, c)] = value
        self.rows += repeat

    def _ref(self, row: int, column: int) -> str:
        return f"{self.name}!{column_letters(column)}{row}"


def _count(element: ET.Element, attribute: str) -> int:
    raw = element.get(f"{{{TABLE}}}{attribute}")
    return max(int(raw), 1) if raw else 1


def _value(cell: ET.Element, where: str) -> CellValue | None:
    kind = cell.get(f"{{{OFFICE}}}value-type")
    if kind == "date":
        raw = cell.get(f"{{{OFFICE}}}date-value") or ""
        return clean(datetime.fromisoformat(raw)) if "T" in raw else date.fromisoformat(raw)
    if kind in ("float", "percentage", "currency"):
        number = float(cell.get(f"{{{OFFICE}}}value") or "")
        return int(number) if number.is_integer() else number
    if kind == "boolean":
        return cell.get(f"{{{OFFICE}}}boolean-value") == "true"
    text = _Text(where)
    return clean("\n".join(text.of(p) for p in cell if p.tag in _PARAGRAPHS))


class _Text:
    """A paragraph's text as LibreOffice shows it (spaces, tabs, line breaks, spans, links), refused once it
    is longer than a cell holds: ``<text:s text:c="1000000000"/>`` is a billion spaces in eleven bytes."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.length = 0

    def of(self, paragraph: ET.Element) -> str:
        parts: list[str] = []
        self._walk(paragraph, parts)
        return "".join(parts)

    def _walk(self, element: ET.Element, parts: list[str]) -> None:
        self._add(parts, element.text)
        for child in element:
            if child.tag == f"{{{TEXT}}}s":
                spaces = _spaces(child)
                self._fits(spaces)
                self._add(parts, " " * spaces)
            elif child.tag == f"{{{TEXT}}}tab":
                self._add(parts, "\t")
            elif child.tag == f"{{{TEXT}}}line-break":
                self._add(parts, "\n")
            elif child.tag != f"{{{OFFICE}}}annotation":
                self._walk(child, parts)
            self._add(parts, child.tail)

    def _fits(self, more: int) -> None:
        if self.length + more > MAX_CELL_TEXT:
            raise OverLimit(self.where, f"a cell of more than {MAX_CELL_TEXT:,} characters, more than a spreadsheet "
                                        "cell holds; this is not a register")

    def _add(self, parts: list[str], text: str | None) -> None:
        if text:
            self._fits(len(text))
            self.length += len(text)
            parts.append(text)


def _spaces(element: Any) -> int:
    raw = element.get(f"{{{TEXT}}}c")
    return max(int(raw), 1) if raw else 1
