"""Which rights apply, derived from the legal bases and the kinds of purposes (Art. 15-22 GDPR), never written by hand."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Activity
from ..models.activity import Purpose
from .purposes import is_marketing

NO_ERASURE = frozenset({"legal_obligation", "public_task"})
"""Art. 17(3)(b): erasure does not apply to processing required by law or a public task."""
PORTABLE = frozenset({"consent", "contract"})
"""Art. 20(1)(a): portability covers data processed on consent or contract."""
OBJECTABLE = frozenset({"legitimate_interests", "public_task"})
"""Art. 21(1): objection on grounds relating to the person's situation."""


@dataclass(frozen=True)
class Rights:
    erasure: bool
    """False when every purpose rests on a legal obligation or a public task."""
    portability: tuple[Purpose, ...]
    objection: tuple[Purpose, ...]
    """Art. 21(1): purposes the person may object to on grounds relating to their situation (never marketing)."""
    marketing: tuple[Purpose, ...]
    """Art. 21(2)-(3): direct-marketing purposes, to which objection is unconditional."""
    objection_to_marketing: bool
    """The unconditional right applies: direct-marketing purposes, prospecting or transmission of files."""
    withdraw_consent: tuple[Purpose, ...]
    """Art. 7(3), 13(2)(c): purposes on consent, withdrawable at any time."""

    @property
    def any_objection(self) -> bool:
        return bool(self.objection) or self.objection_to_marketing


def rights_of(activity: Activity) -> Rights:
    purposes = activity.purposes.all()
    bases = {p.basis for p in purposes}
    marketing = tuple(p for p in purposes if is_marketing(p, activity))
    return Rights(
        erasure=not bases <= NO_ERASURE,
        portability=tuple(p for p in purposes if p.basis in PORTABLE),
        objection=tuple(p for p in purposes if p.basis in OBJECTABLE and p not in marketing),
        marketing=marketing,
        objection_to_marketing=bool(marketing) or activity.prospecting is not None or activity.transmission is not None,
        withdraw_consent=tuple(p for p in purposes if p.basis == "consent"),
    )
