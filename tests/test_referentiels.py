"""The table of référentiels: every entry sourced, every figure and basis enforced, every kind a valid new fiche."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from registry import load
from registry.law import referentiels
from registry.law.dpia import screen
from registry.law.referentiels import Figure, Kind
from registry.lint.runner import check
from registry.models.vocabulary import DataCategory, LegalBasis, PurposeKind, SubjectCategory, values
from registry.new_activity import new_activity

from .rules.test_rules import TODAY

KINDS = referentiels.kinds()
FIGURES = [(k, f) for k in KINDS for f in k.figures]
BASIS_FACTS = {
    "legitimate_interests": "    interest: Un intérêt.\n    balancing_test: AIL-1\n",
    "legal_obligation": "    legal_reference: Un texte\n",
    "public_task": "    legal_reference: Un texte\n",
    "consent": "    consent: {collection: Case non cochée, withdrawal: Lien}\n",
}
CATALOGUES = """
  - id: hr
    name: {fr: Ressources humaines, en: Human resources}
  - id: it
    name: {fr: Informatique, en: IT}
"""


def test_the_table_holds_exactly_the_model_kinds() -> None:
    assert set(referentiels.table().kinds) == set(values(PurposeKind))


@pytest.mark.parametrize("entry", KINDS, ids=[k.name for k in KINDS])
def test_every_entry_has_its_sources_and_speaks_the_model(entry: Kind) -> None:
    assert entry.sources, entry.name
    for source in [*entry.sources, *(f.source for f in entry.figures)]:
        assert source.reference and source.url.startswith("https://"), source.id
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", source.date), source.id
        assert set(source.title) == {"fr", "en"}
    assert set(entry.label) == set(entry.description) == {"fr", "en"}
    assert entry.bases and set(entry.bases) <= set(values(LegalBasis))
    assert not {r.basis for r in entry.never} & set(entry.bases)
    assert set(entry.typical.data_subjects) <= set(values(SubjectCategory))
    assert {c.category for c in entry.typical.data_categories} <= set(values(DataCategory))
    for figure in entry.figures:
        assert figure.ceiling or figure.floor, f"{entry.name}: a figure with nothing to check"
        assert set(figure.note) == {"fr", "en"}
    if entry.dpia.listed != "none":
        assert entry.dpia.item and entry.dpia.source


def _activity(entry: Kind, basis: str, category: str, retention: str) -> str:
    return (f"id: T-01\nname: Test\nowner: sales\ndescription: Un test.\ncreated: 2025-01-01\nupdated: 2025-02-01\n"
            f"purposes:\n  main:\n    label: Test\n    kind: {entry.name}\n    basis: {basis}\n"
            f"{BASIS_FACTS.get(basis, '')}"
            f"data_subjects:\n  - category: {entry.typical.data_subjects[0]}\n"
            f"data_categories:\n  - category: {category}\n    description: Des données\n"
            f"    retention: {retention}\n")


def _findings(example: Path, text: str, code: str) -> list[tuple[int, str]]:
    (example / "activities" / "t.yaml").write_text(text, encoding="utf-8")
    result = load(example)
    assert result.ok, [str(p) for p in result.problems]
    return [(p.line, p.message) for p in check(result.register, TODAY, select=[code])
            if p.path == "activities/t.yaml"]


def _retention_line(text: str) -> int:
    return text.splitlines().index(next(line for line in text.splitlines() if "retention:" in line)) + 1


def _retention(figure: Figure, duration: str) -> str:
    start = figure.start or figure.counted_from or "collection"
    return f"{{duration: {duration}, from: {start}}}"


@pytest.mark.parametrize(("entry", "figure"), [(k, f) for k, f in FIGURES if f.ceiling],
                         ids=[f"{k.name}-{f.index}" for k, f in FIGURES if f.ceiling])
def test_each_ceiling_warns_on_a_register_beyond_it(example: Path, entry: Kind, figure: Figure) -> None:
    assert figure.ceiling is not None
    category = figure.categories[0] if figure.categories else "identity"
    beyond = f"P{figure.ceiling.approximate_days + 1}D"
    text = _activity(entry, entry.bases[0], category, _retention(figure, beyond))
    found = _findings(example, text, "RF001")
    assert [line for line, message in found if figure.source.cited in message] == [_retention_line(text)]
    within = _findings(example, _activity(entry, entry.bases[0], category, _retention(figure, str(figure.ceiling))),
                       "RF001")
    assert within == []


@pytest.mark.parametrize(("entry", "figure"), [(k, f) for k, f in FIGURES if f.floor],
                         ids=[f"{k.name}-{f.index}" for k, f in FIGURES if f.floor])
def test_each_floor_warns_on_a_register_short_of_it(example: Path, entry: Kind, figure: Figure) -> None:
    assert figure.floor is not None
    category = figure.categories[0] if figure.categories else "identity"
    short = f"P{figure.floor.approximate_days - 1}D"
    text = _activity(entry, entry.bases[0], category, _retention(figure, short))
    found = _findings(example, text, "RF002")
    assert [line for line, message in found if figure.source.cited in message] == [_retention_line(text)]
    enough = _findings(example, _activity(entry, entry.bases[0], category, _retention(figure, str(figure.floor))),
                       "RF002")
    assert [m for _, m in enough if figure.source.cited in m] == []


@pytest.mark.parametrize("entry", KINDS, ids=[k.name for k in KINDS])
def test_a_basis_the_kind_does_not_admit_is_an_error(example: Path, entry: Kind) -> None:
    refused = entry.never[0].basis if entry.never else next(b for b in values(LegalBasis) if b not in entry.bases)
    found = _findings(example, _activity(entry, refused, "identity", "{duration: P1M, from: collection}"), "LB009")
    assert [line for line, _ in found] == [11]
    if entry.never:
        assert entry.never[0].reason["en"] in found[0][1]


def test_the_example_s_complaints_of_the_issue_are_heard(example: Path) -> None:
    """Candidates kept 5 years, logs 5 years, audience data 5 years, payroll deleted after a year."""
    cases = {"recruitment": ("professional_life", "{duration: P5Y, from: last_contact}", "RF001"),
             "it_security_logs": ("connection", "{duration: P5Y, from: collection}", "RF001"),
             "website_audience": ("internet", "{duration: P5Y, from: collection}", "RF001"),
             "payroll": ("economic_financial", "{duration: P1Y, from: transaction}", "RF002")}
    for name, (category, retention, code) in cases.items():
        entry = referentiels.kind(name)
        assert _findings(example, _activity(entry, entry.bases[0], category, retention), code), name


def test_monitoring_kinds_meet_systematic_monitoring_and_whistleblowing_is_on_the_cnil_list(example: Path) -> None:
    (example / "activities" / "t.yaml").write_text(
        _activity(referentiels.kind("video_surveillance"), "legitimate_interests", "identity",
                  "{duration: P1M, from: collection}").replace("category: employees", "category: employees"),
        encoding="utf-8")
    video = next(a for a in load(example).register.activities if a.model.id == "T-01").model
    screening = screen(video)
    assert "systematic_monitoring" in screening.criteria and screening.verdict == "required"
    (example / "activities" / "t.yaml").write_text(
        _activity(referentiels.kind("whistleblowing"), "legal_obligation", "identity",
                  "{duration: P1M, from: collection}"), encoding="utf-8")
    alerts = next(a for a in load(example).register.activities if a.model.id == "T-01").model
    assert screen(alerts).cnil_items == (6,)


def test_payroll_s_exemption_waits_for_the_headcount(example: Path) -> None:
    (example / "activities" / "t.yaml").write_text(
        _activity(referentiels.kind("payroll"), "legal_obligation", "economic_financial",
                  "{duration: P6Y, from: transaction}").replace("owner: sales", "owner: accounting"), encoding="utf-8")
    payroll = next(a for a in load(example).register.activities if a.model.id == "T-01").model
    assert screen(payroll, 38).exemption == 1
    assert screen(payroll, 300).exemption is None


@pytest.fixture
def catalogued(example: Path) -> Path:
    """The frozen register with the departments the table names (human resources, IT)."""
    settings = example / "registry.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("departments:\n", "departments:" + CATALOGUES, 1), encoding="utf-8")
    return example


@pytest.mark.parametrize("entry", KINDS, ids=[k.name for k in KINDS])
def test_a_new_fiche_validates_and_its_only_findings_are_its_todos(catalogued: Path, entry: Kind) -> None:
    path, content = new_activity(catalogued, entry.name, None)
    (catalogued / path).write_bytes(content)
    result = load(catalogued)
    assert result.ok, [str(p) for p in result.problems]
    found = [p for p in check(result.register, TODAY) if p.path == path]
    assert found and {p.code for p in found} == {"A30005"}, [str(p) for p in found]
    data = yaml.safe_load(content)
    assert data["purposes"]["main"]["kind"] == entry.name
    assert entry.sources[0].url in content.decode()


def test_a_new_fiche_reuses_the_recipients_of_the_register_s_activities_of_its_kind(example: Path, run) -> None:
    reviews = example / "activities" / "avis-clients.yaml"
    text = reviews.read_text(encoding="utf-8")
    reviews.write_text(text.replace("    basis: legitimate_interests", "    kind: reviews\n    basis: legitimate_interests",
                                    1), encoding="utf-8")
    result = run("new", "activity", str(example), "--kind", "reviews", "--id", "AV-02")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((example / "activities" / "AV-02.yaml").read_text(encoding="utf-8"))
    existing = yaml.safe_load((example / "activities" / "avis-clients.yaml").read_text(encoding="utf-8"))
    assert [r["ref"] for r in data["recipients"]] == list(dict.fromkeys(r["ref"] for r in existing["recipients"]))
    again = run("new", "activity", str(example), "--kind", "reviews", "--id", "AV-02")
    assert again.exit_code == 1 and "already exists" in again.output


def test_an_unknown_kind_is_one_line(example: Path, run) -> None:
    result = run("new", "activity", str(example), "--kind", "astrology")
    assert result.exit_code == 1 and "no kind 'astrology'" in result.output
    assert not (example / "activities" / "astrology.yaml").exists()


def test_the_list_explain_and_rules_name_the_sources_and_the_version(run) -> None:
    version = referentiels.table().version
    listing = run("new", "--list").output
    assert version in listing and all(k.name in listing for k in KINDS)
    explained = run("explain", "vehicle_geolocation").output
    assert "Délibération n° 2015-165 du 4 juin 2015" in explained and "ceiling (warning) P2M" in explained
    assert "2015-06-04" in explained and "a recommendation" in explained
    assert "Délibération n° 2019-160" in run("explain", "RF003").output
    assert f"version {version}" in run("rules").output


def test_the_editor_schema_offers_each_kind_with_its_description(run) -> None:
    schema = json.loads(run("schema", "activity").output)
    kind = schema["$defs"]["Purpose"]["properties"]["kind"]["anyOf"][0]
    assert kind["enum"] == list(values(PurposeKind))
    assert len(kind["enumDescriptions"]) == len(kind["enum"])
    assert kind["enumDescriptions"][kind["enum"].index("whistleblowing")].startswith("Alertes professionnelles")
