"""Time `registry validate` on a synthetic register (target: 1,000 activities in under 1 s).

Prints the best of several runs of the library call, the parse-only share,
and one whole CLI run (interpreter start-up included).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import make_register  # noqa: E402

from registry import load  # noqa: E402
from registry.loader import _collector_paused, activity_files  # noqa: E402
from registry.yamlsource import parse_file  # noqa: E402

COUNT = 1000
RUNS = 5


def best(action) -> float:
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = make_register(Path(folder), COUNT)
        files = activity_files(root)
        result = load(root)
        assert result.ok, result.problems[:3]
        with _collector_paused():  # as load() parses
            parse_only = best(lambda: [parse_file(f, f.name) for f in files])
        full = best(lambda: load(root))
        start = time.perf_counter()
        cli = subprocess.run([sys.executable, "-m", "registry", "validate", str(root)], capture_output=True, text=True)
        cli_time = time.perf_counter() - start
        assert cli.returncode == 0, cli.stdout
    print(f"validate, {COUNT} activities (best of {RUNS}):")
    print(f"  parse only           {parse_only:6.3f} s")
    print(f"  load + validate      {full:6.3f} s   (target < 1 s)")
    print(f"  CLI, one cold run    {cli_time:6.3f} s   (includes Python start-up and imports)")


if __name__ == "__main__":
    main()
