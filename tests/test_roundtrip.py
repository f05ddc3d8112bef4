"""An export imported back is the same register: the same JSON export and the same `check` findings, for
xlsx and ods; and a fiche changed in the spreadsheet is read from its cells, the export's data adding only
what the cells cannot say."""

from __future__ import annotations

import json
import os
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from registry import load
from registry.cnil.files import import_cnil
from registry.export import export
from registry.i18n import Messages
from registry.lint.runner import check
from registry.loading.register import Register

from .conftest import FIXTURE
from .registers import registers

DAY = date(2026, 11, 23)
EXAMPLE = Path(__file__).resolve().parent.parent


def _loaded(root: Path) -> Register:
    loaded = load(root)
    assert loaded.ok and loaded.register is not None, [str(p) for p in loaded.problems]
    return loaded.register


def round_trip(register: Register, fmt: str, tmp_path: Path, language: str = "fr") -> Register:
    source = tmp_path / f"registre.{fmt}"
    source.write_bytes(export(register, fmt, Messages(language), DAY))
    return imported(source, tmp_path / "imported")


def imported(source: Path, into: Path) -> Register:
    result = import_cnil(source, into, DAY)
    for name, content in result.files.items():
        (into / name).parent.mkdir(parents=True, exist_ok=True)
        (into / name).write_bytes(content)
    return _loaded(into)


def as_json(register: Register) -> dict:
    return json.loads(export(register, "json", Messages("fr"), DAY))


def findings(register: Register) -> Counter:
    """Each finding by activity, code and message: the files' names and lines are the import's own. FR002
    compares a fiche with its file's git history, which a register imported into a new folder has not."""
    ids = {str(s.path): s.model.id for s in register.activities}
    return Counter((ids.get(p.path, p.path), p.code, p.message) for p in check(register, DAY) if p.code != "FR002")


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
@pytest.mark.parametrize("root", [FIXTURE, EXAMPLE], ids=["frozen", "example"])
def test_an_export_imported_back_is_the_same_register(root: Path, fmt: str, tmp_path: Path) -> None:
    original = _loaded(root)
    again = round_trip(original, fmt, tmp_path)
    assert as_json(again) == as_json(original)
    assert findings(again) == findings(original)
    report = (tmp_path / "imported" / "import-report.md").read_text(encoding="utf-8")
    todo = {s.model.id for s in original.activities} - {i for i, code, _ in findings(original) if code == "A30005"}
    assert report.count("- **Missing**: none") >= len(todo), "none only where check finds nothing to complete"


def test_an_english_export_comes_back_with_both_languages(tmp_path: Path) -> None:
    original = _loaded(FIXTURE)
    assert as_json(round_trip(original, "xlsx", tmp_path, "en")) == as_json(original)


def test_a_processors_register_comes_back(processor_register, tmp_path: Path) -> None:
    original = _loaded(processor_register())
    assert as_json(round_trip(original, "ods", tmp_path)) == as_json(original)


def test_the_auditor_reads_the_facts_the_template_has_no_row_for(tmp_path: Path) -> None:
    original = _loaded(EXAMPLE)
    source = tmp_path / "registre.xlsx"
    source.write_bytes(export(original, "xlsx", Messages("fr"), DAY))
    book = openpyxl.load_workbook(source)
    texts = {str(c) for ws in book.worksheets if ws.sheet_state == "visible"
             for row in ws.iter_rows(values_only=True) for c in row if c is not None}
    for label in ("Intérêt légitime poursuivi", "Mise en balance", "Recueil du consentement", "Caractère obligatoire",
                  "Texte applicable", "Décision d'adéquation : champ", "Représentant", "Responsable(s) conjoint(s)",
                  "Contrat (article 28)", "Nature de la finalité", "Autres mesures (à préciser)"):
        assert label in texts, label
    assert "Sécurité physique des locaux" not in {c for c in texts if c.startswith("Sécurité physique")} - {
        c for c in texts if "—" in c}, "a category the CNIL list lacks is 'Autres mesures (à préciser)' with details"


def _cell(ws, label: str, column: int = 2):  # noqa: ANN001, ANN202
    return next(row[column - 1] for row in ws.iter_rows() if row[0].value == label)


def test_a_changed_fiche_is_read_from_its_cells_and_keeps_what_they_cannot_say(tmp_path: Path) -> None:
    original = _loaded(FIXTURE)
    source = tmp_path / "registre.xlsx"
    source.write_bytes(export(original, "xlsx", Messages("fr"), DAY))
    book = openpyxl.load_workbook(source)
    before = next(a.model for a in original.activities if a.model.id == "ST-01")
    ws = book["Fiche ST-01"]
    _cell(ws, "Intérêt légitime poursuivi", 3).value = "Piloter l'activité commerciale, revu en 2026"
    _cell(ws, "Nom du traitement").value = "Statistiques commerciales (revues)"
    book.save(source)
    again = imported(source, tmp_path / "imported")
    after = next(a.model for a in again.activities if a.model.id == "ST-01")
    assert str(after.name) == "Statistiques commerciales (revues)"
    assert str(after.purposes.main.interest) == "Piloter l'activité commerciale, revu en 2026"
    assert after.purposes.main.kind == before.purposes.main.kind, "the kind comes from the export's data"
    assert after.purposes.main.balancing_test == before.purposes.main.balancing_test
    assert [c.model_dump() for c in after.data_categories] == [c.model_dump() for c in before.data_categories]
    report = (tmp_path / "imported" / "import-report.md").read_text(encoding="utf-8")
    assert "I008 Fiche ST-01!A1: changed since the export" in report
    unchanged = {a.model.id: a.model for a in again.activities if a.model.id != "ST-01"}
    assert all(unchanged[a.model.id] == a.model for a in original.activities if a.model.id != "ST-01")


def _exported(root: Path, tmp_path: Path) -> tuple[Register, Path, openpyxl.Workbook]:
    register = _loaded(root)
    source = tmp_path / "registre.xlsx"
    source.write_bytes(export(register, "xlsx", Messages("fr"), DAY))
    return register, source, openpyxl.load_workbook(source)


def _complement(ws, label: str, item: str):  # noqa: ANN001, ANN202
    return next(row for row in ws.iter_rows() if row[0].value == label and row[1].value == item)


def _without(model_dump: dict, *path: str) -> dict:
    for key in path[:-1]:
        model_dump = model_dump[key]
    model_dump.pop(path[-1], None)
    return model_dump


def test_a_fiche_changed_in_one_cell_keeps_every_other_fact(tmp_path: Path) -> None:
    """A fiche with sub-purposes under a lone "Base légale" header: one changed cell, nothing else moves."""
    original, source, book = _exported(EXAMPLE, tmp_path)
    _complement(book["Fiche PR-01"], "Intérêt légitime poursuivi", "Sous-finalité 2")[2].value = "Trouver des clients"
    book.save(source)
    again = imported(source, tmp_path / "imported")
    before = next(a.model for a in original.activities if a.model.id == "PR-01").model_dump()
    after = next(a.model for a in again.activities if a.model.id == "PR-01").model_dump()
    assert after["purposes"]["sub"][1]["interest"] == "Trouver des clients"
    assert _without(after, "purposes", "sub", 1, "interest") == _without(before, "purposes", "sub", 1, "interest")


def test_a_deleted_complement_row_removes_its_fact_and_the_report_says_so(tmp_path: Path) -> None:
    _, source, book = _exported(EXAMPLE, tmp_path)
    for cell in _complement(book["Fiche PR-01"], "Intérêt légitime poursuivi", "Sous-finalité 2"):
        cell.value = None
    book.save(source)
    again = imported(source, tmp_path / "imported")
    after = next(a.model for a in again.activities if a.model.id == "PR-01")
    assert after.purposes.sub[1].interest is None, "the cells win over the export's data"
    report = (tmp_path / "imported" / "import-report.md").read_text(encoding="utf-8")
    assert "- **Removed, their row deleted from the sheet**: Intérêt légitime poursuivi (Sous-finalité 2)" in report
    assert "LB001" in report.split("## PR-01")[1].split("##")[0], "check's finding on the gap is in the fiche's part"


def test_a_changed_first_sheet_gives_the_organisation_and_its_recipients_as_its_cells_say(tmp_path: Path) -> None:
    _, source, book = _exported(EXAMPLE, tmp_path)
    ws = book["Liste des traitements"]
    _cell(ws, "Forme juridique :").value = "SA"
    _cell(ws, "Effectif :").value = "41"
    freshworks = next(row for row in ws.iter_rows() if row[0].value == "Freshworks Inc.")
    freshworks[2].value, freshworks[3].value, freshworks[4].value = "Support client", "Canada", "DPA 2025"
    commissaire = next(row for row in ws.iter_rows() if row[0].value == "Commissaire aux comptes")
    commissaire[3].value = "Atlantide"
    new = commissaire[0].row + 1
    ws.insert_rows(new)
    for column, text in enumerate(("Archives Sûres SAS", "Sous-traitant", "Archivage", "Belgique", "DPA 2026"), 1):
        ws.cell(new, column).value = text
    book.save(source)
    result = import_cnil(source, tmp_path / "imported", DAY)
    settings = yaml.safe_load(result.files["registry.yaml"])
    assert settings["organisation"]["legal_form"] == "SA" and settings["organisation"]["headcount"] == 41
    processors = {p["name"]: p for p in settings["processors"]}
    assert processors["Freshworks Inc."] | {"service": None} == {
        "id": "freshworks", "name": "Freshworks Inc.", "service": None, "country": "CA", "contract": "DPA 2025"}
    assert processors["Freshworks Inc."]["service"] == "Support client"
    assert processors["Archives Sûres SAS"] == {"id": "archives-sures-sas", "name": "Archives Sûres SAS",
                                               "service": "Archivage", "country": "BE", "contract": "DPA 2026"}
    assert next(r for r in settings["recipients"] if r["id"] == "auditor")["country"] == "FR", "not understood: kept"
    assert any(p.code == "I003" and "Atlantide" in p.message for p in result.problems)
    assert result.loaded.ok


def test_a_deleted_fiche_is_not_imported_and_said(tmp_path: Path) -> None:
    source = tmp_path / "registre.xlsx"
    source.write_bytes(export(_loaded(FIXTURE), "xlsx", Messages("fr"), DAY))
    book = openpyxl.load_workbook(source)
    del book["Fiche AV-01"]
    book.save(source)
    result = import_cnil(source, tmp_path / "imported")
    assert "activities/AV-01.yaml" not in result.files
    assert any(p.code == "I009" and "AV-01" in p.message for p in result.problems)


def test_a_damaged_data_sheet_leaves_the_cells(tmp_path: Path) -> None:
    source = tmp_path / "registre.xlsx"
    source.write_bytes(export(_loaded(FIXTURE), "xlsx", Messages("fr"), DAY))
    book = openpyxl.load_workbook(source)
    book["Données pour registry"]["D2"].value = "{cut"
    book.save(source)
    result = import_cnil(source, tmp_path / "imported")
    assert any(p.code == "I012" for p in result.problems)
    assert result.loaded.ok
    assert "kind" not in yaml.safe_load(result.files["activities/ST-01.yaml"])["purposes"]["main"]


@pytest.mark.parametrize(("text", "day"), [("le 3 mars 2022", date(2022, 3, 3)), ("mars 2022", date(2022, 3, 1)),
                                           ("1er avril 2021", date(2021, 4, 1)), ("March 3, 2022", date(2022, 3, 3)),
                                           ("3 août 2020", date(2020, 8, 3)), ("31 février 2020", None)])
def test_dates_in_words_are_read(text: str, day: date | None) -> None:
    from registry.cnil.importer import date_in_words

    assert date_in_words(text) == day


def test_an_ambiguous_date_is_read_day_first_and_both_readings_are_named(tmp_path: Path) -> None:
    from registry.cnil.importer import Importer
    from registry.cnil.reader import Value

    importer = Importer(tmp_path / "registre.xlsx")
    assert importer._date(Value("03/04/2022", "Fiche 1!B7")) == date(2022, 4, 3)
    assert importer._date(Value("25/04/2022", "Fiche 1!B8")) == date(2022, 4, 25)
    assert [(p.code, p.line, p.message) for p in importer.problems] == [
        ("I011", 7, "Fiche 1!B7: '03/04/2022' reads as 3 April 2022 (day first, as in France) or 4 March 2022 "
                    "(month first): read as 3 April 2022")]


def test_a_recipient_in_a_third_country_takes_its_kind_from_the_words_and_its_country_from_the_transfers(
        tmp_path: Path) -> None:
    from .cnil_sheets import fiche

    book = openpyxl.Workbook()
    fiche(book.active, "Support client", "SUP-1", "01/02/2023", "01/03/2024",
          purposes=[("Assistance aux clients", "Contrat")], data={0: ("Nom, courriel", "3 ans")},
          subjects=[("Clients", "")],
          recipients=[("Destinataires dans des pays tiers ou organisations internationales", "Infotech Services Pvt"),
                      ("Destinataires dans des pays tiers ou organisations internationales",
                       "OMS, organisation internationale")],
          transfers=[("Infotech Services Pvt", "Inde", "Clauses contractuelles types (CCT)", "")])
    source = tmp_path / "registre.xlsx"
    book.save(source)
    result = import_cnil(source, tmp_path / "imported")
    settings = yaml.safe_load(result.files["registry.yaml"])
    recipients = {r["name"]: r for r in settings["recipients"]}
    assert recipients["Infotech Services Pvt"]["kind"] == "other", "a company is not an international organisation"
    assert recipients["Infotech Services Pvt"]["country"] == "IN", "the country of the fiche's transfer table"
    assert recipients["OMS, organisation internationale"]["kind"] == "international_organisation"
    assert recipients["OMS, organisation internationale"]["country"] == "todo", "no country is assumed"


EXAMPLES = int(os.environ.get("FUZZ_RUNS", "0")) or 4
"""Generated registers per format: a few in the default suite, ``FUZZ_RUNS`` of them in ``make fuzz``."""


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_generated_registers_covering_every_field_come_back(fmt: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(registers())
    def round_trips(made: tuple[dict, list[dict]]) -> None:
        root = tmp_path_factory.mktemp("generated")
        settings_data, activities = made
        (root / "activities").mkdir()
        (root / "registry.yaml").write_text(yaml.safe_dump(settings_data, allow_unicode=True), encoding="utf-8")
        for activity in activities:
            (root / "activities" / f"{activity['id']}.yaml").write_text(
                yaml.safe_dump(activity, allow_unicode=True), encoding="utf-8")
        original = _loaded(root)
        again = round_trip(original, fmt, tmp_path_factory.mktemp("imported"), settings_data["register"]["language"])
        assert as_json(again) == as_json(original)
        assert findings(again) == findings(original)

    round_trips()


def test_the_data_sheet_is_unpacked_no_further_than_an_export_holds() -> None:
    import base64
    import zlib

    from registry.workbook.carrier import MAX_DATA, chunks, joined

    assert joined(chunks({"id": "GC-01", "name": {"fr": "Clients", "en": "Customers"}})) == {
        "id": "GC-01", "name": {"fr": "Clients", "en": "Customers"}}
    bomb = base64.b64encode(zlib.compress(b"[" + b" " * (MAX_DATA + 1) + b"]", 9)).decode()
    with pytest.raises(ValueError, match="more than"):
        joined([bomb])
