"""`registry build --format html` right after a commit, against a warm build with no change, and what the
cache grows by over a month of daily commits.

The case measured: a register in git with a year of history (annex E), built once (the cache of one
build), then, each day, one activity reworded and committed, and the register built (the build that
follows a commit, timed) and built again unchanged (a warm build with no change, timed). Each build is a
whole command. Prints the best of the first ``ROUNDS`` days for both builds and their ratio (target
<= 1.3), and the cache's size after the first build and after ``DAYS`` commits (target: grown by less
than 2 x one build's cache).
Usage: bench_commit.py [ACTIVITIES] [DAYS] (default 1000, 30).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import make_register, with_history  # noqa: E402

ROUNDS = 5
"""Days whose two builds are timed: the best of each is kept."""


def build(root: Path, out: Path, cache: Path) -> float:
    """Seconds for one whole ``registry build --format html``, run from outside this checkout."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "registry", "build", str(root), "--format", "html", "--out", str(out),
                    "--cache", str(cache)], check=True, capture_output=True, cwd=out.parent)
    return time.perf_counter() - start


def size(folder: Path) -> int:
    """The bytes the cache's files hold."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def commit_one(root: Path, day: int) -> None:
    """One activity's description reworded, then committed: the day's work of a DPO."""
    fiche = sorted((root / "activities").glob("*.yaml"))[len(list((root / "activities").glob("*.yaml"))) // 2]
    text = fiche.read_text(encoding="utf-8")
    fiche.write_text(text.replace("description:\n  fr: >-\n    ", f"description:\n  fr: >-\n    Revu ({day}) ", 1)
                     if f"Revu ({day - 1}) " not in text else text.replace(f"Revu ({day - 1}) ", f"Revu ({day}) ", 1),
                     encoding="utf-8")
    subprocess.run(["git", "-C", str(root), "-c", "user.name=Bench", "-c", "user.email=bench@example.org",
                    "commit", "-q", "-am", f"day {day}"], check=True, capture_output=True, env=dict(os.environ))


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    days = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        root = with_history(make_register(work / "register", count))
        cache, out = work / "cache", work / "out"
        build(root, out, cache)
        one_build = size(cache)
        after_commit, unchanged = [], []
        for day in range(1, days + 1):
            commit_one(root, day)
            seconds = build(root, out, cache)
            again = build(root, out, cache)
            if day <= ROUNDS:
                after_commit.append(seconds)
                unchanged.append(again)
            print(f"  day {day:2}: after the commit {seconds:5.2f} s, unchanged {again:5.2f} s, "
                  f"cache {size(cache) / 1e6:7.1f} MB", flush=True)
        grown = size(cache) - one_build
    best_commit, best_warm = min(after_commit), min(unchanged)
    print(f"build --format html, {count} activities in git, whole commands (best of the first {ROUNDS} days):")
    print(f"  warm, no change          {best_warm:6.2f} s")
    print(f"  right after a commit     {best_commit:6.2f} s  ({best_commit / best_warm:.2f} x warm; target <= 1.3)")
    print(f"  cache after one build    {one_build / 1e6:6.1f} MB")
    print(f"  grown over {days} commits   {grown / 1e6:6.1f} MB  ({grown / one_build:.2f} x one build; target < 2)")


if __name__ == "__main__":
    main()
