"""The CNIL workbook (xlsx, ods) and its flat table alone (csv), every text cell written as inert text."""

from __future__ import annotations

import csv
import io
from datetime import date

from ..i18n import Messages
from ..loading.register import Register
from ..workbook.ods import write_ods
from ..workbook.xlsx import write_xlsx
from .cnil_workbook import Exporter
from .data import document
from .views import export_view


def _exporter(register: Register, messages: Messages) -> Exporter:
    view = export_view(register, messages)
    return Exporter(view, document(register, messages, view))


def xlsx(register: Register, messages: Messages, day: date) -> bytes:
    return write_xlsx(_exporter(register, messages).book(day))


def ods(register: Register, messages: Messages, day: date) -> bytes:
    return write_ods(_exporter(register, messages).book(day))


def csv_table(register: Register, messages: Messages, day: date) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads the accents), one row per activity and category of data."""
    exporter = Exporter(export_view(register, messages), {})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow([inert(label) for label in exporter.flat_header()])
    for row in exporter.flat_rows():
        writer.writerow([inert("" if value is None else value.isoformat() if isinstance(value, date) else str(value))
                         for value in row])
    return buffer.getvalue().encode("utf-8-sig")


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a CSV cell as a formula (OWASP, "CSV injection")."""


def inert(text: str) -> str:
    """A CSV field no spreadsheet evaluates: a leading single quote before a formula prefix, as OWASP
    advises; every field is also quoted (``QUOTE_ALL``), so the quote and the text stay one cell."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
