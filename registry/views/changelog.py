"""Changes of the register as sentences in the document's language, for the diff report and the build's annex."""

from __future__ import annotations

from dataclasses import dataclass

from ..diff.changeset import ActivityChange, FactChange, RegisterChanges
from ..i18n import Messages


@dataclass(frozen=True)
class ActivityChangeView:
    id: str
    name: str
    headline: str
    """"Activité ajoutée", "Activité modifiée"…"""
    lines: list[str]


@dataclass(frozen=True)
class ChangesView:
    title: str
    period: str
    activities: list[ActivityChangeView]
    findings_new: list[str]
    findings_gone: list[str]
    empty: str | None
    """The sentence saying nothing changed, when nothing did."""


def _line(change: FactChange, t: Messages) -> str:
    if change.before is None:
        return t("changes.fact_added", label=change.label, value=change.after)
    if change.after is None:
        return t("changes.fact_removed", label=change.label, value=change.before)
    return t("changes.fact_changed", label=change.label, before=change.before, after=change.after)


def _activity(change: ActivityChange, t: Messages) -> ActivityChangeView:
    lines = [t("changes.moved", path=change.moved_from)] if change.moved_from else []
    lines += [_line(fact, t) for fact in change.facts]
    return ActivityChangeView(change.id, change.name, t(f"changes.{change.status}"), lines)


def changes_view(changes: RegisterChanges, t: Messages) -> ChangesView:
    return ChangesView(
        title=t("changes.title"),
        period=t("changes.between", before=changes.before, after=changes.after),
        activities=[_activity(a, t) for a in changes.activities],
        findings_new=changes.findings_new,
        findings_gone=changes.findings_gone,
        empty=t("changes.none") if changes.empty else None,
    )
