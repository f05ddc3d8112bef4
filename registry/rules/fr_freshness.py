"""Freshness: a register is kept up to date, each activity reviewed within an interval."""

from __future__ import annotations

from collections.abc import Iterator

from ..problems import Severity
from ..register import SourcedActivity
from .base import Context, Finding, rule


@rule("FR001", "activity-not-reviewed", Severity.WARNING, on="activity")
def freshness(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    Each activity in force was reviewed (its `updated` date) within the review interval,
    12 months unless `checks.review_interval` says otherwise.

    Why:
    Any change to a processing must be carried into the register (CNIL); a periodic review is
    how a DPO shows the register is kept up to date (Art. 5(2), accountability).

    Fails:
    An activity last reviewed in January 2024, checked in 2027.

    ```yaml
    created: 2023-06-01
    updated: 2024-01-15
    ```

    Fix:
    Review the fiche with its owner and set `updated` to the review date.
    """
    model = activity.model
    interval = ctx.register.settings.checks.review_interval
    age = (ctx.today - model.updated).days
    if model.status == "in_force" and age > interval.approximate_days:
        yield Finding(("updated",), f"not reviewed for {age} days (review interval: {interval})")
