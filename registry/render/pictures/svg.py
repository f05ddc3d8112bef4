"""A flow picture as SVG: drawn by the tool itself, no script, every user text escaped, the same bytes for
the same fiche. Inline in the register's HTML and its PDF (WeasyPrint draws SVG), or a file of its own."""

from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

from ...views.flows import FlowView
from ...xmltext import xml_text
from .layout import FONT, Layout, layout

FONTS = '"DejaVu Sans", "Helvetica Neue", Arial, sans-serif'
"""The register's typography (templates/register/style.css)."""

INK, MUTED, TODO, LEAVES, FILL, ACTIVITY = "#1a1a1a", "#555555", "#b3261e", "#b35c00", "#ffffff", "#eef3f8"
BOX_STYLE = {"node": (FILL, MUTED, ""), "activity": (ACTIVITY, INK, ""), "todo": (FILL, TODO, ' stroke-dasharray="4 3"'),
             "leaves": ("#fff6ec", LEAVES, ' stroke-width="2"')}
TEXT_STYLE = {"label": INK, "heading": INK, "note": MUTED, "todo": TODO, "leaves": LEAVES}
ARROW = 7
TALLEST = 900
"""The most a picture may take on a page, in CSS pixels (an A4 page holds about 950): a taller one is
drawn narrower, whole, rather than cut at the page's foot."""
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


def _text(value: str) -> str:
    return escape(xml_text(value), quote=True)


def _n(value: float) -> str:
    """A coordinate, the same text for the same number on every machine."""
    return f"{value:.1f}".removesuffix(".0")


def flow_svg(view: FlowView) -> Markup:
    """The picture of one activity's flows, for a page."""
    return Markup(draw(view, layout(view)))


def draw(view: FlowView, geometry: Layout, y: float | None = None) -> str:
    """The ``<svg>`` element: on a page, as wide as the page allows up to its own width; nested in a
    picture of several activities, at ``y``."""
    ident = _UNSAFE_ID.sub("_", view.anchor)
    title, desc = f"{ident}-flow-title", f"{ident}-flow-desc"
    widest = geometry.width * min(1.0, TALLEST / geometry.height)
    where = f' style="width:100%;max-width:{_n(widest)}px;height:auto"' if y is None else f' y="{_n(y)}"'
    parts = [
        f'<svg class="flow" role="img" aria-labelledby="{title} {desc}"'
        f' width="{_n(geometry.width)}" height="{_n(geometry.height)}"'
        f' viewBox="0 0 {_n(geometry.width)} {_n(geometry.height)}"{where}'
        f' font-family="{_text(FONTS)}" font-size="{FONT}">',
        f'<title id="{title}">{_text(view.title)}</title>',
        f'<desc id="{desc}">{_text(view.description)}</desc>',
    ]
    for edge in geometry.edges:  # each curve ends level, so its head points right; no marker to reference
        bend = (edge.x1 + edge.x2) / 2
        colour = LEAVES if edge.leaves else MUTED
        width = ' stroke-width="2" stroke-dasharray="6 3"' if edge.leaves else ""
        tip = edge.x2 - ARROW
        parts.append(f'<path d="M{_n(edge.x1)},{_n(edge.y1)}C{_n(bend)},{_n(edge.y1)} {_n(bend)},{_n(edge.y2)}'
                     f' {_n(tip)},{_n(edge.y2)}" fill="none" stroke="{colour}"{width}/>')
        parts.append(f'<path d="M{_n(edge.x2)},{_n(edge.y2)}L{_n(tip)},{_n(edge.y2 - ARROW / 2)}'
                     f'L{_n(tip)},{_n(edge.y2 + ARROW / 2)}z" fill="{colour}"/>')
    for box in geometry.boxes:
        fill, stroke, extra = BOX_STYLE[box.kind]
        parts.append(f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.width)}" height="{_n(box.height)}"'
                     f' rx="4" fill="{fill}" stroke="{stroke}"{extra}/>')
    for text in geometry.texts:
        weight = ' font-weight="bold"' if text.bold else ""
        parts.append(f'<text x="{_n(text.x)}" y="{_n(text.y)}" fill="{TEXT_STYLE[text.kind]}"{weight}>'
                     f"{_text(text.text)}</text>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def pictures_svg(views: list[FlowView]) -> str:
    """Several activities' pictures, one under the other, as one SVG file."""
    drawn, y, width = [], 0.0, 0.0
    for view in views:
        geometry = layout(view)
        drawn.append(draw(view, geometry, y=y))
        y += geometry.height + 40
        width = max(width, geometry.width)
    height = max(0.0, y - 40)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}"'
            f' height="{_n(height)}" viewBox="0 0 {_n(width)} {_n(height)}">\n' + "".join(drawn) + "</svg>\n")
