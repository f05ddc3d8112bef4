"""What the flow pictures cost `registry build --format html`: this checkout against the revision before
them (default 767bfce), on the same synthetic register, in one run, interleaved.

The target (issue 28) is a warm build at most 10 % slower. Warm builds keep each fiche's HTML, picture
included, so a build after one edit (one fiche and its picture made again) and a build without a cache
(every picture drawn) are printed too.
Usage: bench_pictures.py [ACTIVITIES] [REVISION] (default 1000, 767bfce).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_html import ROUNDS, build  # noqa: E402
from synthetic import REPO, make_register, rename_one, with_history  # noqa: E402

KINDS = ("warm cache", "after one edit", "no cache")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    revision = sys.argv[2] if len(sys.argv) > 2 else "767bfce"
    times: dict[tuple[str, str], list[float]] = {(who, kind): [] for who in ("before", "now") for kind in KINDS}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        earlier = work / "earlier"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(earlier), revision],
                       check=True, capture_output=True)
        try:
            root = with_history(make_register(work / "register", count))
            codes = {"before": earlier, "now": REPO}
            for who, code in codes.items():  # each its own cache, filled once
                build(root, work / f"out-{who}", "--cache", str(work / f"cache-{who}"), code=code)
            for _ in range(ROUNDS):
                rename_one(root)
                for who, code in codes.items():
                    cache = ("--cache", str(work / f"cache-{who}"))
                    times[who, "after one edit"].append(build(root, work / f"out-{who}", *cache, code=code))
                    times[who, "warm cache"].append(build(root, work / f"out-{who}", *cache, code=code))
                    times[who, "no cache"].append(build(root, work / f"out-cold-{who}", "--no-cache", code=code))
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(earlier)], check=True)
    print(f"build --format html, {count} activities, whole commands, best of {ROUNDS} interleaved rounds:")
    for kind in KINDS:
        before, now = min(times["before", kind]), min(times["now", kind])
        print(f"  {kind:15} before pictures ({revision}) {before:6.2f} s, with pictures {now:6.2f} s:"
              f" ratio {now / before:.3f}")


if __name__ == "__main__":
    main()
