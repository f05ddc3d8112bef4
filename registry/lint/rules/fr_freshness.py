"""Freshness: a register is kept up to date, each activity reviewed within an interval."""

from __future__ import annotations

from collections.abc import Iterator

from ... import codes
from ...loading.register import SourcedActivity
from .base import Context, Finding, rule


@rule(codes.FR001, on="activity")
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
    _, updated = ctx.register.dates_of(activity)
    if updated is None:
        return
    age = (ctx.today - updated).days
    if model.status == "in_force" and age > interval.approximate_days:
        yield Finding(("updated",), f"not reviewed for {age} days (review interval: {interval})")


@rule(codes.FR002, on="activity")
def updated_date_current(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    An `updated` date written in the fiche is not earlier than the last commit that changed what
    the fiche says (its data, not its comments or layout), as git records it.

    Why:
    The auditor reads the update date as the date of the register's current content; a change
    committed after it means the date no longer tells the truth (Art. 5(2), accountability).
    Without a written date, the register takes the file's last commit.

    Fails:
    A fiche whose retention was changed in a commit after its `updated` date (tested on a real
    repository: `tests/test_history.py`).

    ```yaml
    created: 2019-06-01
    updated: 2020-01-01
    ```

    Fix:
    Set `updated` to the date of the review that made the change, or remove it so the date of the
    last commit is used.
    """
    written = activity.model.updated
    dates = ctx.register.git_dates.get(activity.path)
    if written is None or dates is None or dates.updated <= written:
        return
    change = ctx.register.last_changes.get(activity.path)
    if change is not None and change.day > written:
        yield Finding(("updated",), f"the fiche changed on {change.day} (commit {change.short}), after its "
                                    f"'updated' date {written}: review it and set the date")
