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
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
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
    properties.language, properties.comments = LANGUAGE_TAGS[document.language], _property(document.generator)
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
    _a4(word)
    _language(word, LANGUAGE_TAGS[document.language])
    buffer = io.BytesIO()
    word.save(buffer)
    return _reproducible(buffer.getvalue(), stamp)


LANGUAGE_TAGS = {"fr": "fr-FR", "en": "en-GB"}
"""The proofing language of each document language: French of France, and the English of the
EU's institutions rather than python-docx's template's en-US."""


def _a4(word: DocumentObject) -> None:
    """A4 pages, as the PDF and every French office document, where python-docx's template is US Letter."""
    for section in word.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)


def _language(word: DocumentObject, tag: str) -> None:
    """Word proofs the text in the document's language: the defaults, every style and every run say it."""
    styles = word.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    _child(_child(_child(defaults, "w:rPrDefault"), "w:rPr", first=True), "w:lang")
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), tag)
    for run in word.element.body.iter(qn("w:r")):
        _child(_child(run, "w:rPr", first=True), "w:lang").set(qn("w:val"), tag)
    word.settings.element.find(qn("w:themeFontLang")).set(qn("w:val"), tag)
    for part in word.part.package.iter_parts():  # Word 2010's copy of the styles, kept by the template as bytes
        if str(part.partname) == "/word/stylesWithEffects.xml":
            part._blob = re.sub(rb'(<w:lang w:val=")[^"]*"', rb'\g<1>' + tag.encode() + b'"', part.blob)


def _child(parent: Any, tag: str, first: bool = False) -> Any:
    """``parent``'s element ``tag``, added when it has none: first (a run's properties) or last."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.insert(0, found) if first else parent.append(found)
    return found


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
