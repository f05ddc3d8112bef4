"""The PDF rebuilt after one activity changes, from the cache of chunks laid out before.

Builds the PDF of a synthetic register (cache cold), then times three edits of the middle activity,
each rebuilt on one process: a sentence of its description rewritten (the usual fix: only its fiche
changes), its name changed (which the list of activities, the annexes and the table of contents show
too), then a paragraph added that makes the document a page longer (every running footer changes).
For each it prints the time, the chunks laid out again and their layout time, and what the rest took
(reading the cache, assembling, restamping). Usage: bench_pdf_edit.py [ACTIVITIES] (default 100).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import lengthen_one, make_register, rename_one, reword_one  # noqa: E402

import registry.render.chunks as chunks  # noqa: E402
from registry import load  # noqa: E402
from registry.build import build_register  # noqa: E402
from registry.cache import Cache  # noqa: E402


def rebuild(root: Path, cache: Cache, edit: Callable[[Path], Path]) -> str:
    """One edit and the rebuild that follows, as a line of the report."""
    edit(root)
    laid: dict[str, float] = {}
    original = chunks.lay_out

    def timed(task: chunks.Task) -> chunks.Laid:
        start = time.perf_counter()
        result = original(task)
        laid[task.name] = time.perf_counter() - start
        return result

    chunks.lay_out = timed
    try:
        start = time.perf_counter()
        build_register(load(root, cache).register, ["pdf"], jobs=1, cache=cache)  # type: ignore[arg-type]
        total = time.perf_counter() - start
    finally:
        chunks.lay_out = original
    layout = sum(laid.values())
    chunk_times = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in laid.items())
    return (f"{edit.__name__}: {total:.1f} s on one process; layout {layout:.1f} s ({chunk_times}); "
            f"the rest {total - layout:.1f} s")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1790000000")
    jobs = chunks.default_jobs()
    with tempfile.TemporaryDirectory() as folder:
        root = make_register(Path(folder) / "register", count)
        cache = Cache(Path(folder) / "cache")
        start = time.perf_counter()
        build_register(load(root, cache).register, ["pdf"], jobs=jobs, cache=cache)  # type: ignore[arg-type]
        cold = time.perf_counter() - start
        print(f"PDF, {count} activities: cold {cold:.1f} s on {jobs} processes")
        for edit in (reword_one, rename_one, lengthen_one):
            print(" ", rebuild(root, cache, edit), flush=True)


if __name__ == "__main__":
    main()
