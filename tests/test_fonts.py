"""The documents are set in the fonts the package ships, whatever fonts the machine has."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from registry.render.pdf.weasy import asset_path
from registry.resources import fonts_dir

from .conftest import REPO

pytestmark = pytest.mark.slow

NO_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


def embedded_fonts(pdf: Path) -> set[str]:
    document = pikepdf.open(pdf)
    return {str(font.get("/BaseFont")).split("+")[-1] for page in document.pages
            for font in page.Resources.get("/Font", {}).values()}


def test_a_machine_without_fonts_makes_the_same_pdf(example: Path, tmp_path: Path) -> None:
    """Fontconfig is given no font at all: the notice is still set in DejaVu, from the package."""
    config = tmp_path / "fonts.conf"
    config.write_text(NO_FONTS.format(cache=tmp_path / "fc-cache"))
    made = {}
    for name, extra in (("bare", {"FONTCONFIG_FILE": str(config)}), ("usual", {})):
        env = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1767225600", **extra}
        done = subprocess.run([sys.executable, "-m", "registry", "notice", str(example), "GC-01", "--format", "pdf",
                               "--out", str(tmp_path / name)], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        [made[name]] = (tmp_path / name).glob("*.pdf")
    assert {"DejaVu-Sans", "DejaVu-Sans-Bold"} <= embedded_fonts(made["bare"]) == embedded_fonts(made["usual"])
    assert made["bare"].read_bytes() == made["usual"].read_bytes()


def test_the_fonts_come_with_their_licence_and_only_they_are_fetched() -> None:
    declared = (fonts_dir() / "fonts.css").read_text(encoding="utf-8")
    shipped = sorted(p.name for p in fonts_dir().glob("*.ttf"))
    assert shipped and all(f'url("{name}")' in declared for name in shipped)
    assert "Bitstream Vera" in (fonts_dir() / "LICENSE").read_text(encoding="utf-8")
    assert asset_path((fonts_dir() / shipped[0]).as_uri(), fonts_dir()) is not None
    assert asset_path((fonts_dir().parent / "cli.py").as_uri(), fonts_dir()) is None
