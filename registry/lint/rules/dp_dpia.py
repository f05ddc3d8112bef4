"""Data protection impact assessments (Art. 35): screening, and review of the ones carried out."""

from __future__ import annotations

from collections.abc import Iterator

from ... import codes
from ...law import dpia
from ...loading.register import ControllerActivity
from ...models.duration import Duration
from ...models.vocabulary import TODO
from .base import Context, Finding, rule

DPIA_REVIEW = Duration(years=3)


@rule(codes.DP001, on="controller_activity")
def dpia_required(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    When the screening finds a DPIA required (two WP248 criteria or more, or a type of
    processing on the CNIL list), the activity refers to it (`dpia.reference`) or documents why
    none is carried out (`dpia.justification`, with the DPO's opinion). A `reference: todo` is
    left to A30005.

    Why:
    Art. 35 GDPR; CNIL Délib. 2018-326 ("au moins deux critères") and 2018-327 (list of
    processing requiring a DPIA). `registry explain DP001` and the register fiche give the
    criteria met.

    Fails:
    Profiling on data bought from a data broker (CNIL list item 10), with no `dpia`.

    ```yaml
    automated_decisions: {profiling: true}
    data_categories:
      - category: identity
        description: Nom, centres d'intérêt
        source: {kind: third_party, details: Courtier en données}
        retention: {duration: P3Y, from: collection}
    ```

    Fix:
    ```yaml
    dpia:
      status: done
      reference: AIPD-2025-01
      date: 2025-03-01
    ```
    """
    model = activity.model
    screening = dpia.screen(model, ctx.register.settings.organisation.headcount)
    if screening.verdict != "required":
        return
    record = model.dpia
    if record and (record.justification or record.reference and record.status in ("done", "in_progress")):
        return
    if record and record.reference == TODO:
        return  # the DPIA is known to be needed and its reference still to give: A30005 reports it
    reasons = ", ".join([*screening.criteria, *(f"CNIL list item {n}" for n in screening.cnil_items)])
    yield Finding(("dpia",) if record else (), f"a DPIA is required ({reasons}): carry it out and give its "
                                               "'reference', or document why not in 'justification'")


@rule(codes.DP002, on="controller_activity")
def dpia_review(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    A DPIA carried out more than three years ago is reviewed.

    Why:
    CNIL Délib. 2018-326: a DPIA is reviewed regularly, "en tout état de cause tous les trois
    ans".

    Fails:
    A DPIA carried out in January 2021, checked in 2027.

    ```yaml
    dpia: {status: done, date: 2021-01-10, reference: AIPD-2021-01}
    ```

    Fix:
    Review the DPIA and update `dpia.date`.
    """
    model = activity.model
    if model.dpia is None or model.dpia.status != "done" or model.dpia.date is None:
        return
    age = (ctx.today - model.dpia.date).days
    if age > DPIA_REVIEW.approximate_days:
        yield Finding(("dpia", "date"), f"the DPIA is {age // 365} years old: review it (every 3 years at least)")


@rule(codes.DP003, on="controller_activity")
def sensitive_criterion(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    The WP248 criterion "sensitive or highly personal data", when declared under
    `dpia.criteria`, is borne out by the data the activity records: a special category, the
    NIR, location data, or the people's own financial data.

    Why:
    The screening and the fiche's "Données sensibles ?" answer follow from the data recorded
    (Art. 9, 10 GDPR, CNIL Délib. 2018-326). A criterion ticked without such data either
    misstates the activity, inflating its DPIA screening, or reveals data missing from the
    register (Art. 30(1)(c)): one of the two is wrong.

    Fails:
    Sensitive data ticked, none recorded.

    ```yaml
    dpia: {status: not_required, criteria: [sensitive_or_highly_personal]}
    ```

    Fix:
    Record the data concerned (`special_categories`, a `location` or `economic_financial`
    category…), or remove the criterion.
    """
    record = activity.model.dpia
    if record and "sensitive_or_highly_personal" in record.criteria and not dpia.highly_personal(activity.model):
        index = record.criteria.index("sensitive_or_highly_personal")
        yield Finding(("dpia", "criteria", index), "sensitive or highly personal data are ticked, but the activity "
                                                    "records none: record them, or remove the criterion")
