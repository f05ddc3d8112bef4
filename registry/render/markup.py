"""Markdown in free-text fields, rendered safely, with one URL policy for every format.

Raw HTML written in YAML is escaped before Markdown sees it, images are
dropped (no document fetches anything, and an image may point at an internal
address), and only http(s) and mailto links survive: in HTML, in Markdown and
in plain text alike. A refused link keeps its label as text.
"""

from __future__ import annotations

import re
import textwrap
import threading
import xml.etree.ElementTree as etree
from functools import lru_cache

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

SAFE_SCHEMES = ("http://", "https://", "mailto:")


def safe_url(url: str) -> bool:
    return url.strip().lower().startswith(SAFE_SCHEMES)


class _Sanitiser(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "img":
                    parent.remove(child)
                elif child.tag == "a" and not safe_url(child.get("href", "")):
                    child.tag = "span"
                    child.attrib.clear()


class _SafeExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_Sanitiser(md), "registry-sanitiser", 0)


_converters = threading.local()


def _converter() -> markdown.Markdown:
    """One Markdown converter per thread, reset between texts: building one costs more than most
    conversions (a third of the Markdown time of a large register)."""
    if not hasattr(_converters, "markdown"):
        _converters.markdown = markdown.Markdown(extensions=[_SafeExtension()], output_format="html")
    converter: markdown.Markdown = _converters.markdown
    return converter.reset()


@lru_cache(maxsize=4096)
def render(text: str) -> Markup:
    """Markdown to HTML; a single paragraph comes out without its <p>, to sit in a table cell. A text that
    nests lists a thousand deep (Python-Markdown recurses once per level) is shown as written, escaped: a
    register's value never stops a build."""
    try:
        html = _converter().convert(str(escape(text)))
    except RecursionError:
        del _converters.markdown  # left half-way through the text: the next one gets a new converter
        return escape(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


_LINK = re.compile(r"(!?)\[([^\[\]\n]*)\]\(\s*<?([^()\s<>]*)>?(?:\s+[\"'(][^)]*)?\s*\)")
"""An inline link or image: ``[label](url "title")`` or ``![alt](url)``."""
_LINK_JOINT = re.compile(r"\](?=\s*[\[(])")
"""The ``](`` and ``][`` of any other link syntax."""
_DEFINITION = re.compile(r"^( {0,3})\[(?=[^\]]*\]:)", re.M)
"""The start of a reference definition, ``[id]: url``."""


def _escape_brackets(text: str) -> str:
    """Break every link syntax while leaving plain brackets ("[À COMPLÉTER]") readable."""
    return _DEFINITION.sub(r"\1\\[", _LINK_JOINT.sub(r"\\]", text))


_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
"""An ampersand that Markdown would read as the start of an entity ("&lt;"): the only one to escape."""


def _escape_html(text: str) -> str:
    """No tag nor entity survives, and a plain "&" stays "&" ("R&D", "Clients & devis")."""
    return _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")


def markdown_text(text: str) -> str:
    """Inline Markdown for a Markdown file: the links it keeps are safe ones, and nothing else can become a link.

    Raw HTML is escaped (no autolink or tag survives), images and refused
    links are reduced to their text, then what remains of link syntax is
    escaped, so no reference definition or odd form can make a link of its own.
    """
    kept: list[str] = []

    def police(match: re.Match[str]) -> str:
        image, label, url = match.groups()
        if image or not safe_url(url):
            return _escape_brackets(label)
        kept.append("[" + _escape_brackets(label) + "](" + url + ")")
        return f"\x00{len(kept) - 1}\x00"

    policed = _escape_brackets(_LINK.sub(police, _escape_html(text)))
    return re.sub("\x00([0-9]+)\x00", lambda m: kept[int(m.group(1))], policed)


def markdown_cell(text: str) -> str:
    """Inline Markdown for a cell of a Markdown table: as :func:`markdown_text`, on one line, with its bars
    escaped so that they do not end the cell."""
    return markdown_text(" ".join(text.split("\n"))).replace("|", "\\|")


def plain(text: str) -> str:
    """Inline Markdown to plain text: a link shows its address after its label, emphasis marks go."""
    def spell(match: re.Match[str]) -> str:
        image, label, url = match.groups()
        if image or not safe_url(url) or label == url:
            return label
        return f"{label} <{url}>"

    return _LINK.sub(spell, text).replace("**", "").replace("__", "")


@lru_cache(maxsize=8192)
def wrap(text: str, first: str = "", rest: str = "", width: int = 80) -> str:
    """Plain-text paragraphs; memoised, since a register's notices repeat many of their sentences."""
    return textwrap.fill(text, width=width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False)
