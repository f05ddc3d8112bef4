"""The example's PDF looked at as a reader does: its pages as images (no page left nearly empty by a table's
last row, no ink beyond the margins), its text as lines (no word cut without a hyphen, no line opening on a
comma or a lone "?"), its glyphs as boxes (no cell written over another, in an imported register too)."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .cnil_sheets import messy_workbook
from .conftest import REPO

pytestmark = pytest.mark.slow

pdfium = pytest.importorskip("pypdfium2")

CM = 72 / 2.54
MARGINS = {"top": 2.2 * CM, "bottom": 2.0 * CM, "side": 1.6 * CM}
"""The page margins of templates/register/style.css, in points: the running header and footer sit in them."""
SCALE = 0.5
"""Pixels per point of the page images (36 dots per inch: a line of text is still several pixels high)."""
INK = 160
"""A pixel darker than this (0 black, 255 white) is ink; the tables' light rules are not."""
LEAST_FILLED = 0.12
"""A page that opens no part holds at least this share of the text area's height."""
NO_LINE_START = ",;:?!)"


def _pages(pdf: Path) -> Iterator[tuple[int, Any]]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        for index in range(len(document)):
            yield index, document[index]
    finally:
        document.close()


def _part_openings(pdf: Path) -> set[int]:
    """The pages where an entry of the outline points: a fiche's, an annex's first page."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    found: set[int] = set()

    def walk(entries: list[Any]) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                found.add(reader.get_destination_page_number(entry))

    walk(reader.outline)
    return found


def _ink(page: Any) -> tuple[float, int]:
    """How much of the text area's height the page fills (down to its lowest ink), and how many pixels of ink
    lie beside the text area, in the left and right margins."""
    width, height = page.get_size()
    image = page.render(scale=SCALE, grayscale=True).to_pil()
    pixels = image.load()
    top, bottom = round(MARGINS["top"] * SCALE), round(image.height - MARGINS["bottom"] * SCALE)
    side = round(MARGINS["side"] * SCALE)
    rows = [y for y in range(top, bottom) if any(pixels[x, y] < INK for x in range(side, image.width - side))]
    filled = (rows[-1] - top) / (bottom - top) if rows else 0.0
    margin = 2  # antialiasing of a rule drawn on the text area's edge
    beside = sum(1 for y in range(image.height)
                 for x in (*range(side - margin), *range(image.width - side + margin, image.width))
                 if pixels[x, y] < INK)
    return filled, beside


def _overlaps(page: Any) -> list[str]:
    """Words drawn over one another on a line: a cell's text running into the next cell. A word is a run of
    glyphs written one after the other on one baseline (a ligature's glyphs share their box)."""
    text = page.get_textpage()
    words: list[tuple[int, float, float, str]] = []
    ended = True
    for index in range(text.count_chars()):
        char = text.get_text_range(index, 1)
        left, bottom, right, _ = text.get_charbox(index)
        if char.strip() and words and words[-1][0] == round(bottom) and words[-1][3] and not ended:
            line, start, end, word = words[-1]
            words[-1] = (line, min(start, left), max(end, right), word + char)
        elif char.strip():
            words.append((round(bottom), left, right, char))
        ended = not char.strip()
    lines: dict[int, list[tuple[float, float, str]]] = defaultdict(list)
    for line, left, right, word in words:
        lines[line].append((left, right, word))
    found = []
    for placed in lines.values():
        placed.sort()
        for (_, right, word), (left, _, following) in zip(placed, placed[1:], strict=False):
            if right - left > 1.0:  # more than a point of one word under the next
                found.append(f"{word!r} under {following!r}")
    return found


def _lines(page: Any) -> list[str]:
    return page.get_textpage().get_text_range().replace("\r\n", "\n").split("\n")


WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _vocabulary(html: str) -> set[str]:
    """Every word the document holds, as written (from its HTML, without tags)."""
    return {w.lower() for w in WORD.findall(re.sub(r"<[^>]+>", " ", html))}


def _cut_words(lines: list[str], vocabulary: set[str]) -> list[str]:
    """Words split across two lines without a hyphen: a line ends with the start of a word the document
    holds, and the next line begins with its end."""
    cut = []
    for line, following in zip(lines, lines[1:], strict=False):
        end, start = WORD.search(line[::-1]), WORD.match(following)
        if not (end and start) or end.start() != 0 or line.rstrip() != line:
            continue
        head, tail = end.group(0)[::-1], start.group(0)
        if (head + tail).lower() in vocabulary and head.lower() not in vocabulary:
            cut.append(f"{head}/{tail}")
    return cut


def _check(pdf: Path, html: str) -> list[str]:
    openings = _part_openings(pdf)
    vocabulary = _vocabulary(html)
    problems = []
    for index, page in _pages(pdf):
        number = index + 1
        filled, beside = _ink(page)
        if index not in openings and filled < LEAST_FILLED:
            problems.append(f"page {number} is nearly empty ({filled:.0%} of its height)")
        if beside:
            problems.append(f"page {number} has ink in its side margins ({beside} pixels)")
        lines = _lines(page)
        problems += [f"page {number}: a line opens with {line[:20]!r}" for line in lines
                     if line.strip()[:1] in NO_LINE_START and line.strip()]
        problems += [f"page {number}: {word} cut without a hyphen" for word in _cut_words(lines, vocabulary)]
        problems += [f"page {number}: {overlap}" for overlap in _overlaps(page)]
    return problems


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """The example register the repository ships (11 activities), as a register of its own."""
    root = tmp_path / "example"
    shutil.copytree(REPO / "activities", root / "activities")
    shutil.copyfile(REPO / "registry.yaml", root / "registry.yaml")
    return root


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_example_pdf_looks_finished(run, shipped: Path, lang: str) -> None:  # noqa: ANN001
    assert run("build", shipped, "--format", "html,pdf", "--lang", lang).exit_code == 0
    output, suffix = shipped / "output", "" if lang == "fr" else f".{lang}"  # French is the register's language
    pdf = output / f"register{suffix}.pdf"
    assert _check(pdf, (output / f"register{suffix}.html").read_text(encoding="utf-8")) == []
    firsts = {_lines(page)[0]: index for index, page in _pages(pdf) if index in _part_openings(pdf)}
    starts = sorted(firsts.values())

    def length(title: str) -> int:
        """How many pages the part whose first page opens with ``title`` takes."""
        start = next(i for line, i in firsts.items() if line.startswith(title))
        return min(p for p in starts if p > start) - start  # an annex always follows

    assert length({"fr": "Liste des activités", "en": "List of processing"}[lang]) <= 2
    assert length({"fr": "Annexe A", "en": "Annex A"}[lang]) <= 4


def test_an_imported_register_pdf_looks_finished(run, tmp_path: Path) -> None:  # noqa: ANN001
    """The CNIL spreadsheet leaves facts unknown ("À compléter" in the list's narrow date columns)."""
    register = tmp_path / "imported"
    assert run("import", "cnil", messy_workbook(tmp_path / "registre.xlsx"), "--into", register).exit_code == 0
    assert run("build", register, "--format", "html,pdf").exit_code == 0
    html = (register / "output" / "register.html").read_text(encoding="utf-8")
    assert "À compléter" in html
    assert _check(register / "output" / "register.pdf", html) == []


def test_the_checks_see_what_they_look_for() -> None:
    """The text checks on made-up lines: they flag a cut word and pass a hyphenated one."""
    vocabulary = {"précontractuelles", "country", "de", "mesures"}
    assert _cut_words(["mesures précontractuell", "es de"], vocabulary) == ["précontractuell/es"]
    assert _cut_words(["Countr", "y"], vocabulary) == ["Countr/y"]
    assert _cut_words(["mesures précontrac\u2010", "tuelles"], vocabulary) == []
    assert _cut_words(["de", "mesures"], vocabulary) == []
