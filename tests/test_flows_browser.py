"""The flow pictures as Chromium lays them out, with the fonts it finds: at a phone's, a tablet's and a
desktop's width, no label overlaps another, none leaves its box or its picture, and no picture is wider
than its place or widens the page (the tables' own widths are the templates' business)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import NEEDS_BROWSER

pytestmark = pytest.mark.slow

MEASURE = """
const found = [];
for (const svg of document.querySelectorAll('svg.flow')) {
  const frame = svg.getBoundingClientRect();
  const holder = svg.parentElement.getBoundingClientRect();
  const boxes = [...svg.querySelectorAll('rect')].map(r => r.getBoundingClientRect());
  const texts = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()]);
  found.push({frame: [frame.left, frame.top, frame.right, frame.bottom], room: holder.right,
              boxes: boxes.map(b => [b.left, b.top, b.right, b.bottom]),
              texts: texts.map(([s, b]) => [s, b.left, b.top, b.right, b.bottom])});
}
const wide = document.documentElement.scrollWidth;
for (const svg of document.querySelectorAll('svg.flow')) svg.style.display = 'none';
return [found, wide, document.documentElement.scrollWidth];
"""


def apart(a: list[float], b: list[float], slack: float = 0.5) -> bool:
    return a[2] <= b[0] + slack or b[2] <= a[0] + slack or a[3] <= b[1] + slack or b[3] <= a[1] + slack


@NEEDS_BROWSER
@pytest.mark.parametrize("width", [390, 800, 1280])
def test_labels_neither_overlap_nor_overflow(run, example: Path, browser, width: int) -> None:  # noqa: ANN001, F811
    assert run("build", example, "--format", "html").exit_code == 0
    browser.set_window_size(width, 1000)
    checked = 0
    for page in sorted((example / "output" / "activities").glob("*.html")):
        browser.get(page.resolve().as_uri())
        pictures, wide, without = browser.execute_script(MEASURE)
        assert wide == without, (page.name, "the picture widens the page")
        for picture in pictures:
            frame = picture["frame"]
            assert frame[2] <= picture["room"] + 0.5, (page.name, "wider than its figure")
            texts = [t[1:] for t in picture["texts"]]
            for i, a in enumerate(texts):
                assert frame[0] - 0.5 <= a[0] and a[2] <= frame[2] + 0.5, (page.name, picture["texts"][i][0])
                for b in texts[i + 1:]:
                    assert apart(a, b), (page.name, picture["texts"][i][0])
                holder = [box for box in picture["boxes"] if box[0] <= a[0] <= box[2] and box[1] <= a[1] <= box[3]]
                for box in holder:
                    assert a[2] <= box[2] + 0.5, (page.name, picture["texts"][i][0], "leaves its box")
            checked += 1
    assert checked == len(list((example / "output" / "activities").glob("*.html")))
