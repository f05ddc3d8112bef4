"""What a purpose is: its declared kind, or, where none is given, a guess from its label.

The checks and the notices ask the same questions here (is this direct
marketing? which bases does it admit?), so a notice never offers a right that
the checks consider absent, nor the other way round.
"""

from __future__ import annotations

import re

from ..models import Activity
from ..models.activity import Purpose
from ..models.vocabulary import TODO
from .referentiels import admitted_bases, marketing_kinds, staff_kinds

MARKETING_WORDS = re.compile(
    r"prospect|marketing|newsletter|lettre d'information|fidélis|loyalty|cession|location de fichier|"
    r"vente de fichier|sale of|rental of|échange de fichier|sollicitation|publicit|advertis|offres commerciales|"
    r"commercial offers",
    re.IGNORECASE,
)
"""Words of direct marketing in a label, for purposes whose kind is not given."""
RELATIONSHIP_WORDS = re.compile(r"satisfaction|enquête|survey", re.IGNORECASE)
"""Relationship management that goes beyond the contract without being direct marketing."""
OBJECTION_LIST_WORDS = re.compile(r"liste d'opposition|s'opposent|opposition list|objection list|who object",
                                  re.IGNORECASE)
"""Words of the list of people who objected, for purposes whose kind is not given."""


STAFF_WORDS = re.compile(
    r"\bpaie\b|rémunération|salaire|payroll|\bsalar(?:y|ies)\b|\bwages?\b|organismes sociaux|cotisations sociales|"
    r"déclarations? sociales?|social security|gestion (?:administrative )?du personnel|ressources humaines|"
    r"human resources|staff (?:management|administration)|annuaire|staff directory",
    re.IGNORECASE,
)
"""Words of payroll and staff management in a label, for purposes whose kind is not given: the CNIL's own
payroll example says "Gestion de la paie", "Calcul des rémunérations", "Calcul du montant des versements
adressés aux organismes sociaux"."""


def _label(purpose: Purpose) -> str:
    return " ".join(text for _, text in purpose.label.translations)


def is_marketing(purpose: Purpose, activity: Activity) -> bool:
    """Direct marketing (Art. 21(2)): by the purpose's kind; without one, by the words of its label or,
    in an activity that prospects or hands files to partners, by default (objection to it is then
    unconditional, which errs on the person's side)."""
    if purpose.kind is not None:
        return purpose.kind in marketing_kinds()
    if is_objection_list(purpose):
        return False
    markets = activity.prospecting is not None or activity.transmission is not None
    return markets or bool(MARKETING_WORDS.search(_label(purpose)))


def is_objection_list(purpose: Purpose) -> bool:
    """The list of people who objected to marketing: it exists to honour their objection (Art. 21(3)),
    so objecting to it makes no sense and it is no marketing itself."""
    return purpose.kind == "rights_requests" or (purpose.kind is None and bool(OBJECTION_LIST_WORDS.search(
        _label(purpose))))


def beyond_contract(purpose: Purpose) -> bool:
    """A purpose without a kind whose label describes marketing or relationship management, not the contract."""
    return purpose.kind is None and bool(MARKETING_WORDS.search(_label(purpose))
                                         or RELATIONSHIP_WORDS.search(_label(purpose)))


def is_staff_management(purpose: Purpose) -> bool:
    """Payroll or staff management: by the purpose's kind; without one, by the words of its label."""
    if purpose.kind is not None:
        return purpose.kind in staff_kinds()
    return bool(STAFF_WORDS.search(_label(purpose)))


def basis_admitted(purpose: Purpose) -> bool:
    """Whether the purpose's basis is one its kind can rest on (always, when no kind is given)."""
    return purpose.kind is None or purpose.basis in (TODO, *admitted_bases(purpose.kind))
