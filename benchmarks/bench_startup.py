"""Start-up cost: the import time of the command line (``python -X importtime``), and which heavy
libraries each command loads. Usage: python benchmarks/bench_startup.py"""

from __future__ import annotations

import re
import subprocess
import sys


def main() -> None:
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import registry.cli"],
                          capture_output=True, text=True, check=True)
    total = int(re.findall(r"\|\s+(\d+) \| registry\.cli$", done.stderr, re.M)[-1])
    print(f"import registry.cli: {total / 1e6:.2f} s (cumulative, python -X importtime)")
    heaviest = sorted(((int(m.group(2)), m.group(3).strip()) for m in re.finditer(
        r"^import time:\s+(\d+) \|\s+(\d+) \| (.*)$", done.stderr, re.M)), reverse=True)[:8]
    for micros, name in heaviest:
        print(f"  {micros / 1e6:6.2f} s  {name}")


if __name__ == "__main__":
    main()
