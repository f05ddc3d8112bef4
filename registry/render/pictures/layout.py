"""Where each box, line of text and arrow of a flow picture goes: three columns, left to right.

A layered graph of depth two needs no layout library: the sources stack on the left, the activity sits
in the middle, the recipients stack on the right by group, and every edge joins two facing sides. Text
is wrapped with DejaVu Sans's advance widths rounded up, so a line is never wider than its box
whichever of the register's fonts draws it; the geometry is data, so the tests check it directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ...views.flows import FlowNode, FlowView

WIDTH = 720
COLUMN = 200
LEFT, MIDDLE, RIGHT = 0, 260, 520
FONT = 11
LINE = 14
PAD = 6
GAP = 8
HEADING = 20

_NARROW = frozenset("iljtf.,;:'!|()[] ")
_WIDE = frozenset("mwMW@%")


@lru_cache(maxsize=65536)
def text_width(text: str, size: float = FONT, bold: bool = False) -> float:
    """An upper bound of the text's width in DejaVu Sans (bold is about 10 % wider)."""
    ems = sum(0.42 if c in _NARROW else 1.0 if c in _WIDE else 0.8 if c.isupper() else 0.65 for c in text)
    return ems * size * (1.12 if bold else 1.0)


def wrap(text: str, width: float, size: float = FONT, bold: bool = False) -> list[str]:
    """Lines no wider than ``width``; a word wider than the box is cut where it must be."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while text_width(word, size, bold) > width:
            cut = max(1, next(n for n in range(len(word), 0, -1) if text_width(word[:n], size, bold) <= width))
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current or not lines:
        lines.append(current)
    return lines


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    """The baseline."""
    text: str
    bold: bool = False
    kind: str = "label"
    """``label``, ``note``, ``heading``, ``todo`` or ``leaves``: the style it is drawn in."""


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    kind: str
    """``node``, ``activity``, ``todo`` or ``leaves``."""

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    leaves: bool


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    boxes: list[Box]
    texts: list[Text]
    edges: list[Edge]


class _Column:
    """Stacks headings and boxes of wrapped lines from the top of one column."""

    def __init__(self, x: float) -> None:
        self.x = x
        self.y = 0.0
        self.boxes: list[Box] = []
        self.texts: list[Text] = []

    def heading(self, text: str) -> None:
        for line in wrap(text, COLUMN, FONT, True):
            self.y += LINE
            self.texts.append(Text(self.x, self.y, line, True, "heading"))
        self.y += HEADING - LINE

    def box(self, lines: list[tuple[str, str, bool]], kind: str) -> Box:
        """A box of (text, style, bold) paragraphs, wrapped to the column."""
        top = self.y
        y = top + PAD
        for text, style, bold in lines:
            for line in wrap(text, COLUMN - 2 * PAD, FONT, bold):
                y += LINE
                self.texts.append(Text(self.x + PAD, y - 3, line, bold, style))
        box = Box(self.x, top, COLUMN, y - top + PAD, kind)
        self.boxes.append(box)
        self.y = box.y + box.height + GAP
        return box


def _lines(node: FlowNode) -> list[tuple[str, str, bool]]:
    style = "todo" if node.unknown else "note"
    return [(node.label, "label", False), *([(node.note, style, False)] if node.note else [])]


def layout(view: FlowView) -> Layout:
    """The picture's geometry; the middle box is centred against the taller side."""
    left, middle, right = _Column(LEFT), _Column(MIDDLE), _Column(RIGHT)
    sources: list[Box] = []
    for column in view.sources:
        left.heading(column.heading)
        sources += [left.box(_lines(n), "todo" if n.unknown else "node") for n in column.nodes]
    targets: list[tuple[Box, bool]] = []
    for group in view.groups:
        right.heading(group.heading)
        for target in group.targets:
            lines = _lines(target.node)
            if target.leaves and target.safeguard:
                safeguard = target.safeguard
                lines = [(target.node.label, "label", False), (target.leaves, "leaves", True),
                         (safeguard.label, "todo" if safeguard.unknown else "note", False)]
            kind = "leaves" if target.leaves else "node" if target.placed else "todo"
            targets.append((right.box(lines, kind), target.leaves is not None))
    if view.no_recipient:
        right.box([(view.no_recipient, "todo", False)], "todo")
    middle_lines = [(view.activity.label, "label", True)] + [line for p in view.purposes for line in _lines(p)]
    activity = middle.box(middle_lines, "activity")
    height = max(left.y, right.y, middle.y) - GAP
    shift = max(0.0, (height - activity.height) / 2)
    middle.boxes = [Box(b.x, b.y + shift, b.width, b.height, b.kind) for b in middle.boxes]
    middle.texts = [Text(x.x, x.y + shift, x.text, x.bold, x.kind) for x in middle.texts]
    centre = middle.boxes[0]
    edges = [Edge(b.x + b.width, b.middle, centre.x, centre.middle, False) for b in sources]
    edges += [Edge(centre.x + centre.width, centre.middle, b.x, b.middle, leaves) for b, leaves in targets]
    return Layout(WIDTH, max(height, centre.height), left.boxes + middle.boxes + right.boxes,
                  left.texts + middle.texts + right.texts, edges)
