"""The running header and footer of the PDF laid out in chunks, numbered without laying out every page.

Every page says "page X / Y": a register that grows by one page changes them all. Laying out
thousands of running footers again costs seconds, so WeasyPrint lays out, for each page shape
(the document's first page, portrait, landscape), two specimens of the header and footer: one
numbered 0123456789, one numbered 1. They differ only in the number's text object: its glyphs, and
where it starts (by how much tells how its box aligns it). Each page's header and footer is then the
specimen's drawing with the glyphs and position of that page's number written in: no layout.

A template whose specimens differ otherwise (an override showing the number twice, or in a font
the specimen cannot be read in) has every page's header and footer laid out instead, as before.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import pikepdf

from .chunks import Laid, Task, run
from .job import PdfJob

PAGES_PER_OVERLAY = 400
"""Pages of header and footer per document, when every page's is laid out."""
DIGITS = "0123456789"
"""The first specimen's number: every glyph a page number needs, in order."""
_MOVES = frozenset({"Td", "TD", "T*", "'", '"', "Tc", "Tw", "Tz", "TL", "Ts"})
"""Operators that would move or space the number's glyphs in ways the specimens do not measure."""
Operations = list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage]


@dataclass(frozen=True)
class Running:
    """Every page's running header and footer, in order, as ``(source, page, contents)``: ``contents``
    drawn on the size and with the resources of page ``page`` of the PDF ``sources[source]``."""

    sources: list[bytes]
    pages: list[tuple[int, int, bytes]]


def running(job: PdfJob, laid: list[Laid], executor: ProcessPoolExecutor | None) -> Running:
    """The running header and footer of the document's pages, in order."""
    sizes = [size for chunk in laid for size in chunk.sizes]
    shapes = [(index == 0, width > height) for index, (width, height) in enumerate(sizes)]
    kinds = list(dict.fromkeys(shapes))  # the first page's shape comes first: the specimens open a document
    pages = [[{"number": number, "landscape": landscape} for _, landscape in kinds] for number in (DIGITS, "1")]
    specimens = run(executor, [Task(f"running-{n}", job.overlay(sheets, len(sizes), True), str(job.assets))
                               for n, sheets in enumerate(pages, start=1)], job.kept)
    numbered = numbered_running(specimens[0].pdf, specimens[1].pdf, [kinds.index(shape) for shape in shapes])
    if numbered is not None:
        return numbered
    return laid_running([overlay.pdf for overlay in run(executor, _laid_overlay_tasks(job, sizes), job.kept)])


def laid_running(overlays: list[bytes]) -> Running:
    """The pages of ``overlays``, in order, as they were laid out."""
    pages = []
    for source, overlay in enumerate(overlays):
        with pikepdf.open(io.BytesIO(overlay)) as pdf:
            pages += [(source, number, _contents(page)) for number, page in enumerate(pdf.pages)]
    return Running(overlays, pages)


def _contents(page: pikepdf.Page) -> bytes:
    streams = page.obj.Contents
    return b"\n".join(stream.read_bytes() for stream in (streams if isinstance(streams, pikepdf.Array) else [streams]))


def _laid_overlay_tasks(job: PdfJob, sizes: list[tuple[float, float]]) -> list[Task]:
    """Every page's header and footer laid out by WeasyPrint, in ranges laid out like chunks."""
    tasks = []
    for start in range(0, len(sizes), PAGES_PER_OVERLAY):
        pages = [{"number": str(n + 1), "landscape": width > height}
                 for n, (width, height) in enumerate(sizes[start:start + PAGES_PER_OVERLAY], start=start)]
        html = job.overlay(pages, len(sizes), start == 0)
        tasks.append(Task(f"overlay-{start // PAGES_PER_OVERLAY + 1}", html, str(job.assets)))
    return tasks


@dataclass(frozen=True)
class _Glyph:
    code: int
    adjustment: float
    """The TJ adjustment after the glyph, in thousandths of the font size (kerning)."""


@dataclass(frozen=True)
class _Numbering:
    """One page shape's specimen, cut around its number's text: what is drawn before and after it, and
    how to write any number where the specimen wrote 0123456789 (each digit with the kerning it had
    there: none, between the tabular figures of text fonts)."""

    before: bytes
    matrix: list[float]
    between: bytes
    """The operators between the number's text matrix and its glyphs (the font chosen)."""
    prefix: list[_Glyph]
    digits: list[_Glyph]
    suffix: list[_Glyph]
    after: bytes
    widths: list[float]
    """Each digit's advance, in the text matrix's units."""
    alignment: float
    """How far the number's start moves back for each unit of width it gains: 0 left, ½ centred, 1 right."""

    def content(self, number: int) -> bytes:
        digits = [int(d) for d in str(number)]
        moved = self.alignment * (sum(self.widths) - sum(self.widths[d] for d in digits))
        matrix = [*self.matrix[:4], self.matrix[4] + moved, self.matrix[5]]
        glyphs = [*self.prefix, *(self.digits[d] for d in digits), *self.suffix]
        shown = b"".join(b"<%04x>%s" % (g.code, _number(g.adjustment)) for g in glyphs)
        return b"".join((self.before, b" ".join(map(_number, matrix)), b" Tm\n", self.between,
                         b"[", shown, b"] TJ\n", self.after))


def _number(value: float) -> bytes:
    return b"%d" % value if value == int(value) else (b"%.6f" % value).rstrip(b"0")


def numbered_running(first: bytes, second: bytes, shapes: list[int]) -> Running | None:
    """Page ``i``'s header and footer drawn as the specimen page ``shapes[i]`` numbered ``i + 1``; None when
    the specimens (numbered 0123456789 and 1) cannot be read so."""
    with pikepdf.open(io.BytesIO(first)) as specimen, pikepdf.open(io.BytesIO(second)) as other:
        if not len(specimen.pages) == len(other.pages) == max(shapes, default=-1) + 1:
            return None  # a page a shape, or a template whose pages the specimens cannot stand for
        found = [_numbering(page, twin) for page, twin in zip(specimen.pages, other.pages, strict=True)]
    numberings = [numbering for numbering in found if numbering is not None]
    if len(numberings) != len(found):
        return None
    return Running([first], [(0, shape, numberings[shape].content(index)) for index, shape in enumerate(shapes, start=1)])


def _numbering(page: pikepdf.Page, twin: pikepdf.Page) -> _Numbering | None:
    """The specimen ``page`` cut around its number, if ``twin`` (numbered 1) differs from it only there."""
    operations, others = pikepdf.parse_content_stream(page), pikepdf.parse_content_stream(twin)
    if len(operations) != len(others) or "/Resources" not in page.obj:
        return None
    differing = [i for i, (a, b) in enumerate(zip(operations, others)) if _unparse([a]) != _unparse([b])]
    shown = [i for i in differing if str(operations[i].operator) == "TJ"]
    if len(shown) != 1:
        return None
    end = shown[0]
    start = next((i for i in range(end, -1, -1) if str(operations[i].operator) in ("Tm", "BT")), 0)
    between = operations[start + 1:end]
    if (str(operations[start].operator) != "Tm" or not set(differing) <= {start, end}
            or any(str(op.operator) in _MOVES for op in between)):
        return None
    matrix, twin_matrix = ([float(v) for v in ops[start].operands] for ops in (operations, others))
    if matrix[:4] + matrix[5:] != twin_matrix[:4] + twin_matrix[5:]:
        return None
    font = _font(page.obj.Resources, between)
    if font is None:
        return None
    widths, size = font
    glyphs, twin_glyphs = _glyphs(operations[end].operands[0]), _glyphs(others[end].operands[0])
    head, tail = _shared_ends([g.code for g in glyphs], [g.code for g in twin_glyphs])
    digits = glyphs[head:len(glyphs) - tail]
    if len(digits) != len(DIGITS) or len(twin_glyphs) - head - tail != 1 or twin_glyphs[head].code != digits[1].code:
        return None
    scale = matrix[0] * size / 1000
    advances = [(widths(g.code) - g.adjustment) * scale for g in digits]
    one = (widths(twin_glyphs[head].code) - twin_glyphs[head].adjustment) * scale
    if sum(advances) == one:
        return None
    return _Numbering(
        before=_unparse(operations[:start]), matrix=matrix, between=_unparse(between),
        prefix=glyphs[:head], digits=digits, suffix=glyphs[len(glyphs) - tail:], after=_unparse(operations[end + 1:]),
        widths=advances, alignment=(twin_matrix[4] - matrix[4]) / (sum(advances) - one))


def _shared_ends(a: list[int], b: list[int]) -> tuple[int, int]:
    """How many codes ``a`` and ``b`` share at their start, then at their end (not counting those twice)."""
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return head, tail


def _glyphs(shown: pikepdf.Object) -> list[_Glyph]:
    """A TJ array's glyphs (two-byte codes) with the adjustment that follows each."""
    codes: list[int] = []
    adjustments: list[float] = []
    for item in shown:
        if isinstance(item, pikepdf.String):
            data = bytes(item)
            if len(data) % 2:
                return []
            codes += [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]
            adjustments += [0.0] * (len(data) // 2)
        elif adjustments:
            adjustments[-1] += float(item)
    return [_Glyph(code, adjustment) for code, adjustment in zip(codes, adjustments, strict=True)]


def _font(resources: pikepdf.Object, operations: Operations,
          ) -> tuple[Callable[[int], float], float] | None:
    """The advance of each glyph code (in thousandths of the size) and the size of the font the
    number is set in, if it is one whose codes are two-byte glyph identifiers."""
    chosen = [op.operands for op in operations if str(op.operator) == "Tf"]
    name = str(chosen[-1][0]) if chosen else ""
    if "/Font" not in resources or name not in resources.Font:
        return None
    font, size = resources.Font[name], chosen[-1][1]
    if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H":
        return None
    descendant = font.DescendantFonts[0]
    default = float(descendant.get("/DW", 1000))
    widths: dict[int, float] = {}
    table = list(descendant.get("/W", []))
    while table:
        if isinstance(table[1], pikepdf.Array):
            first, listed, table = int(table[0]), table[1], table[2:]
            widths.update((first + n, float(width)) for n, width in enumerate(listed))
        else:
            first, last, width, table = int(table[0]), int(table[1]), float(table[2]), table[3:]
            widths.update((code, width) for code in range(first, last + 1))
    return (lambda code: widths.get(code, default)), float(size)


def _unparse(operations: Operations) -> bytes:
    return pikepdf.unparse_content_stream(operations) + b"\n" if operations else b""
