"""Markdown in free-text fields, rendered safely, with one URL policy for every format.

Raw HTML written in YAML is escaped before Markdown sees it, images are
dropped (no document fetches anything, and an image may point at an internal
address), and only http(s) and mailto links survive: in HTML, in Markdown and
in plain text alike. A refused link keeps its label as text.
"""

from __future__ import annotations

import html
import re
import textwrap
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


@lru_cache(maxsize=4096)
def render(text: str) -> Markup:
    """Markdown to HTML; a single paragraph comes out without its <p>, to sit in a table cell."""
    html = markdown.markdown(str(escape(text)), extensions=[_SafeExtension()], output_format="html")
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\s*\)")
"""An inline link or image: ``[label](url "title")`` or ``![alt](url)``."""
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:.*$", re.M)
"""A reference definition, ``[id]: url``, which would turn ``[label][id]`` into a link."""


def markdown_text(text: str) -> str:
    """Inline Markdown for a Markdown file: raw HTML escaped, images and refused links reduced to their text."""
    def police(match: re.Match[str]) -> str:
        image, label, url = match.groups()
        return label if image or not safe_url(url) else f"[{label}]({url})"

    escaped = html.escape(text, quote=False)
    return _DEFINITION.sub(lambda m: "\\" + m.group(0).lstrip(), _LINK.sub(police, escaped))


def plain(text: str) -> str:
    """Inline Markdown to plain text: a link shows its address after its label, emphasis marks go."""
    def spell(match: re.Match[str]) -> str:
        image, label, url = match.groups()
        if image or not safe_url(url) or label == url:
            return label
        return f"{label} <{url}>"

    return _LINK.sub(spell, text).replace("**", "").replace("__", "")


def wrap(text: str, first: str = "", rest: str = "", width: int = 80) -> str:
    return textwrap.fill(text, width=width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False)
