"""Write a :class:`~.book.Book` as an Excel workbook with openpyxl."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time
from typing import get_args

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..xmltext import xml_text
from .book import Book, Cell, Sheet, Style
from .zipfix import stable_zip

_FILL = {"section": PatternFill("solid", fgColor="1F3864"), "header": PatternFill("solid", fgColor="D9E2F3"),
         "label": PatternFill("solid", fgColor="F2F2F2")}
_FONT = {"title": Font(bold=True, size=14), "section": Font(bold=True, color="FFFFFF"),
         "header": Font(bold=True), "label": Font(bold=True)}


def _named_styles() -> dict[str, NamedStyle]:
    """One named style per cell style, registered once: far cheaper than styling cell by cell."""
    styles = {}
    for name in get_args(Style):
        for kind in ("text", "date"):
            style = NamedStyle(name=f"registry-{name}-{kind}", alignment=Alignment(vertical="top", wrap_text=True))
            if name in _FONT:
                style.font = _FONT[name]
            if name in _FILL:
                style.fill = _FILL[name]
            if kind == "date":
                style.number_format = "DD/MM/YYYY"
            styles[f"{name}-{kind}"] = style
    return styles


def write_xlsx(book: Book) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for style in _named_styles().values():
        workbook.add_named_style(style)
    for sheet in book.sheets:
        _sheet(workbook.create_sheet(sheet.name), sheet)
    stamp = datetime.combine(book.day, time())
    workbook.properties.title = book.title
    workbook.properties.creator = "registry"
    workbook.properties.created = workbook.properties.modified = stamp
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()  # not workbook.save(), which stamps the modification time with now
    return stable_zip(buffer.getvalue(), book.day)


def _sheet(ws: Worksheet, sheet: Sheet) -> None:
    for r, row in enumerate(sheet.rows, start=1):
        c = 1
        for cell in row:
            _cell(ws.cell(row=r, column=c), cell)
            if cell.span > 1:  # the covered cells are empty: skip openpyxl's per-cell bookkeeping of a merge
                ws.merged_cells.add(CellRange(min_row=r, min_col=c, max_row=r, max_col=c + cell.span - 1))
            c += cell.span
    for index, width in enumerate(sheet.widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if sheet.hidden:
        ws.sheet_state = "hidden"
    if sheet.frozen_rows:
        ws.freeze_panes = f"A{sheet.frozen_rows + 1}"
    if sheet.filter_row:
        last = get_column_letter(sheet.columns)
        ws.auto_filter.ref = f"A{sheet.filter_row}:{last}{max(len(sheet.rows), sheet.filter_row)}"


def _cell(target: XlCell, cell: Cell) -> None:
    """Text is always written as text: openpyxl reads a string starting with "=" as a formula, which a
    spreadsheet would run on opening."""
    if isinstance(cell.value, str):
        target.value = xml_text(cell.value)
        target.data_type = "s"
    else:
        target.value = cell.value
    target.style = f"registry-{cell.style}-{'date' if isinstance(cell.value, date) else 'text'}"
