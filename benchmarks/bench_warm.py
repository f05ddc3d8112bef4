"""Warm commands now and at an earlier revision, on the same synthetic register in git, in one run.

What a DPO waits for most: `build --format html` with a warm cache, and `check`, each run as a whole
command, now and at the revision given (default 7b9c8b2, before the hardening of issue 23), each with
a cache of its own, interleaved and the best of ``ROUNDS`` kept. The register cycles the earlier
revision's example, which both versions read (today's example uses facts the earlier one does not
know). A command that fails stops the benchmark: a refusal is fast, and would pass for speed.
Prints each and the ratio now/earlier.
Usage: bench_warm.py [ACTIVITIES] [REVISION] (default 1000, 7b9c8b2).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent

ROUNDS = 5


def run(root: Path, work: Path, code: Path, *arguments: str) -> float:
    """Seconds for one whole command, with the package from ``code``, run from outside any checkout; a
    build must succeed, a check may report findings (exit 1) but not fail otherwise."""
    environment = {**os.environ, "PYTHONPATH": str(code)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "registry", *arguments], capture_output=True, env=environment,
                          cwd=work)
    seconds = time.perf_counter() - start
    if done.returncode not in ((0,) if arguments[0] == "build" else (0, 1)) or b"Traceback" in done.stderr:
        raise SystemExit(f"{' '.join(arguments[:1])} failed with {code}: {done.stdout.decode()[-500:]}"
                         f"{done.stderr.decode()[-500:]}")
    return seconds


def earlier_synthetic(earlier: Path) -> ModuleType:
    """The earlier revision's register maker, which cycles that revision's example."""
    spec = importlib.util.spec_from_file_location("synthetic_earlier", earlier / "benchmarks" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    revision = sys.argv[2] if len(sys.argv) > 2 else "7b9c8b2"
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        earlier = work / "earlier"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(earlier), revision],
                       check=True, capture_output=True)
        try:
            synthetic = earlier_synthetic(earlier)
            root = synthetic.with_history(synthetic.make_register(work / "register", count))
            times: dict[str, list[float]] = {}
            commands = {
                "build --format html": lambda tag: ("build", str(root), "--format", "html", "--out",
                                                    str(work / f"out-{tag}"), "--cache", str(work / f"cache-{tag}")),
                "check": lambda tag: ("check", str(root), "--cache", str(work / f"cache-{tag}")),
            }
            for tag, code in (("now", REPO), ("earlier", earlier)):
                for make in commands.values():
                    run(root, work, code, *make(tag))  # warms the cache
            for _ in range(ROUNDS):
                for name, make in commands.items():
                    for tag, code in (("now", REPO), ("earlier", earlier)):
                        times.setdefault(f"{name} {tag}", []).append(run(root, work, code, *make(tag)))
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(earlier)], check=True)
    print(f"{count} activities in git, warm cache, whole commands, best of {ROUNDS} interleaved rounds:")
    for name in commands:
        now, before = min(times[f"{name} now"]), min(times[f"{name} earlier"])
        print(f"  {name:22} at {revision} {before:6.2f} s, now {now:6.2f} s ({now / before:.2f})")


if __name__ == "__main__":
    main()
