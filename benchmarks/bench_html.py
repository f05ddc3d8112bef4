"""`registry build --format html` now and at an earlier revision, on the same synthetic register, in one run.

The earlier revision (default 068d49e, the tool before the speed work of issue 13) is checked out in a
temporary git worktree and run from there. Prints, as whole commands: the earlier build; this one
without a cache, with a warm cache, and after one activity is renamed; and each as a ratio of the
earlier build. Usage: bench_html.py [ACTIVITIES] [REVISION] (default 1000, 068d49e).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import REPO, make_register, rename_one  # noqa: E402


def build(root: Path, out: Path, *options: str, code: Path | None = None) -> float:
    """Seconds for one whole ``registry build --format html`` run, with the package from ``code``."""
    environment = {**os.environ, "PYTHONPATH": str(code)} if code else dict(os.environ)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "registry", "build", str(root), "--format", "html", "--out", str(out),
                    *options], check=True, capture_output=True, env=environment)
    return time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    revision = sys.argv[2] if len(sys.argv) > 2 else "068d49e"
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        earlier = work / "earlier"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(earlier), revision],
                       check=True, capture_output=True)
        try:
            root = make_register(work / "register", count)
            before = build(root, work / "out-earlier", code=earlier)
            cold = build(root, work / "out", "--no-cache")
            build(root, work / "out", "--cache", str(work / "cache"))
            warm = build(root, work / "out", "--cache", str(work / "cache"))
            rename_one(root)
            edited = build(root, work / "out", "--cache", str(work / "cache"))
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(earlier)], check=True)
    print(f"build --format html, {count} activities, whole commands:")
    print(f"  at {revision}                 {before:6.2f} s")
    for label, seconds in (("no cache", cold), ("warm cache", warm), ("after one edit", edited)):
        print(f"  now, {label:15}       {seconds:6.2f} s  ({seconds / before:.2f} of {revision})")


if __name__ == "__main__":
    main()
