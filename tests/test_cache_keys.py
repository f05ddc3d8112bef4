"""Cache keys follow the tool's code (issue 22 item 1): an edit of the wording code, or another version of
a PDF library, is seen through a warm cache."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import registry.render.pdf.assemble
import registry.render.pdf.chunks
from registry import load
from registry.build import build_register
from registry.cache.keys import pdf_libraries
from registry.cache.store import Cache
from registry.resources import templates_dir

from .conftest import REPO


def _build(code: Path, register: Path, out: Path, *cache: str) -> dict[str, str]:
    """``registry build --format html`` run from the package in ``code``, in a process of its own: its pages."""
    environment = {**os.environ, "PYTHONPATH": str(code), "SOURCE_DATE_EPOCH": "1790000000"}
    done = subprocess.run([sys.executable, "-m", "registry", "build", str(register), "--format", "html",
                           "--out", str(out), *cache], env=environment, cwd=code.parent, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return {page.relative_to(out).as_posix(): page.read_text(encoding="utf-8") for page in sorted(out.rglob("*.html"))}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edit_of_the_wording_code_shows_through_a_warm_cache(example: Path, tmp_path: Path) -> None:
    """The copy of the tool is built with, then edited (a view's anchors, a notice's way of writing an
    address): the same cache gives the edited words, in the register and in the notices."""
    code = tmp_path / "tool"
    shutil.copytree(REPO / "registry", code / "registry", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(templates_dir(), code / "templates")
    cache = ("--cache", str(tmp_path / "cache"))
    before = _build(code, example, tmp_path / "out", *cache)
    assert 'id="activity-GC-01"' in before["register.html"]
    assert "14 rue des Artisans, 69007" in before["notices/GC-01.html"]
    assert _build(code, example, tmp_path / "out", *cache) == before, "warm"

    _edit(code / "registry" / "views" / "fiche.py", 'return f"activity-{activity_id}"', 'return f"fiche-{activity_id}"')
    _edit(code / "registry" / "notices" / "content.py", 'return f"{street}, {postcode} {city}"',
          'return f"{street} – {postcode} {city}"')
    edited = _build(code, example, tmp_path / "out", *cache)
    assert 'id="fiche-GC-01"' in edited["register.html"] and 'id="activity-GC-01"' not in edited["register.html"]
    assert "14 rue des Artisans – 69007" in edited["notices/GC-01.html"]
    assert "14 rue des Artisans, 69007" not in edited["notices/GC-01.html"]
    assert edited == _build(code, example, tmp_path / "fresh", "--no-cache"), "as a build without the cache"


@pytest.fixture
def libraries() -> Iterator[None]:
    pdf_libraries.cache_clear()
    yield
    pdf_libraries.cache_clear()


def test_another_version_of_a_pdf_library_lays_the_pdf_out_again(example: Path, tmp_path: Path, libraries: None,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import pikepdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    folder = tmp_path / "cache"
    first = build_register(load(example).register, ["pdf"], cache=Cache(folder))  # type: ignore[arg-type]
    laid: list[object] = []
    unions: list[object] = []
    lay_out, union = registry.render.pdf.chunks.lay_out, registry.render.pdf.assemble._union
    monkeypatch.setattr(registry.render.pdf.chunks, "lay_out", lambda task: laid.append(task.name) or lay_out(task))
    monkeypatch.setattr(registry.render.pdf.assemble, "_union", lambda fonts: unions.append(1) or union(fonts))
    assert build_register(load(example).register, ["pdf"], cache=Cache(folder)).artifacts == first.artifacts  # type: ignore[arg-type]
    assert laid == [] and unions == [], "warm"

    monkeypatch.setattr(pikepdf, "__version__", f"{pikepdf.__version__}.1")
    pdf_libraries.cache_clear()
    again = build_register(load(example).register, ["pdf"], cache=Cache(folder))  # type: ignore[arg-type]
    assert "cover" in laid and "fiches-1" in laid and "running-1" in laid and unions
    assert again.artifacts[0].content == first.artifacts[0].content
