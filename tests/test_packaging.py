"""A non-editable install carries the templates and the example register, and runs anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO

pytestmark = pytest.mark.slow


def test_wheel_installs_and_runs_from_another_folder(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", wheels, REPO],
        check=True, capture_output=True,
    )
    [wheel] = wheels.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "registry/example/registry.yaml" in names
    assert "registry/example/activities/prospection.yaml" in names
    assert any(name.startswith("registry/templates/") for name in names)

    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", site, wheel],
                   check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(site)}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def registry(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "registry", *args], cwd=elsewhere, env=env,
                              capture_output=True, text=True)

    located = registry("--version")
    assert located.returncode == 0 and "0.1.0" in located.stdout
    assert registry("init", "reg", "--example").returncode == 0
    check = registry("validate", "reg")
    assert check.returncode == 0, check.stdout + check.stderr
    where = subprocess.run([sys.executable, "-c", "import registry; print(registry.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True)
    assert where.stdout.startswith(str(site)), "the test must exercise the installed wheel, not the checkout"


@pytest.mark.parametrize("command", [["rules"], ["validate", "."], ["explain", "V007"]])
def test_commands_import_only_what_they_need(command: list[str]) -> None:
    """Reading and checking never load the template engine, WeasyPrint or python-docx."""
    probe = ("import sys, runpy; sys.argv = ['registry', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('registry', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('jinja2', 'weasyprint', 'docx') if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, *command], cwd=REPO, capture_output=True, text=True)
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr
