"""The PDF rebuilt after one activity changes, from the cache of chunks laid out before.

Builds the PDF of a synthetic register (cache cold), then times three edits of the middle activity:
a sentence of its description rewritten (the usual fix: only its fiche changes), its name changed
(which the list of activities, the annexes and the table of contents show too), then a paragraph
added that makes the document a page longer (every page number after it changes). The register is
in git with a year of history, and the PDF has Annex E and its build time, as ``registry build``
makes it (no ``SOURCE_DATE_EPOCH``: the cover is laid out again at every build). Each rebuild runs
as ``registry build`` would, on all the machine's cores unless ``--jobs`` says otherwise. For each it
prints the time, the chunks laid out again, the time spent laying them out (waiting for the processes
included) and what the rest took (the HTML of every chunk, reading the cache, assembling).
Usage: bench_pdf_edit.py [ACTIVITIES] [--jobs N] (default 100 activities).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import lengthen_one, make_register, rename_one, reword_one, with_history  # noqa: E402

import registry.render.pdf.chunks as chunks  # noqa: E402
import registry.render.pdf.parallel as parallel  # noqa: E402
import registry.render.pdf.running as running  # noqa: E402
from registry import load  # noqa: E402
from registry.build import Timeline, build_register  # noqa: E402
from registry.cache.store import Cache  # noqa: E402
from registry.cores import default_jobs  # noqa: E402
from registry.kept import Kept  # noqa: E402

AS_THE_CLI_DOES = Timeline(None, (date.today() - timedelta(days=365)).isoformat())
"""``registry build`` writes Annex E, the changes of the last 12 months."""


def rebuild(root: Path, folder: Path, edit: Callable[[Path], Path], jobs: int) -> str:
    """One edit and the rebuild that follows, as a line of the report; the cache is read from ``folder``
    as by a new command."""
    edit(root)
    cache = Cache(folder)
    laid: list[str] = []
    waited = 0.0
    callers = (parallel, running)
    original_run, original_put = chunks.run, Cache.put

    def timed_run(executor: object, tasks: list[chunks.Task], kept: Kept) -> list[chunks.Laid]:
        nonlocal waited
        start = time.perf_counter()
        try:
            return original_run(executor, tasks, kept)  # type: ignore[arg-type]
        finally:
            waited += time.perf_counter() - start

    def noted(self: Cache, key: str, value: object) -> None:  # what run() did not find
        if isinstance(value, chunks.Laid):
            laid.append(value.name)
        original_put(self, key, value)

    Cache.put = noted  # type: ignore[method-assign]
    for module in callers:
        module.run = timed_run  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        build_register(load(root, cache).register, ["pdf"], jobs=jobs, cache=cache,  # type: ignore[arg-type]
                       timeline=AS_THE_CLI_DOES)
        total = time.perf_counter() - start
    finally:
        Cache.put = original_put  # type: ignore[method-assign]
        for module in callers:
            module.run = original_run
    return (f"{edit.__name__}: {total:.1f} s on {jobs} process(es); {len(laid)} chunks laid out again "
            f"({', '.join(laid)}) in {waited:.1f} s; the rest {total - waited:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("activities", type=int, nargs="?", default=100)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = with_history(make_register(Path(folder) / "register", arguments.activities))
        cache = Cache(Path(folder) / "cache")
        start = time.perf_counter()
        cores = default_jobs()
        build_register(load(root, cache).register, ["pdf"], jobs=cores, cache=cache,  # type: ignore[arg-type]
                       timeline=AS_THE_CLI_DOES)
        cold = time.perf_counter() - start
        print(f"PDF, {arguments.activities} activities: cold {cold:.1f} s on {cores} processes")
        for edit in (reword_one, rename_one, lengthen_one):
            print(" ", rebuild(root, Path(folder) / "cache", edit, arguments.jobs), flush=True)


if __name__ == "__main__":
    main()
