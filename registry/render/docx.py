"""A notice as a Word document (python-docx), with styles a company template can restyle.

Headings use Word's own heading styles; lists, collection-form boxes and the
date line have styles of their own ("Privacy List", "Privacy Checkbox",
"Privacy Date"), so pasting into a styled quote or contract takes its look.
Links stay links, under the same URL policy as every other format. The file
is byte-identical for the same notice: fixed metadata dates and zip entries.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from ..loading.version import generation_time
from ..notices.model import Notice, NoticeDocument
from ..xmltext import xml_text
from .markup import safe_url

_INLINE = re.compile(r"\[([^\[\]]*)\]\(([^()\s]+)\)|\*\*([^*]+)\*\*")
"""The inline Markdown of a notice's sentences: links and emphasis."""

STYLES = {"Privacy List": "List Bullet", "Privacy Checkbox": "Normal", "Privacy Date": "Normal"}
"""Our paragraph styles and the built-in style each is based on."""


def notice_docx(notice: Notice, document: NoticeDocument) -> bytes:
    word = Document()
    for name, base in STYLES.items():
        style = word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = word.styles[base]
    properties = word.core_properties
    properties.title, properties.author = _property(notice.title), _property(document.organisation)
    properties.language, properties.comments = document.language, _property(document.generator)
    stamp = generation_time().replace(tzinfo=None, microsecond=0)
    properties.created = properties.modified = stamp
    properties.last_printed = stamp
    properties.revision = 1
    word.add_heading(xml_text(notice.title), level=1)
    for line in notice.intro:
        _write(word.add_paragraph(), line)
    for number, section in enumerate(notice.sections, start=1):
        if section.title:
            heading = word.add_heading(level=min(section.level, 3))
            _write(heading, section.title)
            if section.anchor:
                _bookmark(heading, section.anchor, number)
        for line in section.paragraphs:
            _write(word.add_paragraph(), line)
        for item in section.items:
            if section.checkboxes:
                _write(word.add_paragraph(style="Privacy Checkbox"), "☐ " + item)
            else:
                _write(word.add_paragraph(style="Privacy List"), item)
        for line in section.after:
            _write(word.add_paragraph(), line)
    for line in notice.footer:
        _write(word.add_paragraph(style="Privacy Date"), line)
    buffer = io.BytesIO()
    word.save(buffer)
    return _reproducible(buffer.getvalue(), stamp)


PROPERTY_LENGTH = 255
"""Word's limit for a document property (title, author)."""


def _property(text: str) -> str:
    text = xml_text(text)
    return text if len(text) <= PROPERTY_LENGTH else text[:PROPERTY_LENGTH - 1] + "…"


def _write(paragraph: Paragraph, text: str) -> None:
    """A sentence's runs: plain text, bold, and links (refused links keep their label only)."""
    text = xml_text(text)
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            paragraph.add_run(text[position:match.start()])
        label, url, bold = match.groups()
        if bold is not None:
            paragraph.add_run(bold).bold = True
        elif safe_url(url):
            _hyperlink(paragraph, label, url)
        else:
            paragraph.add_run(label)
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:])


def _hyperlink(paragraph: Paragraph, label: str, url: str) -> None:
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(underline)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = label
    text.set(qn("xml:space"), "preserve")
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def _bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """A Word bookmark on a heading (ids unique in the document), so a short notice can point at its activity."""
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name.replace("-", "_"))
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(0, start)
    paragraph._p.append(end)


def _reproducible(content: bytes, stamp: datetime) -> bytes:
    """The same zip entries with one fixed time, so the same notice gives the same bytes."""
    moment = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=moment)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
