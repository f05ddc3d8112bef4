"""Which rights apply, derived from the legal bases (Art. 15-22 GDPR), never written by hand."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Activity
from ..models.activity import Purpose

NO_ERASURE = frozenset({"legal_obligation", "public_task"})
"""Art. 17(3)(b): erasure does not apply to processing required by law or a public task."""
PORTABLE = frozenset({"consent", "contract"})
"""Art. 20(1)(a): portability covers data processed on consent or contract."""
OBJECTABLE = frozenset({"legitimate_interests", "public_task"})
"""Art. 21(1): objection on grounds relating to the person's situation."""


@dataclass(frozen=True)
class Rights:
    erasure: bool
    portability: tuple[Purpose, ...]
    objection: tuple[Purpose, ...]
    objection_to_marketing: bool
    """Art. 21(2)-(3): absolute, for direct marketing and the transmission of files for it."""
    withdraw_consent: bool


def rights_of(activity: Activity) -> Rights:
    purposes = activity.purposes.all()
    bases = {p.basis for p in purposes}
    return Rights(
        erasure=not bases <= NO_ERASURE,
        portability=tuple(p for p in purposes if p.basis in PORTABLE),
        objection=tuple(p for p in purposes if p.basis in OBJECTABLE),
        objection_to_marketing=activity.prospecting is not None or activity.transmission is not None,
        withdraw_consent="consent" in bases,
    )
