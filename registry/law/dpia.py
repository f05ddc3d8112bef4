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
from ..models.activity import DataSubject
from ..models.vocabulary import DpiaCriterion, values
from . import referentiels
from .purposes import beyond_contract, is_staff_management
from .referentiels import DpiaListing

Verdict = Literal["required", "recommended", "not_required", "undetermined"]
"""``undetermined``: the CNIL's exemption of staff management would apply, but it depends on the
organisation's headcount, which the register does not give."""

HIGHLY_PERSONAL = frozenset({"economic_financial", "location", "nir"})
"""CNIL 2018-326: financial, location and communication data count as highly personal."""

VULNERABLE = frozenset({"employees", "candidates"})
ORGANISATION_CONTACTS = frozenset({"suppliers", "service_providers"})
"""People met as the contacts of a business: what is financial there (invoices, bank details) is the business's."""
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


def _listings(activity: Activity) -> list[DpiaListing]:
    return [referentiels.kind(p.kind).dpia for p in activity.purposes.all() if p.kind is not None]


def exemption(activity: Activity, headcount: int | None) -> int | None:
    """The item of the CNIL list of processing needing no DPIA (Délib. 2019-118) that covers the activity, if any,
    as the table of référentiels places each kind.

    Staff management (item 1) needs every purpose to be payroll or staff management (by its kind, or the
    words of its label) and the organisation's headcount (``organisation.headcount``) under the table's
    bound; another listed kind (supplier relations, item 2) needs every purpose of that kind, or only
    suppliers as data subjects, with no sensitive data.
    """
    if staff_only(activity):
        staff = referentiels.kind("hr_management").dpia
        bound = staff.headcount_below
        return staff.item if headcount is not None and bound is not None and headcount < bound else None
    if activity.has_sensitive_data:
        return None
    listings = _listings(activity)
    distinct = set(listings)
    if len(distinct) == 1 and len(listings) == len(activity.purposes.all()):
        (listing,) = distinct
        if listing.listed == "exempt" and listing.headcount_below is None:
            return listing.item
    if {s.category for s in activity.data_subjects} == {"suppliers"}:
        return referentiels.kind("supplier_management").dpia.item
    return None


def staff_only(activity: Activity) -> bool:
    """Every purpose is payroll or staff management, without profiling (Délib. 2019-118, item 1). A sub-purpose
    without a kind details its main purpose, as in the CNIL template ("Ordre de virement à la banque" under
    "Gestion de la paie"): it is staff management when the main purpose is, unless its words say otherwise."""
    main = activity.purposes.main
    if not is_staff_management(main) or activity.automated_decisions.profiling:
        return False
    return all(is_staff_management(p) or (p.kind is None and not beyond_contract(p)) for p in activity.purposes.sub)


def highly_personal(activity: Activity) -> bool:
    """Special categories, or data the CNIL counts as highly personal (Délib. 2018-326): financial data
    only when they are the people's own, not a business's whose contacts the people are."""
    categories = {c.category for c in activity.data_categories}
    subjects = activity.data_subjects
    own_finances = not subjects or not all(organisation_contacts(s) for s in subjects)
    personal = HIGHLY_PERSONAL if own_finances else HIGHLY_PERSONAL - {"economic_financial"}
    return bool(activity.special_categories or categories & personal)


def organisation_contacts(subject: DataSubject) -> bool:
    """Whether the people are contacts of a business, as the register says (``contact_persons``) or, where
    it does not, as suppliers and service providers usually are."""
    return subject.contact_persons if subject.contact_persons is not None else subject.category in ORGANISATION_CONTACTS


def _inferred(activity: Activity) -> set[str]:
    met: set[str] = {c for p in activity.purposes.all() if p.kind for c in referentiels.kind(p.kind).criteria}
    subjects = {s.category for s in activity.data_subjects}
    sources = {c.source.kind for c in activity.data_categories if c.source}
    if highly_personal(activity):
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
    items = [listing.item for listing in _listings(activity) if listing.listed == "required" and listing.item]
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
    return tuple(sorted(set(items)))


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
    elif items:
        verdict = "required"
    elif len(ordered) >= 2:
        verdict = "undetermined" if staff_only(activity) and headcount is None else "required"
    elif not ordered:
        verdict = "not_required"
    elif activity.automated_decisions.profiling or "matching_combining" in met:
        verdict = "recommended"
    else:
        verdict = "not_required"
    return Screening(verdict, ordered, items, exempt if verdict == "not_required" else None)
