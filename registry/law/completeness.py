"""How complete each fiche is against the Art. 30 items, as a score an auditor can read."""

from __future__ import annotations

from dataclasses import dataclass

from ..loading.register import Register, SourcedActivity
from ..models import Activity
from ..models.vocabulary import given
from . import dpia
from .geography import outside_eea


@dataclass(frozen=True)
class Item:
    key: str
    """Art. 30 item, e.g. "30(1)(d)"."""
    label: str
    present: bool


@dataclass(frozen=True)
class Score:
    activity: SourcedActivity
    items: tuple[Item, ...]
    screening: dpia.Screening | None
    """The DPIA screening of a controller's activity (None for a processor's)."""

    @property
    def percent(self) -> int:
        return round(100 * sum(i.present for i in self.items) / len(self.items))

    @property
    def missing(self) -> list[Item]:
        return [i for i in self.items if not i.present]


def _transfers_declared(register: Register, activity: SourcedActivity) -> bool:
    model = activity.model
    refs = model.recipient_ids if isinstance(model, Activity) else list(model.sub_processors)
    declared = {t.recipient for t in model.transfers}
    return all(r in declared for r in refs if outside_eea(register.country_of(r)))


def score(register: Register, activity: SourcedActivity) -> Score:
    model = activity.model
    transfers = _transfers_declared(register, activity)
    security = bool(model.security_measures)
    items: tuple[Item, ...]
    if isinstance(model, Activity):
        items = (
            Item("30(1)(a)", "controller, DPO and joint controllers", True),
            Item("30(1)(b)", "purposes", True),
            Item("30(1)(c)", "data subjects and categories of data", bool(model.data_subjects and model.data_categories)),
            Item("30(1)(d)", "recipients", bool(model.recipient_ids)),
            Item("30(1)(e)", "transfers outside the EU", transfers),
            Item("30(1)(f)", "retention of each category", all(given(c.retention) for _, _, c in model.retained)),
            Item("30(1)(g)", "security measures", security),
        )
    else:
        items = (
            Item("30(2)(a)", "processor and client controllers", bool(model.clients)),
            Item("30(2)(b)", "categories of processing", bool(model.processing)),
            Item("30(2)(c)", "transfers outside the EU", transfers),
            Item("30(2)(d)", "security measures", security),
        )
    headcount = register.settings.organisation.headcount
    return Score(activity, items, dpia.screen(model, headcount) if isinstance(model, Activity) else None)


def register_score(register: Register) -> tuple[list[Score], int]:
    scores = [score(register, a) for a in register.activities]
    total = round(sum(s.percent for s in scores) / len(scores)) if scores else 100
    return scores, total
