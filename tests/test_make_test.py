"""`make test` says which system packages it installs, why and how large, before installing them."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from .conftest import REPO

FAKE_APT = """#!/bin/sh
echo "apt-get $*" >> "{log}"
case "$*" in
  *--assume-no*) echo "Need to get 250 MB of archives."
                 echo "After this operation, 713 MB of additional disk space will be used."; echo "Abort."; exit 1 ;;
esac
"""


def tools(tmp_path: Path, *args: str, **env: str) -> tuple[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    log = tmp_path / "apt.log"
    (bin_dir / "apt-get").write_text(FAKE_APT.format(log=log))
    (bin_dir / "id").write_text("#!/bin/sh\necho 0\n")
    for name in ("apt-get", "id"):
        (bin_dir / name).chmod(0o755)
    done = subprocess.run(["sh", str(REPO / "tests" / "install-tools.sh"), *args], capture_output=True, text=True,
                          env={**os.environ, **env, "PATH": f"{bin_dir}:/usr/bin:/bin"}, check=True)
    return done.stdout, log.read_text() if log.exists() else ""


def test_says_what_why_and_how_large_before_installing(tmp_path: Path) -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    listed = re.search(r"TEST_TOOLS := (.*?)\n\n", makefile, re.S)[1].replace("\\\n", " ").split()
    said, calls = tools(tmp_path, *(f"/nonexistent/{tool.split(':')[-1]}:{tool.split(':')[-1]}" for tool in listed))
    assert said.splitlines() == [
        "make test installs Debian packages for the tests that open outputs as a person would:",
        "  chromium: the snippet gallery and the live preview in a headless browser",
        "  chromium-driver: the snippet gallery and the live preview in a headless browser",
        "  libreoffice-writer-nogui: Word notices and exported spreadsheets opened by Writer and Calc",
        "  libreoffice-calc-nogui: Word notices and exported spreadsheets opened by Writer and Calc",
        "  Need to get 250 MB of archives.",
        "  After this operation, 713 MB of additional disk space will be used.",
        "  (REGISTRY_NO_TEST_TOOLS=1 make test skips this; the tests that need them then skip)"]
    update, estimate, install = calls.splitlines()
    assert update == "apt-get update -qq" and "--assume-no" in estimate and install.startswith("apt-get install -y")
    assert estimate.endswith(" chromium chromium-driver libreoffice-writer-nogui libreoffice-calc-nogui")


def test_installs_nothing_when_everything_is_there_or_when_asked_not_to(tmp_path: Path) -> None:
    assert tools(tmp_path, "sh:dash") == ("", "")
    said, calls = tools(tmp_path, "/nonexistent/x:chromium", REGISTRY_NO_TEST_TOOLS="1")
    assert said == "not installing chromium: the browser and LibreOffice tests will skip and say why\n" and calls == ""
