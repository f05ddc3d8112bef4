"""The running footer of a PDF laid out in chunks is numbered from two specimens, not laid out page by
page: each numbered page must draw what WeasyPrint draws when it lays that page out."""

from __future__ import annotations

import pikepdf
import pytest

from registry.render.pdf.chunks import Task, lay_out
from registry.render.pdf.running import DIGITS, laid_running, numbered_running
from registry.resources import templates_dir

pytestmark = pytest.mark.slow

PAGES = 120
"""Numbers of one, two and three digits."""


def footer_document(box: str, numbers: list[str], total: int, twice: bool = False) -> bytes:
    """A document whose pages are empty but for the footer "Page N / total" in ``box``."""
    shown = '"Page " string(number) " / " string(total)'
    also = f"@bottom-left {{ content: {shown}; }}" if twice else ""
    sheets = "".join(f'<div class="sheet" data-number="{n}"></div>' for n in numbers)
    html = f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><style>
      @page {{ size: A4; margin: 2cm; font: 8pt "DejaVu Sans"; @{box} {{ content: {shown}; }} {also} }}
      body {{ string-set: total attr(data-total); }}
      .sheet {{ string-set: number attr(data-number); height: 1px; }} .sheet + .sheet {{ break-before: page; }}
    </style></head><body data-total="{total}">{sheets}</body></html>"""
    return lay_out(Task("footer", html, str(templates_dir()))).pdf


def drawing(contents: bytes) -> list[tuple[str, list[object]]]:
    """The operators of a page's contents, with numbers rounded to what a reader could ever see."""
    scratch = pikepdf.new()
    return [(str(op.operator), [round(float(v), 3) if isinstance(v, int | float | pikepdf.Object) and
                                not isinstance(v, pikepdf.Array | pikepdf.Name | pikepdf.String) else repr(v)
                                for v in op.operands])
            for op in pikepdf.parse_content_stream(scratch.make_stream(contents))]


@pytest.mark.parametrize("box", ["bottom-right", "bottom-center", "bottom-left"])
def test_numbered_pages_are_the_pages_weasyprint_lays_out(box: str) -> None:
    """Right, centred or left: the number's position follows its box's alignment, glyph for glyph."""
    numbers = [str(n) for n in range(1, PAGES + 1)]
    laid = laid_running([footer_document(box, numbers, PAGES)])
    numbered = numbered_running(footer_document(box, [DIGITS], PAGES), footer_document(box, ["1"], PAGES),
                                [0] * PAGES)
    assert numbered is not None and len(numbered.pages) == PAGES
    for (_, _, expected), (_, shape, actual) in zip(laid.pages, numbered.pages, strict=True):
        assert shape == 0
        assert drawing(actual) == drawing(expected)


def test_a_footer_showing_the_number_twice_is_laid_out_page_by_page() -> None:
    """The specimens then differ in two places: they cannot be read, and every page is laid out."""
    first, second = (footer_document("bottom-right", [number], 9, twice=True) for number in (DIGITS, "1"))
    assert numbered_running(first, second, [0] * 9) is None


def test_specimens_that_are_not_a_page_a_shape_are_laid_out_page_by_page() -> None:
    """An override may make the specimens longer than a page each: they then stand for no page."""
    first, second = (footer_document("bottom-right", [number, number], 9) for number in (DIGITS, "1"))
    assert numbered_running(first, second, [0] * 9) is None
    assert numbered_running(first, footer_document("bottom-right", ["1"], 9), [0, 1] * 4) is None


def test_a_register_whose_footer_cannot_be_numbered_is_still_the_single_pass_document(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from registry import load
    from registry.build import build_register
    from registry.render.pdf import running

    from .conftest import FIXTURE
    from .test_parallel_pdf import describe, single_pass_pdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    register = load(FIXTURE).register
    assert register is not None
    monkeypatch.setattr(running, "numbered_running", lambda *specimens: None)
    chunked = build_register(register, ["pdf"], jobs=1).artifacts[0].content
    assert describe(chunked) == describe(single_pass_pdf(register))
