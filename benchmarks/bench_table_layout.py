"""The register's PDF laid out with the shipped fixed column widths, and with the automatic table
layout they replaced, in one WeasyPrint pass each, in one run.

Usage: bench_table_layout.py [ACTIVITIES] (default 40). Prints both times and page counts: the fixed
widths should save time without adding pages.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pypdf import PdfReader  # noqa: E402
from synthetic import make_register  # noqa: E402

from registry import load  # noqa: E402
from registry.build import build_register  # noqa: E402
from registry.render.pdf.weasy import render_pdf  # noqa: E402
from registry.resources import templates_dir  # noqa: E402

AUTOMATIC = ("<style>@media print { table { table-layout: auto; } table:not(.fields) th { width: auto !important; } }"
             "</style>\n</head>")
"""The stylesheet as it was: automatic layout, no widths but the label column of field tables."""


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1790000000")
    with tempfile.TemporaryDirectory() as folder:
        register = load(make_register(Path(folder), count)).register
        fixed = build_register(register, ["html"]).artifacts[0].content.decode()
    automatic = fixed.replace("</head>", AUTOMATIC, 1)
    times = {}
    for name, html in (("automatic", automatic), ("fixed", fixed)):
        start = time.perf_counter()
        pdf, _ = render_pdf(html, templates_dir())
        times[name] = time.perf_counter() - start
        print(f"{name:9} column widths: {times[name]:6.1f} s, {len(PdfReader(io.BytesIO(pdf)).pages)} pages")
    print(f"fixed / automatic: {times['fixed'] / times['automatic']:.2f} ({count} activities)")


if __name__ == "__main__":
    main()
