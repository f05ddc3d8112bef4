"""A machine without Pango: one line naming the library and the command that installs it, exit status 1."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from registry.render.pdf.system import INSTALL, install_command

from .conftest import REPO

WITHOUT_PANGO = """
import runpy, sys
import cffi
real = cffi.FFI.dlopen
def dlopen(self, name, flags=0):  # what a machine without the library answers
    if "pango" in str(name) or "gobject" in str(name):
        raise OSError(f"cannot load library '{name}': {name}: cannot open shared object file: No such file or directory")
    return real(self, name, flags)
cffi.FFI.dlopen = dlopen
sys.argv = ["registry", *sys.argv[1:]]
runpy.run_module("registry", run_name="__main__")
"""


@pytest.mark.parametrize("command", [["build", "{register}", "--format", "html,pdf", "--no-cache"],
                                     ["notice", "{register}", "GC-01", "--format", "pdf", "--out", "{out}"]])
def test_missing_pango_is_one_line_with_the_install_command(example: Path, tmp_path: Path, command: list[str]) -> None:
    args = [part.format(register=example, out=tmp_path / "notices") for part in command]
    done = subprocess.run([sys.executable, "-c", WITHOUT_PANGO, *args], env={**os.environ, "PYTHONPATH": str(REPO)},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == ("error: a PDF needs the Pango library, which this machine lacks (libgobject-2.0-0): "
                           f"{install_command()}\n")
    assert not (example / "output").exists() and not (tmp_path / "notices").exists()  # nothing written


def test_the_command_fits_the_platform() -> None:
    assert install_command("darwin") == "brew install pango"
    assert "pacman -S mingw-w64-ucrt-x86_64-pango" in install_command("win32")
    assert install_command("linux", 'ID=ubuntu\nID_LIKE=debian\n') == INSTALL["debian"]
    assert install_command("linux", 'ID="rocky"\nID_LIKE="rhel centos fedora"\n') == INSTALL["fedora"]
    assert install_command("linux", "ID=alpine\n").startswith("install the Pango library")


def test_the_readme_gives_the_same_commands() -> None:
    """Each platform's line of the README installs the packages the message names, with the same tool."""
    lines = [set(re.findall(r"[\w.+-]+", line)) for line in (REPO / "README.md").read_text(encoding="utf-8").splitlines()]
    for command in INSTALL.values():
        wanted = set(re.findall(r"[\w.+-]+", command.split(": ")[-1])) - {"sudo"}
        assert any(wanted <= words for words in lines), command
