"""Time `registry diff` between two revisions of a synthetic 1,000-activity register (target: under 3 s here).

Usage: python benchmarks/bench_diff.py [COUNT]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import make_register


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=Bench", "-c", "user.email=bench@example.org", *args],
                   check=True, capture_output=True)


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = make_register(Path(folder) / "register", count)
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "first")
        for path in sorted((root / "activities").glob("*.yaml"))[::10]:  # one activity in ten changes
            path.write_text(path.read_text(encoding="utf-8").replace("duration: P3Y", "duration: P2Y", 1),
                            encoding="utf-8")
        git(root, "commit", "-qam", "second")
        registry = Path(sys.executable).parent / "registry"
        start = time.perf_counter()
        done = subprocess.run([str(registry), "diff", "HEAD~1", "HEAD", "--register", str(root)],
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        changed = done.stdout.count("Activité modifiée")
        print(f"diff of {count} activities between two revisions: {elapsed:.2f} s "
              f"({changed} activities changed, exit {done.returncode})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
