"""The snippet gallery in a real headless browser: it loads with its policy and is what the README shows.

`make test` installs Debian's chromium where it can (as root, with apt-get); elsewhere this test skips and
says why. `make golden` refreshes the screenshot the README shows (docs/gallery.png).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine: 'make test' installs it as root with "
                                             "apt-get, which could not run here")
def test_gallery_screenshot(run, example: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    assert run("build", example, "--format", "html").exit_code == 0
    page = example / "output" / "notices" / "PR-01.html"
    shot = tmp_path / "gallery.png"
    done = subprocess.run([str(CHROMIUM), "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           f"--screenshot={shot}", "--window-size=1100,1300", page.resolve().as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    content = shot.read_bytes()
    assert content.startswith(b"\x89PNG") and len(content) > 50_000  # a rendered page, not a blank one
    assert "Refused to execute" not in done.stderr  # the page's own script is allowed by its policy
    if request.config.getoption("--update-golden"):
        shutil.copyfile(shot, REPO / "docs" / "gallery.png")
    assert (REPO / "docs" / "gallery.png").is_file(), "run 'make golden' to take the README's screenshot"
