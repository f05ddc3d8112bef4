"""The PDF rebuilt after one activity changes, from the cache of chunks laid out before.

Builds the PDF of a synthetic register (cache cold), changes one fiche's name (which also shows in
the list of activities, the annexes and the table of contents), builds again, and prints both times
and which chunks were laid out again. Usage: bench_pdf_edit.py [ACTIVITIES] (default 100).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import make_register, rename_one  # noqa: E402

import registry.render.chunks as chunks  # noqa: E402
from registry import load  # noqa: E402
from registry.build import build_register  # noqa: E402
from registry.cache import Cache  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1790000000")
    jobs = chunks.default_jobs()
    with tempfile.TemporaryDirectory() as folder:
        root = make_register(Path(folder) / "register", count)
        cache = Cache(Path(folder) / "cache")
        start = time.perf_counter()
        build_register(load(root).register, ["pdf"], jobs=jobs, cache=cache)  # type: ignore[arg-type]
        cold = time.perf_counter() - start
        rename_one(root)
        laid: list[str] = []
        original = chunks.lay_out

        def counted(task: chunks.Task) -> chunks.Laid:
            laid.append(task.name)
            return original(task)

        chunks.lay_out = counted
        start = time.perf_counter()
        build_register(load(root).register, ["pdf"], jobs=1, cache=cache)  # type: ignore[arg-type]
        again = time.perf_counter() - start
    print(f"PDF, {count} activities, {jobs} processes: cold {cold:.1f} s; after one edit {again:.1f} s "
          f"(one process), laid out again: {', '.join(laid)}")


if __name__ == "__main__":
    main()
