"""Time `registry export` in every format and `registry import cnil` of the spreadsheets, at 1,000 activities.

The import reads back the CNIL workbooks the export wrote (so every fiche is
full), validates the result with the loader, and checks it has every activity.
The ODS figures are also printed as a ratio of the xlsx ones, measured in the same run.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import make_register  # noqa: E402

from registry import load  # noqa: E402
from registry.cnil.files import import_cnil  # noqa: E402
from registry.export import export  # noqa: E402
from registry.formats import EXPORT_FORMATS  # noqa: E402
from registry.i18n import Messages  # noqa: E402

COUNT = 1000


def timed(action):  # noqa: ANN001, ANN201
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_register(Path(tmp) / "register", COUNT)
        register, seconds = timed(lambda: load(root).register)
        print(f"{COUNT} activities, loaded in {seconds:.2f} s")
        took: dict[str, float] = {}
        for fmt in EXPORT_FORMATS:
            content, seconds = timed(lambda: export(register, fmt, Messages("fr"), date(2026, 11, 23)))
            path = Path(tmp) / f"registre.{fmt}"
            path.write_bytes(content)
            took[f"export {fmt}"] = seconds
            print(f"export {fmt:6} {seconds:6.2f} s  {len(content) / 1e6:5.1f} MB")
        for fmt in ("xlsx", "ods"):
            result, seconds = timed(lambda: import_cnil(Path(tmp) / f"registre.{fmt}", Path(tmp) / "imported"))
            imported = len(result.loaded.register.activities) if result.loaded.register else 0
            took[f"import {fmt}"] = seconds
            print(f"import {fmt:6} {seconds:6.2f} s  {imported} activities, valid: {result.loaded.ok}")
        for step in ("export", "import"):
            print(f"{step} ods / xlsx: {took[f'{step} ods'] / took[f'{step} xlsx']:.2f}")


if __name__ == "__main__":
    main()
