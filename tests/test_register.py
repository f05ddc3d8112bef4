"""Facts derived once from the register, and the functions behind the score and the DPIA screening."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from registry import load
from registry.i18n import Messages
from registry.law import dpia
from registry.law.completeness import score
from registry.lint.runner import check
from registry.loading.register import Register, natural_key
from registry.loading.version import Version
from registry.views import BuildInfo, register_view

from .conftest import activity

STAMP = BuildInfo(Version(None, False), datetime(2026, 1, 1, tzinfo=timezone.utc))


def loaded(root: Path) -> Register:
    result = load(root)
    assert result.ok, [str(p) for p in result.problems]
    assert result.register is not None
    return result.register


def test_only_departments_are_where_the_organisation_is(example: Path) -> None:
    """Departments are the organisation itself; a recipient without a country is not assumed to be there,
    for every stage alike: the documents say so, and TR004 cannot flag what is not written (TR006 warns)."""
    settings = example / "registry.yaml"
    text = settings.read_text(encoding="utf-8").replace("    city: Lyon\n    country: FR", "    city: Genève\n    country: CH")
    text = text.replace("dpo:", "eu_representative:\n  name: Rep EU\n  email: rep@eu.example\ndpo:", 1)
    text = text.replace("    kind: public_authority\n    country: FR\n", "    kind: public_authority\n", 1)
    text = text.replace("    kind: other\n    country: FR\n", "    kind: other\n    country: CH\n", 1)
    settings.write_text(text, encoding="utf-8")
    register = loaded(example)
    assert register.settings.organisation.address.country == "CH"
    assert register.country_of("sales") == "CH" and register.country_of("auditor") == "CH"
    assert register.country_of("tax-authority") is None and register.country_of("maison-confort") == "FR"
    assert register.country_of("freshworks") == "US"

    customers = next(a for a in register.activities if a.model.id == "GC-01")
    flagged = {p.message.split("'")[1] for p in check(register, date(2025, 6, 1), select=["TR004", "TR006"])}
    assert {"auditor", "tax-authority"} <= flagged
    assert "30(1)(e)" in {item.key for item in score(register, customers).missing}
    view = register_view(register, Messages("fr"), STAMP)
    fiche = next(f for f in view.fiches if f.id == "GC-01")
    assert fiche.controller is not None
    countries = {r.name: r.country for r in fiche.controller.recipients}
    assert countries["Administration fiscale"] == "Non précisé" and countries["Freshworks Inc."] == "États-Unis"
    assert countries["Commissaire aux comptes"] == "Suisse"


def test_activities_are_in_natural_order_everywhere(example: Path) -> None:
    for number in (10, 2):
        (example / "activities" / f"t{number}.yaml").write_text(
            activity(("id: T-01", f"id: GC-{number}")), encoding="utf-8")
    register = loaded(example)
    ids = [a.model.id for a in register.ordered]
    assert ids.index("GC-01") < ids.index("GC-2") < ids.index("GC-10")
    assert natural_key("GC-2") < natural_key("GC-10")
    view = register_view(register, Messages("fr"), STAMP)
    assert [f.id for f in view.fiches] == ids


def test_completeness_score_as_a_function(example: Path) -> None:
    register = loaded(example)
    full = score(register, next(a for a in register.activities if a.model.id == "PR-01"))
    assert full.percent == 100 and full.missing == []
    (example / "activities" / "t.yaml").write_text(activity(), encoding="utf-8")
    bare = score(loaded(example), next(a for a in loaded(example).activities if a.model.id == "T-01"))
    assert [i.key for i in bare.missing] == ["30(1)(d)", "30(1)(g)"]
    assert bare.percent == round(100 * 5 / 7)


def test_dpia_screening_as_a_function(example: Path) -> None:
    (example / "activities" / "t.yaml").write_text(activity(), encoding="utf-8")
    model = next(a.model for a in loaded(example).activities if a.model.id == "T-01")
    assert dpia.screen(model).verdict == "not_required"  # type: ignore[arg-type]
    (example / "activities" / "t.yaml").write_text(activity(extra=(
        "automated_decisions: {profiling: true}\n"
        "dpia: {status: done, reference: AIPD-1, date: 2025-01-01, criteria: [large_scale]}\n")), encoding="utf-8")
    model = next(a.model for a in loaded(example).activities if a.model.id == "T-01")
    screening = dpia.screen(model)  # type: ignore[arg-type]
    assert screening.verdict == "required"
    assert set(screening.criteria) >= {"evaluation_scoring", "large_scale"}


PAYROLL = """
id: RH-01
name: Gestion de la paie
owner: management
description: Calcul et versement des salaires, déclarations sociales.
created: 2025-01-01
updated: 2025-02-01
purposes:
  main:
    label: Gestion de la paie
    kind: payroll
    basis: legal_obligation
    legal_reference: Code du travail, art. L.3243-1
data_subjects:
  - category: employees
data_categories:
  - category: identity
    description: Nom, prénom, adresse
    retention: {duration: P5Y, from: end_of_contract}
  - category: nir
    description: Numéro de sécurité sociale
    retention: {duration: P5Y, from: end_of_contract}
"""


def test_the_cnil_payroll_example_needs_no_dpia_under_250_staff(example: Path) -> None:
    """Délibération 2019-118, item 1: staff management by an organisation of fewer than 250 people."""
    (example / "activities" / "paie.yaml").write_text(PAYROLL.lstrip("\n"), encoding="utf-8")
    settings = example / "registry.yaml"
    text = settings.read_text(encoding="utf-8")
    without_headcount = next(a.model for a in loaded(example).activities if a.model.id == "RH-01")
    assert dpia.screen(without_headcount).verdict == "undetermined"  # type: ignore[arg-type]
    settings.write_text(text.replace("  legal_form: SAS\n", "  legal_form: SAS\n  headcount: 40\n"), encoding="utf-8")
    register = loaded(example)
    model = next(a.model for a in register.activities if a.model.id == "RH-01")
    small = dpia.screen(model, register.settings.organisation.headcount)  # type: ignore[arg-type]
    assert (small.verdict, small.exemption) == ("not_required", 1)
    assert dpia.screen(model, 300).verdict == "required"  # type: ignore[arg-type]
    view = register_view(register, Messages("fr"), STAMP)
    fiche = next(f for f in view.fiches if f.id == "RH-01")
    assert fiche.controller and fiche.controller.dpia.exemption and "2019-118" in fiche.controller.dpia.exemption


def test_one_organisation_can_be_controller_and_processor(example: Path, run) -> None:
    """The role of each activity decides its model, its fiche, its checks and whether it has notices."""
    from registry.models import ProcessorActivity

    from .conftest import PROCESSOR_ACTIVITY

    (example / "activities" / "routage.yaml").write_text(
        "role: processor\n" + PROCESSOR_ACTIVITY.format(sub_processor="ovhcloud").lstrip("\n"), encoding="utf-8")
    register = loaded(example)
    routing = next(a for a in register.activities if a.model.id == "P-01")
    assert isinstance(routing.model, ProcessorActivity)
    assert "P-01" not in {a.model.id for a in register.controller_activities}
    assert not [p for p in check(register, date(2026, 6, 1)) if p.path == "activities/routage.yaml"
                and p.severity.name == "ERROR"]
    html = run("build", example, "--format", "html", "--out", example / "out").exit_code
    assert html == 0
    page = (example / "out" / "register.html").read_text(encoding="utf-8")
    assert "En tant que sous-traitant, pour : Boutique Exemple SARL" in page
    assert "Annexe A" in page  # the controller's annexes stay
    notices = run("notice", example, "--format", "md").output
    assert "Routage" not in notices and "Gestion des clients" in notices
