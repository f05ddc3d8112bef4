"""Write a :class:`~.book.Book` as an OpenDocument spreadsheet with odfpy (LibreOffice's format, the CNIL's)."""

from __future__ import annotations

import io
from datetime import date

from odf.config import ConfigItem, ConfigItemMapEntry, ConfigItemMapIndexed, ConfigItemMapNamed, ConfigItemSet
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableCellProperties, TableColumnProperties, TextProperties
from odf.table import CoveredTableCell, DatabaseRange, DatabaseRanges, Table, TableCell, TableColumn, TableRow
from odf.text import P

from ..xmltext import xml_text
from .book import Book, Cell, Sheet
from .zipfix import stable_zip

_CELL_STYLES = {
    "title": ({"fontweight": "bold", "fontsize": "14pt"}, {}),
    "section": ({"fontweight": "bold", "color": "#ffffff"}, {"backgroundcolor": "#1f3864"}),
    "header": ({"fontweight": "bold"}, {"backgroundcolor": "#d9e2f3"}),
    "label": ({"fontweight": "bold"}, {"backgroundcolor": "#f2f2f2"}),
    "plain": ({}, {}),
    "wrap": ({}, {}),
}
_CM_PER_CHAR = 0.2


def write_ods(book: Book) -> bytes:
    doc = OpenDocumentSpreadsheet()
    styles = {}
    for name, (text, cell) in _CELL_STYLES.items():
        style = Style(name=f"cell-{name}", family="table-cell")
        style.addElement(TableCellProperties(wrapoption="wrap", verticalalign="top", **cell))
        if text:
            style.addElement(TextProperties(**text))
        doc.automaticstyles.addElement(style)
        styles[name] = style
    date_style = Style(name="cell-date", family="table-cell", datastylename="date-dmy")
    doc.automaticstyles.addElement(date_style)
    doc.automaticstyles.addElement(_date_format())
    ranges = DatabaseRanges()
    for index, sheet in enumerate(book.sheets):
        doc.spreadsheet.addElement(_table(doc, sheet, index, styles, date_style))
        if sheet.filter_row:
            ranges.addElement(DatabaseRange(
                name=f"filter{index}", displayfilterbuttons="true",
                targetrangeaddress=f"'{sheet.name}'.A{sheet.filter_row}:'{sheet.name}'."
                                   f"{_column(sheet.columns)}{max(len(sheet.rows), sheet.filter_row)}"))
    if ranges.childNodes:
        doc.spreadsheet.addElement(ranges)
    _freeze(doc, book)
    buffer = io.BytesIO()
    doc.write(buffer)
    return stable_zip(buffer.getvalue(), book.day)


def _date_format():  # noqa: ANN202 - odfpy elements are untyped
    from odf.number import DateStyle, Day, Month, Text, Year

    style = DateStyle(name="date-dmy")
    for part in (Day(style="long"), Text(text="/"), Month(style="long"), Text(text="/"), Year(style="long")):
        style.addElement(part)
    return style


def _table(doc: OpenDocumentSpreadsheet, sheet: Sheet, index: int, styles: dict, date_style: Style) -> Table:
    table = Table(name=sheet.name)
    for column, width in enumerate(sheet.widths):
        style = Style(name=f"col-{index}-{column}", family="table-column")
        style.addElement(TableColumnProperties(columnwidth=f"{width * _CM_PER_CHAR:.2f}cm"))
        doc.automaticstyles.addElement(style)
        table.addElement(TableColumn(stylename=style))
    for row in sheet.rows:
        element = TableRow()
        for cell in row:
            element.addElement(_cell(cell, styles, date_style))
            for _ in range(cell.span - 1):
                element.addElement(CoveredTableCell())
        table.addElement(element)
    return table


def _cell(cell: Cell, styles: dict, date_style: Style) -> TableCell:
    value = cell.value
    span = {"numbercolumnsspanned": cell.span} if cell.span > 1 else {}
    if value is None or value == "":
        return TableCell(stylename=styles[cell.style], **span)
    if isinstance(value, date):
        element = TableCell(valuetype="date", datevalue=value.isoformat(), stylename=date_style, **span)
        text = value.strftime("%d/%m/%Y")
    elif isinstance(value, (int, float)):
        element = TableCell(valuetype="float", value=str(value), stylename=styles[cell.style], **span)
        text = str(value)
    else:  # a string cell with its text in paragraphs, never a table:formula: nothing in it is evaluated
        element = TableCell(valuetype="string", stylename=styles[cell.style], **span)
        text = xml_text(str(value))
    for line in text.split("\n"):
        element.addElement(P(text=line))
    return element


def _column(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


def _freeze(doc: OpenDocumentSpreadsheet, book: Book) -> None:
    """LibreOffice keeps frozen rows in the view settings, per sheet."""
    tables = ConfigItemMapNamed(name="Tables")
    for sheet in book.sheets:
        if not sheet.frozen_rows:
            continue
        entry = ConfigItemMapEntry(name=sheet.name)
        for name, kind, value in (("VerticalSplitMode", "short", 2), ("VerticalSplitPosition", "int", sheet.frozen_rows),
                                  ("ActiveSplitRange", "short", 2), ("PositionBottom", "int", sheet.frozen_rows),
                                  ("HorizontalSplitMode", "short", 0)):
            entry.addElement(ConfigItem(name=name, type=kind, text=str(value)))
        tables.addElement(entry)
    view = ConfigItemMapEntry()
    view.addElement(ConfigItem(name="ViewId", type="string", text="view1"))
    view.addElement(tables)
    views = ConfigItemMapIndexed(name="Views")
    views.addElement(view)
    settings = ConfigItemSet(name="ooo:view-settings")
    settings.addElement(views)
    doc.settings.addElement(settings)
