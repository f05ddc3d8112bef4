"""`registry check` against a warm `validate`, on a synthetic register in git with a year of history.

The case measured: the register committed 13 months ago, one activity in ten changed and committed today
(so FR002 looks at every fiche whose written date is behind git), every command with a warm cache, as a
whole command. `validate` of an unchanged register answers from its remembered verdict; the register
loaded from the warm cache (the work `check` starts with) is timed too, in a process of its own. Prints
each, best of ``ROUNDS``, and `check` as a multiple of both (issue 29: at most 5 x a warm validate, at
5,000 activities). Usage: bench_check.py [ACTIVITIES...] (default 1000 5000).
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

ROUNDS = 3
INSTALLED = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
"""The command as installed, with its modules' bytecode kept."""
WARM_LOAD = "import sys; from pathlib import Path; from registry import load; from registry.cache.store import Cache; " \
            "load(Path(sys.argv[1]), Cache(Path(sys.argv[2])))"


def timed(*command: str) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *command], capture_output=True, env=INSTALLED)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1) or b"Traceback" in done.stderr:
        raise SystemExit(done.stderr.decode()[-800:])
    return seconds


def main() -> None:
    counts = [int(a) for a in sys.argv[1:]] or [1000, 5000]
    for count in counts:
        with tempfile.TemporaryDirectory() as folder:
            root = with_history(make_register(Path(folder) / "register", count))
            cache = str(Path(folder) / "cache")
            time.sleep(2)  # files written just now are never trusted to their status (see loading/verdict.py)
            for command in ("validate", "check"):
                timed("-m", "registry", command, str(root), "--cache", cache)
            times: dict[str, list[float]] = {}
            for _ in range(ROUNDS):
                times.setdefault("validate", []).append(timed("-m", "registry", "validate", str(root), "--cache", cache))
                times.setdefault("load", []).append(timed("-c", WARM_LOAD, str(root), cache))
                times.setdefault("check", []).append(timed("-m", "registry", "check", str(root), "--cache", cache))
        validate, load, check = (min(times[name]) for name in ("validate", "load", "check"))
        print(f"{count} activities in git, warm cache, whole commands, best of {ROUNDS}:")
        print(f"  validate (unchanged)   {validate:6.2f} s")
        print(f"  load (library, warm)   {load:6.2f} s")
        print(f"  check                  {check:6.2f} s  ({check / validate:.1f} x validate, {check / load:.1f} x the "
              "warm load; target <= 5 x a warm validate)")


if __name__ == "__main__":
    main()
