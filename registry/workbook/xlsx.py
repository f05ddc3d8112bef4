"""Write a :class:`~.book.Book` as an Excel workbook with openpyxl."""

from __future__ import annotations

import io
from datetime import date, datetime, time

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .book import Book, Cell, Sheet
from .zipfix import stable_zip

_FILL = {"section": PatternFill("solid", fgColor="1F3864"), "header": PatternFill("solid", fgColor="D9E2F3"),
         "title": None, "label": PatternFill("solid", fgColor="F2F2F2")}
_FONT = {"title": Font(bold=True, size=14), "section": Font(bold=True, color="FFFFFF"),
         "header": Font(bold=True), "label": Font(bold=True)}
_TOP = Alignment(vertical="top", wrap_text=True)


def write_xlsx(book: Book) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in book.sheets:
        _sheet(workbook.create_sheet(sheet.name), sheet)
    stamp = datetime.combine(book.day, time())
    workbook.properties.title = book.title
    workbook.properties.creator = "registry"
    workbook.properties.created = workbook.properties.modified = stamp
    buffer = io.BytesIO()
    workbook.save(buffer)
    return stable_zip(buffer.getvalue(), book.day)


def _sheet(ws: Worksheet, sheet: Sheet) -> None:
    for r, row in enumerate(sheet.rows, start=1):
        c = 1
        for cell in row:
            _cell(ws.cell(row=r, column=c), cell)
            if cell.span > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + cell.span - 1)
            c += cell.span
    for index, width in enumerate(sheet.widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if sheet.frozen_rows:
        ws.freeze_panes = f"A{sheet.frozen_rows + 1}"
    if sheet.filter_row:
        last = get_column_letter(sheet.columns)
        ws.auto_filter.ref = f"A{sheet.filter_row}:{last}{max(len(sheet.rows), sheet.filter_row)}"


def _cell(target: XlCell, cell: Cell) -> None:
    target.value = cell.value
    if isinstance(cell.value, date):
        target.number_format = "DD/MM/YYYY"
    if cell.style in _FONT:
        target.font = _FONT[cell.style]
    if _FILL.get(cell.style):
        target.fill = _FILL[cell.style]
    target.alignment = _TOP
