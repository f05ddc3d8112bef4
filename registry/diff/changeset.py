"""A change set: what differs between two versions of the register, as plain values.

Computed by :mod:`registry.diff.compare`; shown by the views, the diff report and the build's annex.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal


@dataclass(frozen=True)
class FactChange:
    label: str
    before: str | None
    """None when the fact is new."""
    after: str | None
    """None when the fact was removed."""


@dataclass(frozen=True)
class ActivityChange:
    id: str
    name: str
    status: Literal["added", "removed", "changed", "before_history"]
    """``before_history``: created before the history of the register begins, so not added since."""
    facts: list[FactChange] = field(default_factory=list)
    moved_from: str | None = None
    """The activity's previous file, when it was renamed."""
    flows_changed: bool = False
    """Whether the data flows it draws differ (who the data are about, where they come from or go): an
    added activity's always do. The Markdown report then shows its picture."""


@dataclass(frozen=True, order=True)
class Finding:
    """A compliance finding as ``registry check`` reports it; its message is the rule's, in English."""

    code: str
    activity: str
    """The activity's id, or the file's path for a finding outside the activities."""
    message: str
    severity: str
    """``error``, ``warning`` or ``info``."""


@dataclass(frozen=True)
class RegisterChanges:
    before: str
    """How the earlier version is named (a revision, a date)."""
    after: str
    activities: list[ActivityChange]
    findings_new: list[Finding]
    """Compliance findings present after and not before."""
    findings_gone: list[Finding]

    def created_before(self, ids: set[str]) -> RegisterChanges:
        """When the history starts after the date asked for, the activities created before that date were not
        added since: they were there, with changes the history cannot tell."""
        return replace(self, activities=[replace(a, status="before_history", facts=[])
                                         if a.status == "added" and a.id in ids else a for a in self.activities])

    @property
    def empty(self) -> bool:
        return not (self.activities or self.findings_new or self.findings_gone)
