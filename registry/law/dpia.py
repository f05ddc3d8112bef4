"""DPIA screening: the nine WP248 criteria and the CNIL lists (Délib. 2018-327 and 2019-118).

Some criteria follow from what the activity records (special categories,
profiling, data from third parties…); the DPO adds the others under
``dpia.criteria``. The verdict appears in ``registry check`` and in the
register's fiche.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..models import Activity
from ..models.vocabulary import DpiaCriterion, values

Verdict = Literal["required", "recommended", "not_required"]

HIGHLY_PERSONAL = frozenset({"economic_financial", "location", "nir"})
"""CNIL 2018-326: financial, location and communication data count as highly personal."""

VULNERABLE = frozenset({"employees", "candidates"})
"""WP248 counts employees (and job applicants) among vulnerable data subjects."""

EXTERNAL_SOURCES = frozenset({"third_party", "partner", "publicly_available"})


@dataclass(frozen=True)
class Screening:
    verdict: Verdict
    criteria: tuple[DpiaCriterion, ...]
    """Criteria met, inferred and declared, in WP248 order."""
    cnil_items: tuple[int, ...]
    """Items of the CNIL list of processing that requires a DPIA (Délib. 2018-327)."""
    exemption: int | None
    """The item of the CNIL list of processing that needs no DPIA (Délib. 2019-118) the activity falls under."""

    @property
    def exempt(self) -> bool:
        return self.exemption is not None


HR_KINDS = frozenset({"payroll", "hr_management"})
HR_EXEMPTION_HEADCOUNT = 250
"""Délib. 2019-118, item 1: staff management alone, by an organisation of fewer than 250 people, without profiling."""


def exemption(activity: Activity, headcount: int | None) -> int | None:
    """The item of the CNIL list of processing needing no DPIA that covers the activity, if any.

    Item 1 needs every purpose to be payroll or staff management and the organisation's headcount
    (``organisation.headcount``) under 250; item 2, supplier relations alone, with no sensitive data.
    """
    kinds = {p.kind for p in activity.purposes.all()}
    profiling = activity.automated_decisions.profiling
    if kinds <= HR_KINDS and not profiling and headcount is not None and headcount < HR_EXEMPTION_HEADCOUNT:
        return 1
    subjects = {s.category for s in activity.data_subjects}
    if (kinds == {"supplier_management"} or subjects == {"suppliers"}) and not activity.has_sensitive_data:
        return 2
    return None


def _inferred(activity: Activity) -> set[str]:
    met: set[str] = set()
    categories = {c.category for c in activity.data_categories}
    subjects = {s.category for s in activity.data_subjects}
    sources = {c.source.kind for c in activity.data_categories if c.source}
    if activity.special_categories or categories & HIGHLY_PERSONAL:
        met.add("sensitive_or_highly_personal")
    if activity.automated_decisions.profiling:
        met.add("evaluation_scoring")
    if activity.automated_decisions.automated_decision:
        met.add("automated_decision_legal_effect")
    if subjects & VULNERABLE:
        met.add("vulnerable_subjects")
    if sources & (EXTERNAL_SOURCES | {"other_activity"}) and activity.automated_decisions.profiling:
        met.add("matching_combining")
    return met


def _cnil_items(activity: Activity, criteria: set[str]) -> tuple[int, ...]:
    profiling = activity.automated_decisions.profiling
    subjects = {s.category for s in activity.data_subjects}
    sources = {c.source.kind for c in activity.data_categories if c.source}
    items = []
    if profiling and subjects & VULNERABLE:
        items.append(3)  # profiles for human resources management
    if "systematic_monitoring" in criteria and "employees" in subjects:
        items.append(4)  # constant monitoring of employees
    if profiling and "prevents_right_service_contract" in criteria:
        items.append(8)  # profiling that can exclude from a contract
    if profiling and sources & EXTERNAL_SOURCES:
        items.append(10)  # profiling with data from external sources (data brokers, ad targeting)
    if "large_scale" in criteria and any(c.category == "location" for c in activity.data_categories):
        items.append(14)  # large-scale location data
    return tuple(items)


def screen(activity: Activity, headcount: int | None = None) -> Screening:
    """The verdict, with its reasons; ``headcount`` is the organisation's, for the CNIL exemption of staff management."""
    declared = set(activity.dpia.criteria) if activity.dpia else set()
    met = _inferred(activity) | declared
    ordered: tuple[DpiaCriterion, ...] = tuple(c for c in values(DpiaCriterion) if c in met)  # type: ignore[misc]
    items = _cnil_items(activity, met)
    exempt = exemption(activity, headcount)
    verdict: Verdict
    if exempt is not None and not items:
        verdict = "not_required"
    elif items or len(ordered) >= 2:
        verdict = "required"
    elif not ordered:
        verdict = "not_required"
    elif activity.automated_decisions.profiling or "matching_combining" in met:
        verdict = "recommended"
    else:
        verdict = "not_required"
    return Screening(verdict, ordered, items, exempt if verdict == "not_required" else None)
