"""The CNIL's référentiels, read from the table of purpose kinds: retention ceilings and floors, restricted access.

A rule here knows no figure of its own: each comes from ``registry/data/referentiels.yaml`` with the text
and the date it is taken from, which the finding quotes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ... import codes
from ...law import referentiels
from ...law.referentiels import Figure, Kind
from ...loading.register import ControllerActivity
from ...models import Activity
from ...models.activity import Retention
from ...models.duration import Duration
from ...models.vocabulary import given
from .base import Context, Finding, Loc, rule


def activity_kinds(model: Activity) -> list[Kind]:
    """The table's entries for the activity's purposes, each once, in the order of the purposes."""
    names = dict.fromkeys(p.kind for p in model.purposes.all() if p.kind is not None)
    return [referentiels.kind(name) for name in names]


def _days(duration: Duration | None) -> int:
    return duration.approximate_days if duration else 0


def kept_in_all(retention: Retention) -> int | None:
    """Days kept from the start event, archive included; None when only words say it (a criterion)."""
    if retention.duration is None and retention.archive is None:
        return None if retention.until is None and retention.criterion is not None else 0
    return _days(retention.duration) + (_days(retention.archive.duration) if retention.archive else 0)


def _retained(model: Activity) -> Iterator[tuple[Loc, str, Retention]]:
    for key, index, category in model.retained:
        retention = given(category.retention)
        if retention is not None:
            yield (key, index), category.category, retention


def _ceiling(kinds: list[Kind], category: str, retention: Retention) -> Figure | None:
    """The most generous ceiling among the kinds that set figures for this category, or None when one of them
    sets none (an accounting archive, the opposition list): data serving several purposes keep the longest."""
    found: list[Figure] = []
    for entry in kinds:
        if not any(f.covers(category) for f in entry.figures):
            continue
        figures = entry.figures_for(category, retention.start)
        ceilings = [f for f in figures if f.ceiling is not None]
        if figures and not ceilings:
            return None
        found.extend(ceilings)
    return max(found, key=lambda f: _days(f.ceiling), default=None)


@rule(codes.RF001, on="controller_activity")
def beyond_ceiling(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    A data category is kept in the active base no longer than the ceiling the CNIL sets for its
    purpose's `kind` (table of référentiels, `registry/data/referentiels.yaml`): candidates 2
    years after the last contact, security logs 1 year, audience-measurement data 25 months,
    prospects 3 years from the last contact coming from them, video images 1 month, vehicle
    positions 2 months, badge movements 3 months, online accounts 2 years of inactivity, an
    alert with no follow-up 2 months. An intermediate `archive` is not counted, and a category
    that also serves a kind without a ceiling for it is left alone.

    Why:
    Art. 5(1)(e) GDPR (storage limitation). The figures are the CNIL's recommendations and
    référentiels: not binding, but the reference the CNIL measures a register against. A longer
    period is a choice to justify, so the rule warns and a waiver records the reason.

    Fails:
    Applications kept five years in the candidate pool.

    ```yaml
    purposes:
      main:
        label: Recrutement
        kind: recruitment
        basis: legitimate_interests
        interest: Pourvoir nos postes.
        balancing_test: AIL-3
    data_categories:
      - category: professional_life
        description: CV et lettre de motivation
        retention: {duration: P5Y, from: last_contact}
    ```

    Fix:
    Shorten the `duration` to the figure the message gives, move what the law obliges you to
    keep into an `archive` with its reason, or waive RF001 with the reason for a longer period.
    """
    model = activity.model
    kinds = [k for k in activity_kinds(model) if k.figures]
    if not kinds:
        return
    for loc, category, retention in _retained(model):
        if retention.duration is None:
            continue
        figure = _ceiling(kinds, category, retention)
        if figure is not None and figure.ceiling and retention.duration.approximate_days > figure.ceiling.approximate_days:
            yield Finding((*loc, "retention", "duration"),
                          f"kept {retention.duration}, beyond the {figure.ceiling} the CNIL recommends for "
                          f"'{figure.kind}' ({figure.note['en']}; {figure.source.cited})")


def _floor_met(figure: Figure, candidates: list[tuple[Loc, str, Retention]]) -> bool:
    kept = [kept_in_all(retention) for _, _, retention in candidates]
    return any(days is None or (figure.floor is not None and days >= figure.floor.approximate_days) for days in kept)


@rule(codes.RF002, on="controller_activity")
def legal_archive_missing(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    The data a law obliges the organisation to keep for the purpose's `kind` are kept at least
    that long, active period and `archive` together (table of référentiels): payslips 5 years
    (Code du travail, art. L.3243-4) and payroll 6 years for tax audits (LPF, art. L.102 B),
    accounting documents 10 years (Code de commerce, art. L.123-22), the staff register 5 years
    after the employee leaves (Code du travail, art. R.1221-26), security logs at least 6 months
    and the opposition list at least 3 years (CNIL). A category kept by a criterion in words is
    taken as meeting it.

    Why:
    Deleting what the law says to keep breaks that law, and leaves the organisation without its
    evidence: the register shows the archive is missing.

    Fails:
    Payroll data deleted a year after the payment.

    ```yaml
    purposes:
      main:
        label: Paie
        kind: payroll
        basis: legal_obligation
        legal_reference: Code du travail, art. L.3243-2
    data_subjects:
      - category: employees
    data_categories:
      - category: economic_financial
        description: Salaire, cotisations
        retention: {duration: P1Y, from: transaction}
    ```

    Fix:
    Keep the data for the period the message gives, for instance in an `archive` whose
    `reason` names the obligation, or say in a waiver where else the organisation keeps them.
    """
    model = activity.model
    retained = list(_retained(model))
    seen: set[tuple[Loc, str]] = set()
    for entry in activity_kinds(model):
        for figure in entry.figures:
            if figure.floor is None:
                continue
            candidates = [(loc, category, r) for loc, category, r in retained
                          if figure.covers(category) and (figure.start is None or r.start == figure.start)]
            if _floor_met(figure, candidates):
                continue
            message = (f"the law or the CNIL asks to keep these data at least {figure.floor} for '{figure.kind}' "
                       f"({figure.note['en']}; {figure.source.cited})")
            places = [(*loc, "retention") for loc, _, _ in candidates] or [("data_categories",)]
            for place in places:
                if (place, figure.source.id) not in seen:
                    seen.add((place, figure.source.id))
                    yield Finding(place, message)


@rule(codes.RF003, on="controller_activity")
def every_department(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Data that only the people in charge may see (staff, candidates, camera images, vehicle
    positions, badge movements, alerts: the kinds the table marks `restricted`) do not go to a
    department that is everyone ("Tous les services", "Ensemble du personnel", "All staff"),
    by its name in registry.yaml or the recipient's `details`.

    Why:
    Art. 5(1)(f) and 32 GDPR; the CNIL's référentiels on staff management and whistleblowing
    limit access to the people whose duties need it, with documented authorisations.

    Fails:
    Staff files open to every department.

    ```yaml
    # registry.yaml
    departments:
      - id: hr
        name: Tous les services
    ---
    purposes:
      main:
        label: Dossiers du personnel
        kind: hr_management
        basis: legal_obligation
        legal_reference: Code du travail, art. L.1221-13
    data_subjects:
      - category: employees
    recipients:
      - ref: hr
    ```

    Fix:
    Name the departments that need the data (human resources, the manager concerned) and
    restrict access to them.
    """
    model = activity.model
    if not any(k.restricted for k in activity_kinds(model)):
        return
    register = ctx.register
    pattern = referentiels.table().every_department
    for index, recipient in enumerate(model.recipients):
        if register.catalogue_of(recipient.ref) != "departments":
            continue
        names = [t for _, t in register.entry(recipient.ref).name.translations]  # type: ignore[union-attr]
        details = [t for _, t in recipient.details.translations] if recipient.details else []
        if any(pattern.search(text) for text in [*names, *details]):
            yield Finding(("recipients", index, "ref"),
                          "these data are for the people in charge only, not every department: name the "
                          "departments that need them")


def cited_for(code: str) -> str:
    """The sources a rule that reads the table relies on, for ``registry explain``; empty for other rules."""
    table = referentiels.table()
    readers: dict[str, Callable[[Kind], bool]] = {
        codes.LB009.code: lambda k: True,
        codes.RF001.code: lambda k: any(f.ceiling for f in k.figures),
        codes.RF002.code: lambda k: any(f.floor for f in k.figures),
        codes.RF003.code: lambda k: k.restricted,
        codes.DP001.code: lambda k: k.dpia.listed != "none" or bool(k.criteria),
    }
    pick = readers.get(code)
    if pick is None:
        return ""
    lines = [f"Sources (table of référentiels, version {table.version}):"]
    for entry in referentiels.kinds():
        if pick(entry):
            cited = "; ".join(f"{s.cited} <{s.url}>" for s in entry.sources)
            lines.append(f"- {entry.name}: {cited}")
    return "\n".join(lines)
