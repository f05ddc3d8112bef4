"""Markdown in free-text fields, rendered safely.

Raw HTML written in YAML is escaped before Markdown sees it, images are
dropped (the PDF renderer must fetch nothing), and only http(s) and mailto
links survive.
"""

from __future__ import annotations

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
