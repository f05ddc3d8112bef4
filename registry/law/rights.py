"""Which rights apply, derived from the legal bases and the kinds of purposes (Art. 15-22 GDPR), never written by hand."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Activity
from ..models.activity import DataCategoryEntry, Purpose, SpecialCategoryEntry
from ..models.vocabulary import given
from .purposes import is_marketing, is_objection_list

NO_ERASURE = frozenset({"legal_obligation", "public_task"})
"""Art. 17(3)(b): erasure does not apply to processing required by law or a public task."""
LEGAL_DUTY_WORDS = re.compile(r"obligation|statutory|required by law|exigée? par la loi|la loi (?:impose|exige|oblige)",
                              re.IGNORECASE)
"""Words of an archive's reason that say the law requires it ("Obligation comptable"), not evidence alone."""
PORTABLE = frozenset({"consent", "contract"})
"""Art. 20(1)(a): portability covers data processed on consent or contract."""
OBJECTABLE = frozenset({"legitimate_interests", "public_task"})
"""Art. 21(1): objection on grounds relating to the person's situation."""


Kept = DataCategoryEntry | SpecialCategoryEntry


@dataclass(frozen=True)
class Rights:
    erasure: bool
    """False when every purpose rests on a legal obligation or a public task, or the law obliges the
    organisation to keep every category."""
    kept_by_law: tuple[Kept, ...]
    """The categories whose retention rests on a legal obligation: erasure waits for its end (Art. 17(3)(b))."""
    erasure_after_objection: bool
    """A public task: no erasure as such, but after an objection that succeeds (Art. 17(1)(c))."""
    public_task: tuple[Purpose, ...]
    """Where other purposes allow erasure, those on a public task, whose data are erased after a successful
    objection (Art. 17(1)(c), 17(3)(b))."""
    objection_to_transmission: bool
    """Files handed to partners: the person can object to the transmission itself, and the objection is passed on."""
    portability: tuple[Purpose, ...]
    objection: tuple[Purpose, ...]
    """Art. 21(1): purposes the person may object to on grounds relating to their situation (never marketing)."""
    objection_to_marketing: bool
    """Art. 21(2)-(3): the unconditional right applies: direct-marketing purposes, prospecting or transmission
    of files."""
    withdraw_consent: tuple[Purpose, ...]
    """Art. 7(3), 13(2)(c): purposes on consent, withdrawable at any time."""

    @property
    def any_objection(self) -> bool:
        return bool(self.objection) or self.objection_to_marketing


def kept_by_law(activity: Activity) -> tuple[Kept, ...]:
    """The categories the law obliges the organisation to keep: those whose retention says so
    (``required_by_law``, or an archive whose reason is a legal obligation), or every category of an
    activity that rests on legal obligations alone (payroll)."""
    bases = {p.basis for p in activity.purposes.all()}
    everything = bases == {"legal_obligation"}
    kept = []
    for _, _, entry in activity.retained:
        retention = given(entry.retention)
        required = retention.required_by_law if retention else None
        if required is None and retention and retention.archive and retention.archive.reason:
            required = any(LEGAL_DUTY_WORDS.search(text) for _, text in retention.archive.reason.translations) or None
        if required or (required is None and everything):
            kept.append(entry)
    return tuple(kept)


def rights_of(activity: Activity) -> Rights:
    purposes = activity.purposes.all()
    bases = {p.basis for p in purposes}
    marketing = tuple(p for p in purposes if is_marketing(p, activity))
    kept = kept_by_law(activity)
    return Rights(
        erasure=not bases <= NO_ERASURE and (not kept or len(kept) < len(activity.retained)),
        kept_by_law=kept,
        erasure_after_objection=bases <= NO_ERASURE and "public_task" in bases,
        public_task=tuple(p for p in purposes if p.basis == "public_task") if not bases <= NO_ERASURE else (),
        objection_to_transmission=activity.transmission is not None,
        portability=tuple(p for p in purposes if p.basis in PORTABLE),
        objection=tuple(p for p in purposes if p.basis in OBJECTABLE and p not in marketing
                        and not is_objection_list(p)),
        objection_to_marketing=bool(marketing) or activity.prospecting is not None or activity.transmission is not None,
        withdraw_consent=tuple(p for p in purposes if p.basis == "consent"),
    )
