"""Write a :class:`~.book.Book` as an OpenDocument spreadsheet (LibreOffice's format, the CNIL's).

The XML is written as text, a row at a time, rather than built as a tree with odfpy: odfpy checked and
stored every attribute of every element, then walked the tree twice to find the styles used, which made
the ODS export of 1,000 activities two to three times slower than the xlsx one (``benchmarks/bench_cnil.py``).
Every value goes through :func:`~xml.sax.saxutils.escape` (text) or :func:`~xml.sax.saxutils.quoteattr`
(attributes), and text cells are ``office:value-type="string"`` paragraphs, never a ``table:formula``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date
from xml.sax.saxutils import escape, quoteattr

from ..xmltext import xml_text
from .book import Book, Cell, Sheet
from .grid import column_letters
from .zipfix import stable_zip

_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)
_CELL_STYLES = {
    "title": ('fo:font-weight="bold" fo:font-size="14pt"', ""),
    "section": ('fo:font-weight="bold" fo:color="#ffffff"', ' fo:background-color="#1f3864"'),
    "header": ('fo:font-weight="bold"', ' fo:background-color="#d9e2f3"'),
    "label": ('fo:font-weight="bold"', ' fo:background-color="#f2f2f2"'),
    "plain": ("", ""),
    "wrap": ("", ""),
}
_CM_PER_CHAR = 0.2
_MIME = "application/vnd.oasis.opendocument.spreadsheet"


def write_ods(book: Book) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), _MIME, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "".join(_content(book)))
        archive.writestr("styles.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles '
                                       f'{_NAMESPACES} office:version="1.2"/>')
        archive.writestr("meta.xml", _meta(book))
        archive.writestr("settings.xml", _settings(book))
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
    return stable_zip(buffer.getvalue(), book.day)


_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="{_MIME}"/>'
    + "".join(f'<manifest:file-entry manifest:full-path="{name}" manifest:media-type="text/xml"/>'
              for name in ("content.xml", "styles.xml", "meta.xml", "settings.xml"))
    + "</manifest:manifest>"
)


def _meta(book: Book) -> str:
    stamp = f"{book.day.isoformat()}T00:00:00"
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {_NAMESPACES} office:version="1.2">'
            f"<office:meta><meta:generator>registry</meta:generator><dc:title>{escape(book.title)}</dc:title>"
            f"<meta:creation-date>{stamp}</meta:creation-date><dc:date>{stamp}</dc:date></office:meta>"
            "</office:document-meta>")


def _content(book: Book) -> Iterator[str]:
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_NAMESPACES} office:version="1.2">'
    yield "<office:automatic-styles>"
    yield ('<number:date-style style:name="date-dmy"><number:day number:style="long"/><number:text>/</number:text>'
           '<number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/>'
           "</number:date-style>")
    for name, (text, cell) in _CELL_STYLES.items():
        yield (f'<style:style style:name="cell-{name}" style:family="table-cell"><style:table-cell-properties '
               f'fo:wrap-option="wrap" style:vertical-align="top"{cell}/>'
               + (f"<style:text-properties {text}/>" if text else "") + "</style:style>")
    yield ('<style:style style:name="cell-date" style:family="table-cell" style:data-style-name="date-dmy">'
           '<style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"/></style:style>')
    for display in ("true", "false"):
        yield (f'<style:style style:name="table-{display}" style:family="table"><style:table-properties '
               f'table:display="{display}"/></style:style>')
    for index, sheet in enumerate(book.sheets):
        for column, width in enumerate(sheet.widths):
            yield (f'<style:style style:name="col-{index}-{column}" style:family="table-column">'
                   f'<style:table-column-properties style:column-width="{width * _CM_PER_CHAR:.2f}cm"/>'
                   "</style:style>")
    yield "</office:automatic-styles><office:body><office:spreadsheet>"
    for index, sheet in enumerate(book.sheets):
        yield from _table(sheet, index)
    ranges = [(index, sheet) for index, sheet in enumerate(book.sheets) if sheet.filter_row]
    if ranges:
        yield "<table:database-ranges>"
        for index, sheet in ranges:
            name = sheet.name.replace("'", "''")
            target = (f"'{name}'.A{sheet.filter_row}:'{name}'."
                      f"{column_letters(max(sheet.columns, 1))}{max(len(sheet.rows), sheet.filter_row or 1)}")
            yield (f'<table:database-range table:name="filter{index}" table:display-filter-buttons="true" '
                   f"table:target-range-address={quoteattr(target)}/>")
        yield "</table:database-ranges>"
    yield "</office:spreadsheet></office:body></office:document-content>"


def _table(sheet: Sheet, index: int) -> Iterator[str]:
    display = "false" if sheet.hidden else "true"
    yield f'<table:table table:name={quoteattr(sheet.name)} table:style-name="table-{display}">'
    for column in range(len(sheet.widths)):
        yield f'<table:table-column table:style-name="col-{index}-{column}"/>'
    for row in sheet.rows:
        yield "<table:table-row>"
        for cell in row:
            yield _cell(cell)
            if cell.span > 1:
                yield "<table:covered-table-cell/>" * (cell.span - 1)
        yield "</table:table-row>" if row else "<table:table-cell/></table:table-row>"
    yield "</table:table>"


def _cell(cell: Cell) -> str:
    value = cell.value
    span = f' table:number-columns-spanned="{cell.span}"' if cell.span > 1 else ""
    if value is None or value == "":
        return f'<table:table-cell table:style-name="cell-{cell.style}"{span}/>'
    if isinstance(value, date):
        head = (f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}" '
                f'table:style-name="cell-date"{span}>')
        text = value.strftime("%d/%m/%Y")
    elif isinstance(value, (int, float)):
        head = (f'<table:table-cell office:value-type="float" office:value="{value}" '
                f'table:style-name="cell-{cell.style}"{span}>')
        text = str(value)
    else:  # a string cell with its text in paragraphs, never a table:formula: nothing in it is evaluated
        head = f'<table:table-cell office:value-type="string" table:style-name="cell-{cell.style}"{span}>'
        text = xml_text(str(value))
    return head + "".join(f"<text:p>{_paragraph(line)}</text:p>" for line in text.split("\n")) + "</table:table-cell>"


def _paragraph(line: str) -> str:
    """A line as LibreOffice keeps it: runs of spaces beyond the first, and tabs, as elements (XML would fold
    them into one space)."""
    out = escape(line)
    if "  " in out or "\t" in out or out.startswith(" ") or out.endswith(" "):
        parts = []
        for chunk in out.split("\t"):
            parts.append(_spaces(chunk))
        out = "<text:tab/>".join(parts)
    return out


def _spaces(chunk: str) -> str:
    result, run = [], 0
    for index, char in enumerate(chunk):
        if char == " ":
            run += 1
            continue
        if run:
            result.append(_run(run, first=index == run))
            run = 0
        result.append(char)
    if run:
        result.append(_run(run, first=len(chunk) == run, last=True))
    return "".join(result)


def _run(count: int, *, first: bool, last: bool = False) -> str:
    """``count`` spaces: a leading or trailing run all as ``<text:s/>``, an inner one as one space and the rest."""
    if first or last:
        return f'<text:s text:c="{count}"/>'
    return " " + (f'<text:s text:c="{count - 1}"/>' if count > 1 else "")


def _settings(book: Book) -> str:
    """LibreOffice keeps frozen rows in the view settings, per sheet."""
    entries = []
    for sheet in book.sheets:
        if not sheet.frozen_rows:
            continue
        items = "".join(f'<config:config-item config:name="{name}" config:type="{kind}">{value}</config:config-item>'
                        for name, kind, value in (("VerticalSplitMode", "short", 2),
                                                  ("VerticalSplitPosition", "int", sheet.frozen_rows),
                                                  ("ActiveSplitRange", "short", 2),
                                                  ("PositionBottom", "int", sheet.frozen_rows),
                                                  ("HorizontalSplitMode", "short", 0)))
        entries.append(f"<config:config-item-map-entry config:name={quoteattr(sheet.name)}>{items}"
                       "</config:config-item-map-entry>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-settings {_NAMESPACES} office:version="1.2">'
            '<office:settings><config:config-item-set config:name="ooo:view-settings">'
            '<config:config-item-map-indexed config:name="Views"><config:config-item-map-entry>'
            '<config:config-item config:name="ViewId" config:type="string">view1</config:config-item>'
            f'<config:config-item-map-named config:name="Tables">{"".join(entries)}</config:config-item-map-named>'
            "</config:config-item-map-entry></config:config-item-map-indexed></config:config-item-set>"
            "</office:settings></office:document-settings>")
