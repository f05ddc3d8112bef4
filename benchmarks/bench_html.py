"""`registry build --format html` now and at an earlier revision, on the same synthetic register, in one run.

The earlier revision (default 068d49e, the tool before the speed work of issue 13) is checked out in a
temporary git worktree and run from there. The register is in git with a year of history, as a DPO's
is, so every build also writes Annex E from the register as it was a year ago. Prints, as whole
commands: the earlier build; this one cold (``--no-cache``: nothing reused, neither the cache nor the
previous output's pages, into an output folder that holds the previous build), with a warm cache, and
after one activity is renamed; and each as a ratio of the earlier build (see ``ROUNDS``).
Usage: bench_html.py [ACTIVITIES] [REVISION] (default 1000, 068d49e).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import REPO, make_register, rename_one, with_history  # noqa: E402


def build(root: Path, out: Path, *options: str, code: Path | None = None) -> float:
    """Seconds for one whole ``registry build --format html`` run, with the package from ``code``.

    Run from outside this checkout: ``-m`` looks in the working folder before PYTHONPATH, and from
    here would find this version of the package whatever ``code`` says."""
    environment = {**os.environ, "PYTHONPATH": str(code)} if code else dict(os.environ)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "registry", "build", str(root), "--format", "html", "--out", str(out),
                    *options], check=True, capture_output=True, env=environment, cwd=out.parent)
    return time.perf_counter() - start


ROUNDS = 3
"""Each build is timed once per round and the best kept: creating files on a shared disk varies by
several times from one minute to the next, and interleaving exposes every build to the same spells."""


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    revision = sys.argv[2] if len(sys.argv) > 2 else "068d49e"
    times: dict[str, list[float]] = {"earlier": [], "cold, --no-cache": [], "warm cache": [], "after one edit": []}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        earlier = work / "earlier"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(earlier), revision],
                       check=True, capture_output=True)
        try:
            root = with_history(make_register(work / "register", count))
            cache = ("--cache", str(work / "cache"))
            build(root, work / "out", *cache)
            for _ in range(ROUNDS):
                rename_one(root)
                times["after one edit"].append(build(root, work / "out", *cache))
                times["warm cache"].append(build(root, work / "out", *cache))
                times["cold, --no-cache"].append(build(root, work / "out-cold", "--no-cache"))
                times["earlier"].append(build(root, work / "out-earlier", code=earlier))
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(earlier)], check=True)
    before = min(times.pop("earlier"))
    print(f"build --format html, {count} activities, whole commands, best of {ROUNDS} interleaved rounds:")
    print(f"  at {revision}                 {before:6.2f} s")
    for label, seconds in times.items():
        print(f"  now, {label:16}      {min(seconds):6.2f} s  ({min(seconds) / before:.2f} of {revision})")


if __name__ == "__main__":
    main()
