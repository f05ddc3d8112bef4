"""`registry import cnil`: real-looking spreadsheets in, a valid register and a located report out;
and our own exports imported back to an equivalent register."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml

from registry import load
from registry.cnil.files import import_cnil
from registry.export import export
from registry.i18n import Messages
from registry.law.retention_wording import retention_sentence
from registry.lint.runner import check
from registry.loading.register import Register
from registry.models.vocabulary import TODO, given

from .cnil_sheets import messy_workbook
from .conftest import FIXTURE

CALC = Path("/usr/lib/libreoffice/program/libsclo.so")


def _imported(tmp_path: Path, source: Path, run) -> tuple[Path, str]:
    into = tmp_path / "imported"
    result = run("import", "cnil", source, "--into", into)
    assert result.exit_code == 0, result.output
    return into, result.output


def _register(root: Path) -> Register:
    loaded = load(root)
    assert loaded.ok, [str(p) for p in loaded.problems]
    assert loaded.register is not None
    return loaded.register


def facts(register: Register) -> dict[str, dict[str, object]]:
    """What the CNIL layout carries, by activity, in the register's words (names, not ids)."""
    t = Messages("fr")
    found = {}
    for sourced in register.controller_activities:
        model = sourced.model
        name = lambda ref: register.name_of(ref, "fr")  # noqa: E731
        retention = lambda value: retention_sentence(value, t) if given(value) else value  # noqa: E731
        found[model.id] = {
            "name": str(model.name), "description": str(model.description),
            "owner": name(model.owner) if model.owner != TODO else TODO,
            "dates": register.dates_of(sourced),
            "purposes": [(str(p.label), p.basis) for p in model.purposes.all()],
            "subjects": [(s.category, str(s.details) if s.details else None) for s in model.data_subjects],
            "data": sorted((c.category, str(c.description), retention(c.retention)) for c in model.data_categories),
            "special": [(c.category, str(c.description), retention(c.retention)) for c in model.special_categories],
            "recipients": sorted(name(ref) for ref in model.recipient_ids),
            "measures": sorted(register.measure(m.ref).category for m in model.security_measures),
            "transfers": [(name(x.recipient), x.country, x.tool, x.documentation) for x in model.transfers],
        }
    return found


@pytest.mark.parametrize("fmt", ["ods", "xlsx"])
def test_export_then_import_gives_an_equivalent_register(fmt: str, tmp_path: Path, run) -> None:
    original = _register(FIXTURE)
    source = tmp_path / f"registre.{fmt}"
    source.write_bytes(export(original, fmt, Messages("fr"), date(2026, 11, 23)))
    into, report = _imported(tmp_path, source, run)
    again = _register(into)
    assert facts(again) == facts(original)
    assert "Données par catégorie!A1: the flat table of an export" in report, "our own flat sheet is recognised"
    settings, before = again.settings, original.settings
    assert settings.organisation.name == before.organisation.name
    assert settings.organisation.address == before.organisation.address
    assert settings.dpo is not None and before.dpo is not None
    assert (settings.dpo.name, settings.dpo.company, settings.dpo.email) == \
        (before.dpo.name, before.dpo.company, before.dpo.email)


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    return messy_workbook(tmp_path / "registre-traitement.xlsx")


def test_a_messy_spreadsheet_gives_a_valid_register_and_a_located_report(messy: Path, tmp_path: Path, run) -> None:
    into, output = _imported(tmp_path, messy, run)
    register = _register(into)
    assert sorted(a.model.id for a in register.activities) == ["BEN-1", "CLI-1"], \
        "the example and the blank model are skipped, the copy imported once"
    report = (into / "import-report.md").read_text(encoding="utf-8")
    assert report in output
    for located in ("I002 Fiche 1 (2)!A1", "I001 4 - Exemple de fiche!A1", "I001 3 - Modèle de fiche!A1",
                    "I004 Fiche 3!B7", "I003 Fiche 3!B"):
        assert located in report, located

    clients = yaml.safe_load((into / "activities" / "CLI-1.yaml").read_text(encoding="utf-8"))
    assert clients["created"] == date(2021, 3, 15) and clients["updated"] == date(2024, 2, 2)
    assert [(p["basis"]) for p in (clients["purposes"]["main"], *clients["purposes"]["sub"])] == ["contract", "consent"]
    assert clients["data_categories"][0]["retention"] == {"duration": "P3Y", "from": "end_of_relationship"}

    gaps = next(a for a in register.activities if a.model.id == "BEN-1").model
    assert gaps.purposes.main.basis == TODO
    assert gaps.data_categories[0].retention == TODO
    assert gaps.data_categories[1].retention.criterion is not None, "a retention in words is kept as the criterion"
    assert gaps.special_categories[0].category == "health" and gaps.special_categories[0].exception == TODO
    assert gaps.data_subjects[0].category == "other" and "Bénévoles" in str(gaps.data_subjects[0].details)
    assert gaps.transfers[0].country == "US" and gaps.transfers[0].adequacy_scope == "dpf"
    assert "Coffre-fort" in str(gaps.security_measures[0].details), "an unknown measure is kept as text"
    assert gaps.updated is None, "an unreadable date is left to git"
    assert str(gaps.notes).splitlines() == ["- Note : vérifier avec la DSI (Fiche 3!J20)",
                                            "- Commentaire interne : à confirmer par le bureau (Fiche 3!D54)"]
    assert "revu en comité" in str(next(a for a in register.activities if a.model.id == "CLI-1").model.notes)
    ben = report.split("## BEN-1")[1].split("\n## ")[0]
    assert "- **Missing**:\n  - error A30005 `owner` (line 5)" in ben, "the report lists what check finds to complete"
    assert "A30005 `basis`" in ben and "A30005 `exception`" in ben and "**Missing**: none" not in ben
    assert "legal basis of 'Gestion des bénévoles de l'association…'" in ben, "cut at a word's end"
    assert "## registry.yaml\n\n- **Missing**:\n  - error A30006 `service`" in report
    for located in ("I010 Fiche 3!J20", "I010 Fiche 3!D54", "I010 2 - Liste des traitements!D20"):
        assert located in report, "nothing is dropped without saying so"

    findings = check(register, date(2026, 11, 23))
    todo = {(p.path, p.line) for p in findings if p.code == "A30005"}
    assert ("activities/BEN-1.yaml", _line(into / "activities" / "BEN-1.yaml", "basis: todo")) in todo
    assert any(p.code == "A30006" for p in findings), "what the spreadsheet does not say about processors"

    assert run("build", into, "--format", "html", "--out", tmp_path / "out").exit_code == 0
    html = (tmp_path / "out" / "register.html").read_text(encoding="utf-8")
    assert html.count('class="todo"') >= 4
    assert "Note : vérifier avec la DSI (Fiche 3!J20)" in html, "the notes are in the register's fiche"
    refused = run("notice", into, "BEN-1")
    assert refused.exit_code == 1 and "N001" in refused.output and "basis" in refused.output
    drafted = run("notice", into, "BEN-1", "--draft")
    assert drafted.exit_code == 0 and "À COMPLÉTER" in drafted.output.upper()


def _line(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line)


def test_a_thirty_fiche_register_imports_in_one_command(tmp_path: Path, run) -> None:
    source = messy_workbook(tmp_path / "trente.xlsx", extra_fiches=28)
    into, _ = _imported(tmp_path, source, run)
    assert len(_register(into).activities) == 30


@pytest.mark.slow
def test_libreoffice_files_import_too(messy: Path, tmp_path: Path, run) -> None:
    """The same spreadsheet saved by LibreOffice as .ods: its own repeated cells and styles."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or not CALC.exists():
        pytest.skip("LibreOffice Calc is not installed (make test-tools installs it where it can)")
    subprocess.run([soffice, "--headless", "--convert-to", "ods", "--outdir", tmp_path, messy],
                   check=True, capture_output=True, timeout=120)
    into, _ = _imported(tmp_path, tmp_path / "registre-traitement.ods", run)
    assert sorted(a.model.id for a in _register(into).activities) == ["BEN-1", "CLI-1"]


def test_nothing_is_overwritten_without_force(messy: Path, tmp_path: Path, run) -> None:
    into, _ = _imported(tmp_path, messy, run)
    settings = into / "registry.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "# my notes\n", encoding="utf-8")
    again = run("import", "cnil", messy, "--into", into)
    assert again.exit_code == 1 and "already exists; nothing was changed" in again.output
    assert settings.read_text(encoding="utf-8").endswith("# my notes\n")
    assert run("import", "cnil", messy, "--into", into, "--force").exit_code == 0
    assert not settings.read_text(encoding="utf-8").endswith("# my notes\n")


@pytest.mark.parametrize("content", [b"not a spreadsheet", b"PK\x03\x04broken zip"])
def test_a_broken_file_is_a_clear_error(content: bytes, tmp_path: Path, run) -> None:
    source = tmp_path / "registre.xlsx"
    source.write_bytes(content)
    result = run("import", "cnil", source, "--into", tmp_path / "out")
    assert result.exit_code == 1 and "not a readable xlsx workbook" in result.output
    assert not (tmp_path / "out").exists()


def test_a_spreadsheet_that_is_no_register(tmp_path: Path, run) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Budget 2026", 1200])
    book.save(tmp_path / "budget.xlsx")
    result = run("import", "cnil", tmp_path / "budget.xlsx", "--into", tmp_path / "out")
    assert result.exit_code == 1 and "I005" in result.output and not (tmp_path / "out").exists()


def test_import_into_memory_is_validated(messy: Path, tmp_path: Path) -> None:
    result = import_cnil(messy, tmp_path)
    assert result.loaded.ok and set(result.files) >= {"registry.yaml", "import-report.md"}
