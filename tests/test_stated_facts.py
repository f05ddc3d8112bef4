"""The documents say only what the register says: an unknown safeguard or country shows as unknown, a
partial adequacy decision says what it covers, and a defect of one rule never silences the others."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import yaml

from registry import load
from registry.export import export
from registry.i18n import Messages
from registry.lint import rules as lint_rules
from registry.lint.rules import RULES
from registry.lint.runner import check
from registry.loading.version import Version
from registry.views import BuildInfo, register_view

from .conftest import LI, activity

INDIA = activity(LI, extra="recipients: [{ref: freshworks}]\ntransfers:\n"
                           "  - {recipient: freshworks, country: IN, tool: adequacy}\n")
DPF = activity(LI, extra="recipients: [{ref: freshworks}]\ntransfers:\n"
                         "  - {recipient: freshworks, country: US, tool: adequacy, adequacy_scope: dpf}\n")
PARTIAL = ("Décision d'adéquation partielle : organisme certifié au titre du cadre de protection des données "
           "UE–États-Unis (Data Privacy Framework), C(2023) 4745")


def _fiche_transfer(example: Path, text: str) -> str | None:
    (example / "activities" / "t.yaml").write_text(text, encoding="utf-8")
    register = load(example).register
    view = register_view(register, Messages("fr"), BuildInfo(Version(None, False), datetime(2026, 1, 1)))
    fiche = next(f for f in view.fiches if f.id == "T-01")
    assert view.annexes is not None
    annex = [r.transfer.tool for r in view.annexes.transfers if r.activity.name.startswith("T-01")]
    assert annex == [fiche.transfers[0].tool]
    return fiche.transfers[0].tool


def test_adequacy_to_a_country_without_decision_is_a_finding_not_a_crash(run, example: Path) -> None:
    (example / "activities" / "t.yaml").write_text(INDIA, encoding="utf-8")
    checked = run("check", example)
    assert checked.exit_code == 1 and "TR001 IN has no adequacy decision" in checked.output
    refused = run("notice", example, "T-01")
    assert refused.exit_code == 1 and "no adequacy decision covers this recipient" in refused.output
    draft = run("notice", example, "T-01", "--draft")
    assert draft.exit_code == 0
    assert ("Freshworks Inc. (Inde) : transfert encadré par [À COMPLÉTER : garantie encadrant le transfert "
            "(aucune décision d'adéquation ne couvre ce destinataire)]") in draft.output
    assert _fiche_transfer(example, INDIA) is None  # "À compléter" in the fiche and Annex C


def test_a_partial_adequacy_decision_says_what_it_covers(example: Path, tmp_path: Path) -> None:
    assert _fiche_transfer(example, DPF) == PARTIAL
    register = load(example).register
    path = tmp_path / "r.xlsx"
    path.write_bytes(export(register, "xlsx", Messages("fr"), date(2026, 1, 1)))
    book = openpyxl.load_workbook(path)
    cells = [c for row in book["Fiche T-01"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert PARTIAL in cells and "Pays adéquat" not in cells
    flat = [c for row in book["Données par catégorie"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any(PARTIAL in c for c in flat)


def test_a_partial_decision_is_never_claimed_without_the_scope(notice_text) -> None:
    uncertified = notice_text(activity(LI, extra="recipients: [{ref: freshworks}]\ntransfers:\n"
                                                 "  - {recipient: freshworks, country: US, tool: adequacy}\n"))
    assert "Data Privacy Framework" not in uncertified and "[À COMPLÉTER" in uncertified


def test_partial_adequacy_survives_export_and_import(run, example: Path, tmp_path: Path) -> None:
    (example / "activities" / "t.yaml").write_text(DPF, encoding="utf-8")
    book = tmp_path / "r.xlsx"
    assert run("export", example, "--format", "xlsx", "--out", book).exit_code == 0
    assert run("import", "cnil", book, "--into", tmp_path / "back").exit_code in (0, 1)
    back = (tmp_path / "back" / "activities" / "T-01.yaml").read_text(encoding="utf-8")
    assert "adequacy_scope: dpf" in back


def test_a_failing_rule_is_reported_where_it_ran_and_the_others_still_run(example: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: object, activity: object) -> None:
        raise KeyError("boom")

    monkeypatch.setitem(RULES, "LB001", lint_rules.Rule(RULES["LB001"].declared, "activity", broken))
    (example / "activities" / "t.yaml").write_text(activity(("    basis: contract", "    basis: legitimate_interests")),
                                                   encoding="utf-8")
    problems = check(load(example).register, date(2025, 6, 1))
    internal = [p for p in problems if p.code == "X001"]
    assert internal and all("rule LB001 could not check" in p.message and "KeyError" in p.message for p in internal)
    assert any(p.code == "LB002" and p.path == "activities/t.yaml" for p in problems)


@pytest.fixture
def notice_text(run, example: Path):
    def make(text: str) -> str:
        (example / "activities" / "t.yaml").write_text(text, encoding="utf-8")
        result = run("notice", example, "T-01", "--draft")
        assert result.exit_code == 0, result.output
        return result.output

    return make


def _recipient_countries(example: Path) -> dict[str, str]:
    register = load(example).register
    view = register_view(register, Messages("fr"), BuildInfo(Version(None, False), datetime(2026, 1, 1)))
    assert view.annexes is not None
    annex = {row.recipient.id: row.recipient.country for table in view.annexes.recipients for row in table}
    fiche = {r.id: r.country for f in view.fiches if f.controller for r in f.controller.recipients}
    assert {ref: annex[ref] for ref in fiche} == fiche
    return annex


def test_a_recipients_country_is_never_assumed(example: Path) -> None:
    settings = example / "registry.yaml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace("    country: FR\n    contract: DPA Brevo", "    country: todo\n    contract: DPA Brevo")
    text = text.replace("    kind: other\n    country: FR\n", "    kind: other\n", 1)  # the auditor
    settings.write_text(text, encoding="utf-8")
    countries = _recipient_countries(example)
    assert countries["brevo"] == "À compléter"
    assert countries["auditor"] == "Non précisé"
    assert countries["public"] == "Publication en ligne, accessible depuis tout pays"
    assert countries["ovhcloud"] == "France" and countries["sales"] == "France"  # written, and the organisation's


def test_a_department_is_where_the_organisation_is_and_unknown_with_its_address(example: Path) -> None:
    settings = example / "registry.yaml"
    text = settings.read_text(encoding="utf-8")
    start, end = text.index("  address:\n"), text.index("  email: contact@")
    settings.write_text(text[:start] + "  address: todo\n" + text[end:], encoding="utf-8")
    assert _recipient_countries(example)["sales"] == "À compléter"


def test_joint_controllers_appear_in_the_notice_with_their_arrangement_and_contact(notice_text, run,
                                                                                    example: Path) -> None:
    text = notice_text(activity(LI, extra="joint_controllers:\n  - name: Rhône Partenaires SAS\n"
                                          "    email: dpo@rhone-partenaires.example\n"
                                          "    responsibilities: Rhône Partenaires répond aux demandes d'accès.\n"))
    assert "## Responsables conjoints du traitement" in text
    assert ("Rhône Partenaires SAS détermine avec Menuiseries Rhône Lumière les finalités et les moyens de ce traitement "
            "(responsables conjoints, article 26 du RGPD). L'essentiel de notre accord : Rhône Partenaires répond "
            "aux demandes d'accès. Vous pouvez exercer vos droits auprès de chacun de nous ; Rhône Partenaires SAS : "
            "dpo@rhone-partenaires.example.") in text.replace("\n", " ")
    english = run("notice", example, "T-01", "--lang", "en").output
    assert "The essence of our arrangement:" in english.replace("\n", " ")


def test_a_joint_controller_without_arrangement_stops_the_notice(run, example: Path) -> None:
    (example / "activities" / "t.yaml").write_text(
        activity(LI, extra="joint_controllers:\n  - {name: Rhône Partenaires SAS}\n"), encoding="utf-8")
    refused = run("notice", example, "T-01")
    assert refused.exit_code == 1
    assert "the essence of the arrangement between joint controllers (Art. 26(2))" in refused.output
    assert "how to reach the joint controller" in refused.output
    assert "IN001" in run("check", example, "--select", "IN001").output


PAYROLL = Path(__file__).parent / "data" / "cnil-payroll-labels"
"""The CNIL's payroll example fiche, as a register of its own (labels only, no kinds)."""


def _payroll(tmp_path: Path, headcount: int | None) -> Path:
    import shutil

    root = tmp_path / "paie"
    shutil.copytree(PAYROLL, root)
    if headcount is not None:
        settings = root / "registry.yaml"
        settings.write_text(settings.read_text(encoding="utf-8").replace(
            "  legal_form: SAS\n", f"  legal_form: SAS\n  headcount: {headcount}\n"), encoding="utf-8")
    return root


def _dpia_verdict(root: Path) -> tuple[str, str | None, list[str]]:
    register = load(root).register
    view = register_view(register, Messages("fr"), BuildInfo(Version(None, False), datetime(2026, 1, 1)))
    fiche = view.fiches[0]
    assert fiche.controller is not None
    return fiche.controller.dpia.verdict, fiche.controller.dpia.exemption, [p.message for p in view.problems]


def test_the_cnil_payroll_example_is_exempt_from_a_dpia_by_its_labels(tmp_path: Path, run) -> None:
    verdict, exemption, _ = _dpia_verdict(_payroll(tmp_path, 38))
    assert verdict == "AIPD non requise" and exemption and "2019-118), point 1" in exemption
    checked = run("check", tmp_path / "paie", "--select", "DP", "--no-cache")
    assert checked.exit_code == 0 and checked.output == "registry.yaml and 1 activity checked: no problem found\n"


def test_an_unknown_headcount_leaves_the_dpia_to_be_determined(tmp_path: Path, run) -> None:
    verdict, exemption, gaps = _dpia_verdict(_payroll(tmp_path, None))
    assert verdict.startswith("AIPD à déterminer : la dispense") and exemption is None
    assert any("'organisation.headcount'" in message for message in gaps)
    assert run("check", tmp_path / "paie", "--select", "DP001", "--no-cache").exit_code == 0


def test_a_staff_directory_is_staff_management(example: Path) -> None:
    from registry.law.dpia import staff_only

    (example / "activities" / "t.yaml").write_text(activity(
        ("label: Gestion des commandes", "label: Annuaire du personnel"), ("  - category: customers",
                                                                           "  - category: employees")),
        encoding="utf-8")
    model = next(a.model for a in load(example).register.activities if a.model.id == "T-01")
    assert staff_only(model)


def test_a_businesss_bank_details_are_not_highly_personal(example: Path) -> None:
    from registry.law.dpia import highly_personal

    bank = "  - category: economic_financial\n    description: IBAN\n    retention: {duration: P3Y, from: end_of_contract}\n"
    (example / "activities" / "t.yaml").write_text(
        activity(("  - category: customers", "  - {category: suppliers, contact_persons: true}"), extra=bank),
        encoding="utf-8")
    (example / "activities" / "u.yaml").write_text(activity(("id: T-01", "id: T-02"), extra=bank), encoding="utf-8")
    models = {a.model.id: a.model for a in load(example).register.activities}
    assert not highly_personal(models["T-01"]) and highly_personal(models["T-02"])


def test_mandatory_data_of_a_contract_say_what_requires_them(run, example: Path) -> None:
    (example / "activities" / "t.yaml").write_text(activity(
        ("    description: Nom, email", "    description: Nom, email\n    mandatory: true\n"
                                       "    if_not_provided: La commande est impossible.")), encoding="utf-8")
    refused = run("notice", example, "T-01")
    assert refused.exit_code == 1 and "fill 'data_categories.0.requirement'" in refused.output
    assert "IN001" in run("check", example, "--select", "IN001").output
    drafted = run("notice", example, "T-01", "--draft").output
    assert ("Nom, email — Obligatoire. [À COMPLÉTER : exigence qui rend ces données obligatoires (loi, contrat ou "
            "conclusion du contrat)] La commande est impossible.") in drafted.replace("\n", " ")


def test_the_cnil_payroll_example_is_not_asked_why_it_needs_the_family_situation(tmp_path: Path, run) -> None:
    checked = run("check", _payroll(tmp_path, 38), "--select", "MN001", "--no-cache")
    assert checked.exit_code == 0 and checked.output == "registry.yaml and 1 activity checked: no problem found\n"


def test_an_imported_indian_company_said_adequate_is_a_finding_and_keeps_its_country(tmp_path: Path, run) -> None:
    from openpyxl import Workbook

    from .cnil_sheets import fiche

    book = Workbook()
    fiche(book.active, "Support client", "SUP-1", "01/01/2025", "01/06/2025",
          purposes=[("Assistance aux clients", "Exécution du contrat")], data={0: ("Nom, courriel", "3 ans")},
          subjects=[("Clients", "")], recipients=[("Destinataires dans des pays tiers", "Freshdesk India Pvt Ltd")],
          transfers=[("Freshdesk India Pvt Ltd", "Inde", "Pays adéquat", "")])
    path = tmp_path / "registre.xlsx"
    book.save(path)
    into = tmp_path / "imported"
    run("import", "cnil", path, "--into", into)
    settings = yaml.safe_load((into / "registry.yaml").read_text(encoding="utf-8"))
    assert [r["country"] for r in settings["recipients"] if "India" in r["name"]] == ["IN"]
    checked = run("check", into, "--no-cache")
    assert checked.exit_code == 1 and "TR001 IN has no adequacy decision" in checked.output
    assert "X001" not in checked.output
    assert run("build", into, "--format", "html", "--out", tmp_path / "out").exit_code == 0
    html = (tmp_path / "out" / "register.html").read_text(encoding="utf-8")
    assert "Inde" in html and "France" not in html.split("Freshdesk India Pvt Ltd", 1)[1][:200]


def test_the_cnil_payroll_example_checks_clean_once_its_headcount_is_known(tmp_path: Path, run) -> None:
    checked = run("check", _payroll(tmp_path, 38), "--date", "2019-06-01", "--no-cache")
    assert checked.exit_code == 0 and checked.output == "registry.yaml and 1 activity checked: no problem found\n"
