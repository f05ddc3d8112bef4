"""Every rule: a snippet that fails it at a given line, and one that passes.

Snippets are variations of a minimal activity written to activities/t.yaml in
a copy of the example register (lines 1-18 below; additions start at line 19).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from registry import load
from registry.lint.rules import RULES
from registry.lint.runner import check

from ..conftest import CONSENT, LI, MINIMAL_ACTIVITY, activity

BASE = textwrap.dedent(MINIMAL_ACTIVITY).lstrip("\n")
TODAY = date(2025, 6, 1)

assert BASE.splitlines()[9] == "    basis: contract" and len(BASE.splitlines()) == 18


PROSPECTING = """
recipients: [{{ref: marketing}}]
prospecting:
  channels: [{channels}]
  audience: [{audience}]
  objection_at_collection: {objection}
  unsubscribe: Lien dans chaque email
"""


def prospecting(channels: str = "email", audience: str = "consumers", objection: str = "true",
                *replace: tuple[str, str], extra: str = "") -> str:
    block = PROSPECTING.format(channels=channels, audience=audience, objection=objection)
    return activity(*replace, extra=block + extra)


CONTRACT_KIND = ("    basis: contract", "    kind: contract_management\n    basis: contract")
OPPOSITION = ("      from: end_of_contract", "      from: end_of_contract\n  - category: identity\n"
              "    description: Liste d'opposition\n    retention: {duration: P3Y, from: objection}")
TRANSMISSION = """
transmission:
  channels: [{channels}]
  partners: [maison-confort]
  objection_at_collection: {objection}
"""

JOINT = "joint_controllers:\n  - {{name: {name}, email: privacy@joint.example, responsibilities: Support}}\n"


def file_edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    """An edit of one file of the register copy, replacing ``old`` (which must be there) by ``new``."""

    def edit(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def settings_edit(old: str, new: str) -> Callable[[Path], None]:
    return file_edit("registry.yaml", old, new)


def without_activities(root: Path) -> None:
    for path in (root / "activities").glob("*.yaml"):
        path.unlink()


def without_dpo(root: Path) -> None:
    path = root / "registry.yaml"
    path.write_text(re.sub(r"^dpo:\n(?:  .*\n)+", "", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")


def public_authority_without_dpo(root: Path) -> None:
    settings_edit("  website:", "  public_authority: true\n  website:")(root)
    without_dpo(root)


OTHER_BASIS = ("    basis: contract", "    basis: contract\n  sub:\n"
                                      "    - {label: Prospection, basis: legitimate_interests, interest: X}")
AUTOMATED = "automated_decisions: {automated_decision: true, logic: Score, consequences: Refus}\n"


def cession_edit(old: str, new: str) -> Callable[[Path], None]:
    return file_edit("activities/cession-fichiers.yaml", old, new)


CONSENT_FACTS = ("      withdrawal: Lien de désinscription",
                 "      withdrawal: Lien de désinscription\n      unticked: true\n      separate_from_terms: true\n"
                 "      condition_of_service: false\n      one_choice_per_purpose: true")


def consent_asked(collection: str = "Case non cochée", *facts: str) -> str:
    """The minimal activity on consent, its box described by ``collection`` (line 12) and ``facts`` (from line 14)."""
    return activity(CONSENT, ("Case non cochée", collection),
                    ("      withdrawal: Lien de désinscription",
                     "\n".join(["      withdrawal: Lien de désinscription", *(f"      {f}" for f in facts)])))


ACCOUNTING = ("    basis: contract", "    kind: accounting\n    basis: legal_obligation\n"
                                     "    legal_reference: Code de commerce, art. L.123-22")
FINANCIAL = ("  - category: identity", "  - category: economic_financial")
STAFF = ("    basis: contract", "    kind: hr_management\n    basis: contract")
EVERYONE = "recipients: [{ref: management, details: Accessible à tous les services}]\n"

# (code, activity text or None, registry.yaml edit or None, expected lines, today)
FAILING: list[tuple[str, str | None, Callable[[Path], None] | None, list[int], date]] = [
    ("RF001", activity(CONTRACT_KIND, ("      duration: P3Y", "      duration: P5Y")), None, [18], TODAY),
    ("RF002", activity(ACCOUNTING, FINANCIAL), None, [19], TODAY),
    ("RF003", activity(STAFF, extra=EVERYONE), None, [20], TODAY),
    ("LB001", activity(("    basis: contract", "    basis: legitimate_interests")), None, [9], TODAY),
    ("LB002", activity(("    basis: contract", "    basis: legitimate_interests\n    interest: X")), None, [9], TODAY),
    ("LB003", activity(LI), settings_edit("  website:", "  public_authority: true\n  website:"), [10], TODAY),
    ("LB004", activity(CONSENT, ("  - category: customers", "  - category: employees")), None, [10], TODAY),
    ("LB005", activity(("    basis: contract", "    kind: prospecting_post\n    basis: contract")), None, [11], TODAY),
    ("LB006", prospecting("post", "consumers", "true", OTHER_BASIS), None, [10], TODAY),
    ("LB010", prospecting("post"), None, [10], TODAY),
    ("LB011", activity(("  - category: customers", "  - {category: suppliers, contact_persons: true}")), None, [10],
     TODAY),
    ("LB012", activity(("  - category: customers", "  - category: suppliers")), None, [12], TODAY),
    ("LB013", activity(LI, extra=AUTOMATED), None, [21], TODAY),
    ("A30008", None, public_authority_without_dpo, [16], TODAY),
    ("DP003", activity(extra="dpia: {status: not_required, criteria: [sensitive_or_highly_personal]}\n"), None,
     [19], TODAY),
    ("LB006", activity(("label: Gestion des commandes", "label: Enquêtes de satisfaction")), None, [10], TODAY),
    ("LB007", activity(("    basis: contract", "    basis: legal_obligation")), None, [9], TODAY),
    ("IN001", activity(), None, [14], TODAY),
    ("RT008", activity(("      from: end_of_contract", "      from: end_of_contract\n      until: consent_withdrawal")),
     None, [19], TODAY),
    ("RT009", activity(CONSENT, ("      from: end_of_contract", "      from: end_of_contract\n      until: consent_withdrawal"))
     .replace("  main:", "  sub:\n    - label: Relances\n      basis: contract\n  main:"), None, [25], TODAY),
    ("LB009", activity(("    basis: contract", "    kind: accounting\n    basis: contract")), None, [11], TODAY),
    ("LB008", activity(("    basis: contract", "    basis: consent")), None, [9], TODAY),
    ("PR001", prospecting("email, sms", "consumers", "true", LI), None, [23], TODAY),
    ("PR002", prospecting("phone", "consumers", "true", LI, OPPOSITION), None, [26], date(2026, 8, 11)),
    ("PR003", prospecting("post", "consumers", "false", LI), None, [23], TODAY),
    ("PR003", prospecting("email", "professionals", "false", LI), None, [23], TODAY),
    ("PR003", prospecting("email", "consumers", "false", LI, extra="  existing_customers: true\n"), None, [23], TODAY),
    ("RT010", activity(("      from: end_of_contract", "      from: end_of_contract\n      criterion: Au plus 3 ans "
                                                           "après la fin du contrat.")), None, [19], TODAY),
    ("RT011", activity(("  main:", "  sub:\n    - {label: Paie, basis: legal_obligation, legal_reference: C. trav.}\n"
                                  "  main:")), None, [16], TODAY),
    ("CS001", consent_asked("Case pré-cochée sur le bon de commande"), None, [12], TODAY),
    ("CS001", consent_asked("Case", "unticked: false"), None, [14], TODAY),
    ("CS002", consent_asked("Case ; l'acceptation des CGV vaut consentement"), None, [12], TODAY),
    ("CS002", consent_asked("Case", "separate_from_terms: false"), None, [14], TODAY),
    ("CS003", consent_asked("Case obligatoire pour valider la commande"), None, [12], TODAY),
    ("CS003", consent_asked("Case", "condition_of_service: true"), None, [14], TODAY),
    ("CS004", consent_asked("Une seule case pour nos offres et celles des partenaires"), None, [12], TODAY),
    ("CS004", consent_asked("Case", "one_choice_per_purpose: false"), None, [14], TODAY),
    ("CS005", consent_asked("Case", "unticked: true"), None, [12], TODAY),
    ("PR004", activity(LI, extra="prospecting: {channels: [post], audience: [consumers], "
                                 "objection_at_collection: true}\n"), None, [21], TODAY),
    ("PR005", prospecting("post", "consumers", "true", LI,
                          ("    description: Nom, email", "    description: Nom, email\n"
                                                             "    source: {kind: third_party, details: Loueur}")),
     None, [18], TODAY),
    ("PT001", activity(LI, extra=TRANSMISSION.format(channels="email", objection="true")), None, [22], TODAY),
    ("PT002", activity(LI, extra=TRANSMISSION.format(channels="post", objection="false")), None, [22], TODAY),
    ("PT003", activity(LI, extra=TRANSMISSION.format(channels="post", objection="true")),
     settings_edit("  partner_list: https://www.rhone-lumiere.example/partenaires\n", ""), [22], TODAY),
    ("PT004", activity(LI, extra=TRANSMISSION.format(channels="post", objection="true") +
                       "special_categories:\n  - {category: health, description: X, exception: explicit_consent}\n"),
     None, [22], TODAY),
    ("PT005", None, settings_edit("    privacy_policy: https://www.jardins-lyonnais.example/donnees-personnelles\n",
                                  ""), [87], TODAY),
    ("PT006", None, cession_edit("  partners: [maison-confort, jardins-lyonnais]", "  partners: [maison-confort]"),
     [87], TODAY),
    ("RT001", activity(extra="  - category: economic_financial\n    description: IBAN\n"), None, [19], TODAY),
    ("RT002", activity(("      from: end_of_contract", "      from: end_of_contract\n"
                                                      "      criterion: Conservées indéfiniment")), None, [19], TODAY),
    ("RT003", prospecting("post", "consumers", "true", LI, ("duration: P3Y", "duration: P5Y"), OPPOSITION),
     None, [19], TODAY),
    ("RT004", prospecting("post", "consumers", "true", LI), None, [16], TODAY),
    ("RT005", activity(extra="  - category: connection\n    description: Identifiant\n"
                             "    retention: {until: account_deletion}\n"), None, [21], TODAY),
    ("RT006", activity(("      from: end_of_contract", "      from: end_of_contract\n      end: pseudonymise")),
     None, [19], TODAY),
    ("RT007", activity(("      from: end_of_contract", "      from: end_of_contract\n      archive:\n"
                                                      "        duration: P10Y")), None, [20], TODAY),
    ("MN001", activity(("description: Nom, email", "description: Nom, email, date de naissance")), None, [14], TODAY),
    ("MN002", activity(extra="  - category: economic_financial\n    description: Numéro de carte et CVV\n"
                             "    retention: {duration: P13M, from: transaction}\n"), None, [20], TODAY),
    ("SC001", activity(extra="special_categories:\n  - {category: health, description: Allergies}\n"), None, [20],
     TODAY),
    ("SC002", activity(extra="special_categories:\n  - {category: health, description: X, exception: legal_claims}\n"
                             "automated_decisions: {profiling: true}\n"), None, [20], TODAY),
    ("SC003", activity(extra="  - category: nir\n    description: NIR\n"), None, [19], TODAY),
    ("TR001", activity(extra="recipients: [{ref: freshworks}]\ntransfers:\n"
                             "  - {recipient: freshworks, country: IN, tool: adequacy}\n"), None, [21], TODAY),
    ("TR001", activity(extra="recipients: [{ref: freshworks}]\ntransfers:\n"
                             "  - {recipient: freshworks, country: US, tool: adequacy}\n"), None, [21], TODAY),
    ("TR002", activity(extra="transfers:\n  - {recipient: freshworks, country: US, tool: art49_derogation}\n"),
     None, [20], TODAY),
    ("TR003", activity(extra="transfers:\n  - {recipient: freshworks, country: US, tool: scc}\n"), None, [20], TODAY),
    ("TR004", activity(extra="recipients: [{ref: freshworks}]\n"), None, [19], TODAY),
    ("TR006", None, settings_edit("    kind: other\n    country: FR\n", "    kind: other\n"), [100], TODAY),
    ("TR006", None, settings_edit("    country: FR\n    contract: Conditions", "    contract: Conditions"), [58], TODAY),
    ("TR005", None, settings_edit("    contract: Conditions de traitement PayPlug v2023\n", ""), [58], TODAY),
    ("A30001", None, settings_edit("    country: FR\n  email: contact@", "    country: CH\n  email: contact@"),
     [13], TODAY),
    ("A30002", activity(), None, [1], TODAY),
    ("A30003", activity(), None, [1], TODAY),
    ("A30004", None, without_dpo, [5], TODAY),
    ("A30009", None, without_activities, [5], TODAY),
    ("A30005", activity(("owner: sales", "owner: todo"), ("basis: contract", "basis: todo"),
                        ("    retention:\n      duration: P3Y\n      from: end_of_contract", "    retention: todo"),
                        ("  - category: customers", "  todo"), ("data_subjects:\n", "data_subjects:")),
     None, [3, 10, 11, 15], TODAY),
    ("A30006", None, settings_edit("  email: contact@rhone-lumiere.example\n", "  email: todo\n"), [14], TODAY),
    ("A30007", activity(extra=JOINT.format(name="Freshworks Inc.") + "recipients: [{ref: freshworks}]\n"), None, [20],
     TODAY),
    ("DP001", activity(extra="automated_decisions: {profiling: true}\n"
                             "dpia: {status: not_required, criteria: [large_scale]}\n"), None, [20], TODAY),
    ("DP002", activity(extra="dpia: {status: done, reference: AIPD-1, date: 2021-01-10}\n"), None, [19],
     date(2025, 6, 1)),
    ("FR001", activity(), None, [6], date(2026, 3, 1)),
    ("W001", activity(extra="waivers: [{rule: RT03, reason: Typo}]\n"), None, [19], TODAY),
    ("W002", activity(extra="waivers: [{rule: RT003}]\n"), None, [19], TODAY),
    ("W003", None, settings_edit("register:\n", "checks: {ignore: [ZZ9]}\nregister:\n"), [32], TODAY),
]

PASSING: list[tuple[str, str | None, Callable[[Path], None] | None, date]] = [
    ("RF001", activity(CONTRACT_KIND), None, TODAY),
    ("RF002", activity(ACCOUNTING, FINANCIAL, ("      from: end_of_contract",
                                               "      from: end_of_contract\n      archive: {duration: P7Y}")),
     None, TODAY),
    ("RF003", activity(STAFF, extra="recipients: [{ref: management}]\n"), None, TODAY),
    ("LB001", activity(LI), None, TODAY),
    ("LB003", activity(LI), None, TODAY),
    ("LB004", activity(CONSENT), None, TODAY),
    ("LB005", prospecting("post", "consumers", "true", LI), None, TODAY),
    ("LB005", prospecting("post", "consumers", "true", CONTRACT_KIND), None, TODAY),
    ("LB006", prospecting("post", "consumers", "true", CONTRACT_KIND), None, TODAY),
    ("LB009", activity(("    basis: contract", "    kind: contract_management\n    basis: contract")), None, TODAY),
    ("LB007", activity(("    basis: contract", "    basis: legal_obligation\n    legal_reference: C. com. L.123-22")),
     None, TODAY),
    ("LB008", activity(CONSENT), None, TODAY),
    ("PR001", prospecting("email", "consumers", "true", CONSENT), None, TODAY),
    ("PR001", prospecting("email", "professionals", "false", LI), None, TODAY),
    ("PR001", prospecting("email, sms", "consumers", "true", LI, extra="  existing_customers: true\n"), None, TODAY),
    ("PR002", prospecting("phone", "consumers", "true", LI), None, date(2026, 8, 10)),
    ("PR002", prospecting("phone", "professionals", "true", LI), None, date(2026, 9, 1)),
    ("PR003", prospecting("post", "consumers", "true", LI), None, TODAY),
    ("PR003", prospecting("email, sms", "consumers", "false", CONSENT), None, TODAY),
    ("RT010", activity(("      from: end_of_contract", "      from: end_of_contract\n      criterion: Pour les "
                                                           "prospects, 3 ans à compter de la collecte.")), None, TODAY),
    ("RT011", activity(("  main:", "  sub:\n    - {label: Paie, basis: legal_obligation, legal_reference: C. trav.}\n"
                                  "  main:"), ("      from: end_of_contract", "      from: end_of_contract\n"
                                                                           "      required_by_law: true")), None, TODAY),
    ("CS001", consent_asked("Case à cocher non pré-cochée, distincte des CGV"), None, TODAY),
    ("CS002", consent_asked("Case à cocher non pré-cochée, distincte des CGV"), None, TODAY),
    ("CS003", consent_asked("Case qui ne conditionne pas la commande"), None, TODAY),
    ("CS005", activity(CONSENT, CONSENT_FACTS), None, TODAY),
    ("PT001", activity(CONSENT, extra=TRANSMISSION.format(channels="email", objection="false")), None, TODAY),
    ("PT002", activity(LI, extra=TRANSMISSION.format(channels="post", objection="true")), None, TODAY),
    ("RT001", activity(), None, TODAY),
    ("RT003", prospecting("post", "consumers", "true", LI, OPPOSITION), None, TODAY),
    ("RT004", prospecting("post", "consumers", "true", LI, OPPOSITION), None, TODAY),
    ("RT005", activity(extra="  - category: connection\n    description: Identifiant\n"
                             "    retention: {duration: P2Y, from: last_activity}\n"), None, TODAY),
    ("MN001", activity(("description: Nom, email", "description: Nom, email, date de naissance\n"
                                                     "    reason: Vente d'alcool")), None, TODAY),
    ("SC001", activity(extra="special_categories:\n  - {category: health, description: X, "
                             "exception: explicit_consent}\n"), None, TODAY),
    ("TR001", activity(extra="recipients: [{ref: freshworks}]\ntransfers:\n"
                             "  - {recipient: freshworks, country: US, tool: adequacy, adequacy_scope: dpf}\n"),
     None, TODAY),
    ("TR001", activity(extra="recipients: [{ref: freshworks}]\ntransfers:\n"
                             "  - {recipient: freshworks, country: CH, tool: adequacy}\n"), None, TODAY),
    ("TR004", activity(extra="recipients: [{ref: freshworks}]\ntransfers:\n"
                             "  - {recipient: freshworks, country: US, tool: scc, documentation: CCT-2024}\n"),
     None, TODAY),
    ("DP001", activity(extra="automated_decisions: {profiling: true}\n"
                             "dpia: {status: done, reference: AIPD-1, date: 2025-01-01, criteria: [large_scale]}\n"),
     None, TODAY),
    ("A30007", activity(extra=JOINT.format(name="Rhône Partenaires SAS") + "recipients: [{ref: freshworks}]\n"), None,
     TODAY),
    ("LB010", prospecting("post", "consumers", "true", OTHER_BASIS), None, TODAY),
    ("LB011", activity(LI, ("  - category: customers", "  - {category: suppliers, contact_persons: true}")), None,
     TODAY),
    ("LB012", activity(("  - category: customers", "  - {category: suppliers, contact_persons: false}")), None, TODAY),
    ("LB013", activity(extra=AUTOMATED), None, TODAY),
    ("A30008", None, settings_edit("  website:", "  public_authority: true\n  website:"), TODAY),
    ("A30004", None, public_authority_without_dpo, TODAY),
    ("A30009", None, None, TODAY),
    ("DP003", activity(extra="  - category: economic_financial\n    description: IBAN\n"
                             "    retention: {duration: P3Y, from: end_of_contract}\n"
                             "dpia: {status: not_required, criteria: [sensitive_or_highly_personal]}\n"), None, TODAY),
    ("FR001", activity(), None, date(2025, 12, 1)),
    ("RT003", prospecting("post", "consumers", "true", LI, ("duration: P3Y", "duration: P5Y"), OPPOSITION,
                          extra="waivers: [{rule: RT003, reason: Cycle d'achat de 5 ans}]\n"), None, TODAY),
]


def lines(example: Path, text: str | None, edit: Callable[[Path], None] | None, code: str, today: date) -> list[int]:
    if text is not None:
        (example / "activities" / "t.yaml").write_text(text, encoding="utf-8")
    if edit is not None:
        edit(example)
    result = load(example)
    assert result.ok, [str(p) for p in result.problems]
    path = "activities/t.yaml" if text is not None and RULES[code].on != "register" else "registry.yaml"
    return [p.line for p in check(result.register, today, select=[code]) if p.code == code and p.path == path]


@pytest.mark.parametrize(("code", "text", "edit", "expected", "today"), FAILING, ids=[c[0] for c in FAILING])
def test_rule_fails(example: Path, code: str, text, edit, expected: list[int], today: date) -> None:
    got = lines(example, text, edit, code, today)
    context = (text or "").splitlines()
    assert got == expected, [f"{n}: {context[n - 1] if text and n <= len(context) else ''}" for n in got]


@pytest.mark.parametrize(("code", "text", "edit", "today"), PASSING, ids=[c[0] for c in PASSING])
def test_rule_passes(example: Path, code: str, text, edit, today: date) -> None:
    assert lines(example, text, edit, code, today) == []


def test_every_rule_has_a_failing_case() -> None:
    """FR002 reads git history: tests/test_history.py runs it on a scripted repository."""
    assert sorted({case[0] for case in FAILING}) == sorted(set(RULES) - {"FR002"})
