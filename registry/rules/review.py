"""DPIA screening and freshness of the fiches."""

from __future__ import annotations

from collections.abc import Iterator

from .. import dpia
from ..duration import Duration
from ..problems import Severity
from ..register import SourcedActivity
from .base import Context, Finding, controller_activity, rule

DPIA_REVIEW = Duration(years=3)


@rule("DP001", "dpia-required", Severity.ERROR)
def dpia_required(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    When the screening finds a DPIA required (two WP248 criteria or more, or a type of
    processing on the CNIL list), the activity refers to it (`dpia.reference`) or documents why
    none is carried out (`dpia.justification`, with the DPO's opinion).

    Why:
    Art. 35 GDPR; CNIL Délib. 2018-326 ("au moins deux critères") and 2018-327 (list of
    processing requiring a DPIA). `registry explain DP001` and the register fiche give the
    criteria met.

    Fails:
    An activity with profiling on data bought from a data broker and no `dpia`.

    Fix:
    ```yaml
    dpia:
      status: done
      reference: AIPD-2025-01
      date: 2025-03-01
    ```
    """
    model = controller_activity(activity)
    if model is None:
        return
    screening = dpia.screen(model)
    if screening.verdict != "required":
        return
    record = model.dpia
    if record and (record.justification or record.reference and record.status in ("done", "in_progress")):
        return
    reasons = ", ".join([*screening.criteria, *(f"CNIL list item {n}" for n in screening.cnil_items)])
    yield Finding(("dpia",) if record else (), f"a DPIA is required ({reasons}): carry it out and give its "
                                               "'reference', or document why not in 'justification'")


@rule("DP002", "dpia-review-due", Severity.WARNING)
def dpia_review(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    A DPIA carried out more than three years ago is reviewed.

    Why:
    CNIL Délib. 2018-326: a DPIA is reviewed regularly, "en tout état de cause tous les trois
    ans".

    Fails:
    `dpia: {status: done, date: 2021-01-10, reference: …}` in 2026.

    Fix:
    Review the DPIA and update `dpia.date`.
    """
    model = controller_activity(activity)
    if model is None or model.dpia is None or model.dpia.status != "done" or model.dpia.date is None:
        return
    age = (ctx.today - model.dpia.date).days
    if age > DPIA_REVIEW.approximate_days:
        yield Finding(("dpia", "date"), f"the DPIA is {age // 365} years old: review it (every 3 years at least)")


@rule("FR001", "activity-not-reviewed", Severity.WARNING, controller_only=False)
def freshness(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    Each activity in force was reviewed (its `updated` date) within the review interval,
    12 months unless `checks.review_interval` says otherwise.

    Why:
    Any change to a processing must be carried into the register (CNIL); a periodic review is
    how a DPO shows the register is kept up to date (Art. 5(2), accountability).

    Fails:
    `updated: 2024-01-15` in an activity checked in 2026.

    Fix:
    Review the fiche with its owner and set `updated` to the review date.
    """
    model = activity.model
    interval = ctx.register.settings.checks.review_interval
    age = (ctx.today - model.updated).days
    if model.status == "in_force" and age > interval.approximate_days:
        yield Finding(("updated",), f"not reviewed for {age} days (review interval: {interval})")
