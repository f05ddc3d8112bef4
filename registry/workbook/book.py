"""A workbook as the exports describe it: sheets of typed cells with a style each."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from ..xmltext import xml_text

Style = Literal["plain", "title", "section", "header", "label", "wrap"]
"""``title``: the sheet's heading; ``section``: a CNIL block title; ``header``: a table's column
names; ``label``: a row's name (left column); ``wrap``: long text."""

Value = str | int | float | date | None


@dataclass(frozen=True)
class Cell:
    value: Value
    style: Style = "plain"
    span: int = 1
    """How many columns the cell covers (a merged title)."""


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    """Column widths in characters."""
    frozen_rows: int = 0
    filter_row: int | None = None
    """1-based row of a table's header that gets filter buttons, down to the last row."""
    hidden: bool = False
    """A sheet for the importer, not for people (the facts the CNIL layout has no row for, as data)."""

    def __post_init__(self) -> None:
        self.name = xml_text(self.name)

    def add(self, *cells: Cell | Value) -> None:
        self.rows.append([c if isinstance(c, Cell) else Cell(c) for c in cells])

    def skip(self) -> None:
        self.rows.append([])

    @property
    def columns(self) -> int:
        return max((sum(c.span for c in row) for row in self.rows), default=0)


@dataclass
class Book:
    title: str
    sheets: list[Sheet]
    day: date
    """The document's date (its metadata), so that the same register gives the same bytes."""

    def __post_init__(self) -> None:
        self.title = xml_text(self.title)


_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")


def sheet_names(names: list[str]) -> list[str]:
    """Names both formats accept: at most 31 characters, none of []:*?/\\ ', each unique."""
    seen: set[str] = set()
    result = []
    for name in names:
        base = _FORBIDDEN.sub("-", name).strip() or "Sheet"
        candidate, n = base[:31], 2
        while candidate.lower() in seen:
            suffix = f" ({n})"
            candidate, n = base[:31 - len(suffix)] + suffix, n + 1
        seen.add(candidate.lower())
        result.append(candidate)
    return result
