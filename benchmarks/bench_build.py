"""Time `registry build` on a synthetic register.

Targets (1,000 activities): HTML under 3 s; the PDF build no more than 15 %
slower than WeasyPrint alone rendering the same HTML. Both PDF figures come
from the same run. Usage: bench_build.py [ACTIVITIES] (default 1000).
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pypdf import PdfReader  # noqa: E402
from synthetic import make_register  # noqa: E402
from weasyprint import HTML  # noqa: E402

from registry import load  # noqa: E402
from registry.build import build_register  # noqa: E402
from registry.render.pdf.weasy import fetcher  # noqa: E402
from registry.resources import templates_dir  # noqa: E402


def timed(action):
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as folder:
        register = load(make_register(Path(folder), count)).register
        html_time, html_build = timed(lambda: build_register(register, ["html"]))
        html = next(a.content for a in html_build.artifacts if a.path == "register.html").decode()
        assets = templates_dir().resolve().as_uri() + "/"
        alone, _ = timed(lambda: HTML(string=html, base_url=assets, url_fetcher=fetcher(templates_dir())).write_pdf())
        ours, result = timed(lambda: build_register(register, ["pdf"]))
    pages = len(PdfReader(io.BytesIO(result.artifacts[0].content)).pages)
    print(f"build, {count} activities:")
    print(f"  HTML (register + {count} pages)   {html_time:7.2f} s   (target < 3 s)")
    print(f"  WeasyPrint alone, same HTML      {alone:7.2f} s")
    print(f"  registry build --format pdf      {ours:7.2f} s   ({100 * (ours / alone - 1):+.1f} %, target <= +15 %)")
    print(f"  PDF pages                        {pages}")


if __name__ == "__main__":
    main()
