"""`registry serve` on a synthetic register: the first build, then the rebuild after one activity is saved.

What the open page waits for after a save is this rebuild plus the watcher's poll (0.2 s), the
editor's grace period (0.1 s) and the page's own poll (0.25 s). The snippet gallery is not in it:
the preview renders it when one of its pages is opened. Usage: bench_serve.py [ACTIVITIES].
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import make_register, rename_one  # noqa: E402

from registry.serve import POLL_SECONDS, RELOAD_POLL_SECONDS, Preview  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as folder:
        root = make_register(Path(folder), count)
        preview = Preview(root)
        start = time.perf_counter()
        preview.refresh()
        first = time.perf_counter() - start
        rename_one(root)
        start = time.perf_counter()
        preview.refresh()
        again = time.perf_counter() - start
    waits = POLL_SECONDS * 1.5 + RELOAD_POLL_SECONDS  # the watcher's poll and settling, the page's poll
    print(f"serve, {count} activities: first build {first:.2f} s; after one saved activity {again:.2f} s "
          f"(+ up to {waits:.2f} s of polling before the page reloads)")


if __name__ == "__main__":
    main()
