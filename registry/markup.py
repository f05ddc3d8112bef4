"""Markdown in free-text fields, rendered safely.

Raw HTML written in YAML is escaped before Markdown sees it, images are
dropped (the PDF renderer must fetch nothing), and only http(s) and mailto
links survive.
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


class _Sanitiser(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "img":
                    parent.remove(child)
                elif child.tag == "a" and not child.get("href", "").startswith(SAFE_SCHEMES):
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


_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def markdown_text(text: str) -> str:
    """Inline Markdown for a Markdown file: raw HTML from the YAML is escaped, links stay links."""
    return html.escape(text, quote=False)


def plain(text: str) -> str:
    """Inline Markdown to plain text: a link shows its address after its label, emphasis marks go."""
    text = _LINK.sub(lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)} <{m.group(2)}>", text)
    return text.replace("**", "").replace("__", "")


def wrap(text: str, first: str = "", rest: str = "", width: int = 80) -> str:
    return textwrap.fill(text, width=width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False)
