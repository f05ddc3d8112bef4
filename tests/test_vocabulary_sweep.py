"""Every rule and every composer (notices of every layer, fiches, annexes) runs on every value of every
vocabulary without an exception: a value the register accepts is never a crash, only findings.

Each value goes into a rich activity (every block filled) at the place the vocabulary is used; the
register holds one activity per value, and is then checked, written as notices and as the register's
views, in French and in English.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from registry import load
from registry.i18n import Messages
from registry.law.geography import adequacy
from registry.lint.runner import check
from registry.loading.version import Version
from registry.models import vocabulary as v
from registry.notices import compose
from registry.views import BuildInfo, register_view

RICH: dict[str, Any] = {
    "id": "V-00", "name": "Activité", "owner": "sales", "description": "Activité riche.",
    "created": "2025-01-01", "updated": "2025-02-01",
    "joint_controllers": [{"name": "Partenaire SAS", "email": "dpo@partenaire.example",
                           "responsibilities": "Il répond aux demandes d'accès."}],
    "purposes": {
        "main": {"label": "Gestion des commandes", "basis": "contract", "kind": "contract_management"},
        "sub": [
            {"label": "Prospection", "basis": "consent", "kind": "prospecting_electronic",
             "consent": {"collection": "Case non cochée", "withdrawal": "Lien de désinscription"}},
            {"label": "Statistiques", "basis": "legitimate_interests", "kind": "statistics",
             "interest": "Connaître nos ventes.", "balancing_test": "AIL-1"},
            {"label": "Comptabilité", "basis": "legal_obligation", "kind": "accounting",
             "legal_reference": "C. com. L.123-22"},
        ],
    },
    "data_subjects": [{"category": "customers"}],
    "data_categories": [
        {"category": "identity", "description": "Nom, courriel", "mandatory": True, "requirement": "contractual",
         "if_not_provided": "La commande ne peut être traitée.",
         "retention": {"duration": "P3Y", "from": "end_of_contract",
                       "archive": {"duration": "P5Y", "reason": "Preuve"}}},
        {"category": "economic_financial", "description": "Factures", "mandatory": False,
         "source": {"kind": "partner", "details": "Un partenaire"},
         "retention": {"until": "objection", "criterion": "Jusqu'à l'opposition"}},
    ],
    "special_categories": [{"category": "health", "description": "Allergies", "exception": "explicit_consent",
                            "retention": {"duration": "P1Y", "from": "collection"}}],
    "recipients": [{"ref": "marketing"}, {"ref": "brevo"}, {"ref": "freshworks"}, {"ref": "auditor"},
                   {"ref": "tax-authority", "inquiry_only": True}],
    "transfers": [{"recipient": "freshworks", "country": "US", "tool": "adequacy", "adequacy_scope": "dpf"}],
    "security_measures": [{"ref": "encryption"}],
    "automated_decisions": {"profiling": True, "automated_decision": True, "logic": "Score", "consequences": "Refus"},
    "dpia": {"status": "done", "reference": "AIPD-1", "date": "2025-01-01", "criteria": ["large_scale"]},
    "prospecting": {"channels": ["email"], "audience": ["consumers"], "existing_customers": True,
                    "objection_at_collection": True, "unsubscribe": "Lien dans chaque message"},
    "transmission": {"channels": ["post"], "partners": ["maison-confort"], "objection_at_collection": True},
}


def _at(*path: str | int) -> Callable[[dict[str, Any], object], None]:
    """Sets the value at ``path`` in an activity."""

    def put(activity: dict[str, Any], value: object) -> None:
        node: Any = activity
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return put


def _listed(*path: str | int) -> Callable[[dict[str, Any], object], None]:
    put = _at(*path)
    return lambda activity, value: put(activity, [value])


PLACES: dict[str, list[Callable[[dict[str, Any], object], None]]] = {
    "Status": [_at("status")],
    "LegalBasis": [_at("purposes", "main", "basis"), _at("purposes", "sub", 1, "basis")],
    "SubjectCategory": [_at("data_subjects", 0, "category")],
    "DataCategory": [_at("data_categories", 0, "category"), _at("data_categories", 1, "category")],
    "SpecialCategory": [_at("special_categories", 0, "category")],
    "SpecialCategoryException": [_at("special_categories", 0, "exception")],
    "TransferTool": [_at("transfers", 0, "tool")],
    "PurposeKind": [_at("purposes", "main", "kind"), _at("purposes", "sub", 0, "kind")],
    "Channel": [_listed("prospecting", "channels"), _listed("transmission", "channels")],
    "Audience": [_listed("prospecting", "audience")],
    "MarketingAudience": [_listed("purposes", "main", "audience")],
    "SourceKind": [_at("data_categories", 1, "source", "kind")],
    "RetentionStart": [_at("data_categories", 0, "retention", "from")],
    "RetentionUntil": [_at("data_categories", 1, "retention", "until")],
    "ProvisionRequirement": [_at("data_categories", 0, "requirement")],
    "EndAction": [_at("data_categories", 0, "retention", "end")],
    "DpiaStatus": [_at("dpia", "status")],
    "DpiaCriterion": [_listed("dpia", "criteria")],
    "RegisterKind": [_at("role")],
}
"""Where each vocabulary of an activity is used; the vocabularies of registry.yaml are swept below."""

IN_SETTINGS = {"DpoKind", "ThirdPartyKind", "SecurityCategory"}
"""Vocabularies of registry.yaml, swept by the register the tests build."""
ELSEWHERE = {"Language": "every composer runs in both", "ToComplete": "tests/test_todo_everywhere.py"}


def variants() -> list[dict[str, Any]]:
    found = []
    for name, places in PLACES.items():
        for value in v.values(getattr(v, name)):
            for put in places:
                activity = copy.deepcopy(RICH)
                if name == "RegisterKind" and value == "processor":
                    continue  # a processor's fiche has its own model (test_register covers it)
                put(activity, value)
                found.append(activity)
    for code, decision in adequacy().countries.items():  # every listed country, inside and outside its scope
        for scope in {None, decision.scope.id if decision.scope else None, "dpf"}:
            activity = copy.deepcopy(RICH)
            activity["transfers"] = [{"recipient": "freshworks", "country": code, "tool": "adequacy",
                                      **({"adequacy_scope": scope} if scope else {})}]
            found.append(activity)
    for code in ("IN", "CN", "MA", "DE", "BR"):
        for tool in v.values(v.TransferTool):
            activity = copy.deepcopy(RICH)
            activity["transfers"] = [{"recipient": "freshworks", "country": code, "tool": tool}]
            found.append(activity)
    for number, activity in enumerate(found, start=1):
        activity["id"] = f"V-{number:03d}"
    return found


def test_every_activity_vocabulary_is_swept() -> None:
    vocabularies = {name for name in dir(v) if name[0].isupper() and v.values(getattr(v, name))
                    and all(isinstance(x, str) for x in v.values(getattr(v, name)))}
    assert vocabularies == set(PLACES) | IN_SETTINGS | set(ELSEWHERE)


@pytest.fixture(params=v.values(v.DpoKind))
def swept(example: Path, request: pytest.FixtureRequest) -> Path:
    settings = example / "registry.yaml"
    text = settings.read_text(encoding="utf-8").replace("  kind: external\n", f"  kind: {request.param}\n", 1)
    kinds = "".join(f"  - {{id: third-{kind}, name: Tiers {kind}, kind: {kind}}}\n"
                    for kind in v.values(v.ThirdPartyKind))
    measures = "".join(f"  - {{id: measure-{category}, category: {category}}}\n"
                       for category in v.values(v.SecurityCategory))
    text = text.replace("recipients:\n", "recipients:\n" + kinds, 1)
    settings.write_text(text.replace("security_measures:\n", "security_measures:\n" + measures, 1), encoding="utf-8")
    for path in (example / "activities").glob("*.yaml"):
        path.unlink()
    for activity in variants():
        activity["recipients"] += [{"ref": f"third-{kind}"} for kind in v.values(v.ThirdPartyKind)]
        activity["security_measures"] += [{"ref": f"measure-{category}"} for category in v.values(v.SecurityCategory)]
        (example / "activities" / f"{activity['id']}.yaml").write_text(
            yaml.safe_dump(activity, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return example


def test_every_rule_runs_on_every_value(swept: Path) -> None:
    result = load(swept)
    assert result.ok, [str(p) for p in result.problems][:5]
    problems = check(result.register, date(2026, 9, 1))
    assert [str(p) for p in problems if p.code == "X001"] == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_composer_writes_every_value(swept: Path, language: str) -> None:
    register = load(swept).register
    for layer in ("full", "short", "first-contact"):
        compose(register, [], layer=layer, language=language, draft=True)
    compose(register, [], language=language, draft=True, policy=True)
    compose(register, [], language=language, draft=True, partners=True)
    info = BuildInfo(Version(None, False), datetime(2026, 1, 1))
    view = register_view(register, Messages(language), info)
    assert len(view.fiches) == len(register.activities)
