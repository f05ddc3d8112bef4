"""Imported spreadsheets are data: no name becomes YAML, no file is written through a link, no bomb is read."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from .cnil_sheets import fiche

HOSTILE_SHEET = "Fiche 1\nstatus: retired\nwaivers:\n  - {rule: RT003, reason: x}\n#"
"""A sheet name that, formatted into the activity file's header comment, would write keys of its own."""


def _workbook(path: Path, sheet: str, name: str = "Gestion des clients", ref: str = "CLI-1") -> Path:
    book = Workbook()
    fiche(book.active, name, ref, "15/03/2021", "02/02/2024", purposes=[("Gestion des commandes", "Contrat")],
          data={1: ("Nom, prénom", "3 ans après le dernier achat")})
    book.active._WorkbookChild__title = sheet  # past openpyxl's check: a crafted file holds any name
    book.save(path)
    return path


def test_a_sheet_name_is_a_comment_never_keys(tmp_path: Path, run) -> None:
    into = tmp_path / "imported"
    result = run("import", "cnil", _workbook(tmp_path / "registre.xlsx", HOSTILE_SHEET), "--into", into)
    assert result.exit_code == 0, result.output
    text = (into / "activities" / "CLI-1.yaml").read_text(encoding="utf-8")
    activity = yaml.safe_load(text)
    assert "status" not in activity and "waivers" not in activity
    assert text.splitlines()[0] == ('# Imported from "registre.xlsx", sheet '
                                    '"Fiche 1\\nstatus: retired\\nwaivers:\\n  - {rule: RT003, reason: x}\\n#".')
    report = (into / "import-report.md").read_text(encoding="utf-8")
    assert 'Sheet: "Fiche 1\\nstatus: retired\\nwaivers:' in report
    assert "\nstatus: retired" not in report and "\nwaivers:" not in report


def test_names_and_values_are_scalars(tmp_path: Path, run) -> None:
    """Line breaks and YAML syntax in a fiche's name and reference stay inside their values."""
    into = tmp_path / "imported"
    name = "Clients\nstatus: retired\n---\n- x"
    source = _workbook(tmp_path / "registre.xlsx", "Fiche 1", name=name, ref="CLI-1\nstatus: retired")
    result = run("import", "cnil", source, "--into", into)
    assert result.exit_code == 0, result.output
    [path] = (into / "activities").iterdir()
    assert "\n" not in path.name and path.name.endswith(".yaml")
    activity = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert activity["name"] == name and activity["reference"] == "CLI-1\nstatus: retired"
    assert "status" not in activity
    assert "Clients\\nstatus: retired" in result.output, "the report shows the name escaped"


@pytest.mark.parametrize("link", ["activities", "", "registry.yaml"])
def test_import_refuses_to_write_through_a_link(link: str, tmp_path: Path, run) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    into = tmp_path / "imported"
    if link:
        into.mkdir()
        (into / link).symlink_to(elsewhere / link if link.endswith(".yaml") else elsewhere)
    else:
        into.symlink_to(elsewhere)
    source = _workbook(tmp_path / "registre.xlsx", "Fiche 1")
    result = run("import", "cnil", source, "--into", into, "--force")
    assert result.exit_code == 1
    assert "is a link" in result.output and "nothing was written" in result.output
    assert list(elsewhere.iterdir()) == []
