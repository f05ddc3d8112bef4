"""Time `registry validate` on a synthetic register of 1,000 activities, with and without its cache.

Targets: with a warm cache, the whole command (start-up included) in at most 0.3 x the time the C
loader of PyYAML (yaml.CLoader, the floor of any parse) takes to read the same files (issue 29; the
case measured is an unchanged register, whose verdict is remembered); with a cold cache, at most 1.2 x
the time to parse the files on one core divided by the cores used.
Prints the best of several runs of the library calls (a cold load in a process of its own), and whole
CLI runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import make_register  # noqa: E402

from registry import load  # noqa: E402
from registry.cache.store import Cache  # noqa: E402
from registry.loading.loader import _collector_paused, activity_files  # noqa: E402
from registry.loading.verdict import RACY_SECONDS  # noqa: E402
from registry.loading.yamlsource import parse_file  # noqa: E402

COUNT = 1000
RUNS = 5


def best(action) -> float:  # noqa: ANN001
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def cli(root: Path, *options: str) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "registry", "validate", str(root), *options],
                          capture_output=True, text=True, env=INSTALLED)
    assert done.returncode == 0, done.stdout
    return time.perf_counter() - start


INSTALLED = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
"""The command as installed, with its modules' bytecode kept: compiling them again is not the command's time."""

COLD_LOAD = """
import sys, time
from pathlib import Path
from registry import load
from registry.cache.store import Cache
start = time.perf_counter()
assert load(Path(sys.argv[1]), Cache(Path(sys.argv[2])), jobs=int(sys.argv[3])).ok
print(time.perf_counter() - start)
"""


def cold_load(root: Path, cache: Path, jobs: int) -> float:
    """A cold load timed in a process of its own, as a command runs it: a process that loaded the register
    many times already starts its workers slower, its memory being larger."""
    done = subprocess.run([sys.executable, "-c", COLD_LOAD, str(root), str(cache), str(jobs)], capture_output=True,
                          text=True, check=True)
    return float(done.stdout)


def main() -> None:
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as folder:
        root = make_register(Path(folder) / "register", COUNT)
        files = activity_files(root)
        assert load(root).ok
        with _collector_paused():  # as load() parses
            parse_only = best(lambda: [parse_file(f, f.name) for f in files])
            floor = best(lambda: [yaml.load(f.read_bytes(), Loader=yaml.CLoader) for f in files])
        no_cache = best(lambda: load(root))
        caches = Path(folder) / "caches"
        cold_one = min(cold_load(root, caches / f"one{n}", 1) for n in range(RUNS))
        cold = min(cold_load(root, caches / f"all{n}", cores) for n in range(RUNS))
        warm_folder = caches / "warm"
        load(root, Cache(warm_folder))
        warm = best(lambda: load(root, Cache(warm_folder)))
        cli_cold = min(cli(root, "--cache", str(caches / f"cli{n}")) for n in range(3))
        time.sleep(RACY_SECONDS)  # files written just now are never trusted to their status: a DPO's are older
        cli(root, "--cache", str(warm_folder))
        cli_warm = min(cli(root, "--cache", str(warm_folder)) for _ in range(RUNS))
        cli_none = min(cli(root, "--no-cache") for _ in range(3))
    print(f"validate, {COUNT} activities, {cores} cores (library: best of {RUNS}):")
    print(f"  C-loader parse floor       {floor:6.3f} s")
    print(f"  parse only, one core       {parse_only:6.3f} s")
    print(f"  load, no cache             {no_cache:6.3f} s")
    print(f"  load, cold cache, 1 process{cold_one:6.3f} s")
    print(f"  load, cold cache, {cores} procs. {cold:6.3f} s   (target <= {1.2 * parse_only / cores:.3f} s = "
          f"1.2 x parse / {cores} cores)")
    print(f"  load, warm cache           {warm:6.3f} s")
    print(f"  CLI, no cache              {cli_none:6.3f} s")
    print(f"  CLI, cold cache            {cli_cold:6.3f} s")
    print(f"  CLI, warm cache, unchanged {cli_warm:6.3f} s   ({cli_warm / floor:.2f} x the C-loader floor, start-up "
          "included; target <= 0.3)")


if __name__ == "__main__":
    main()
