"""Retention: never indefinite, and within the CNIL's reference periods for commercial data."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ... import codes
from ...i18n import Messages
from ...law import referentiels
from ...law.referentiels import Figure
from ...law.rights import kept_by_law, rights_of
from ...loading.register import ControllerActivity
from ...models import Activity
from ...models.activity import Retention
from ...models.vocabulary import RetentionStart, given, values
from .base import Context, Finding, Loc, rule


def _prospecting_figure(start: str | None) -> Figure:
    """The table's figure for prospecting data (``start`` None) or the opposition list (``objection``)."""
    return referentiels.kind("prospecting_post").figures_for("identity", start)[0]


def _left_to_the_table(model: Activity, start: str | None) -> bool:
    """Whether a purpose's kind sets the figure itself: RF001 and RF002 then report it, with its source."""
    return any(f.start == start for p in model.purposes.all() if p.kind
               for f in referentiels.kind(p.kind).figures if (f.ceiling if start is None else f.floor))
_INDEFINITE = re.compile(r"ind[ée]fini|illimit|sans limit|indefinite|unlimited|forever|permanen|no limit", re.I)


def _retentions(model: Activity) -> Iterator[tuple[Loc, Retention | None]]:
    """Each kept category's retention, None when absent or still ``todo`` (rules RT001 and A30005)."""
    for key, index, category in model.retained:
        yield (key, index), given(category.retention)


@rule(codes.RT001, on="controller_activity")
def retention_missing(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Every data category (special categories included) says how long it is kept.

    Why:
    Art. 30(1)(f) GDPR: the register gives, where possible, the time limits for erasure of the
    different categories of data; Art. 13(2)(a): the notice must state them; the référentiel:
    "en aucun cas, les données ne doivent être conservées pour une durée indéfinie".

    Fails:
    A data category without `retention`.

    ```yaml
    data_categories:
      - {category: identity, description: "Nom, email"}
    ```

    Fix:
    ```yaml
    retention:
      duration: P3Y
      from: end_of_relationship
    ```
    """
    model = activity.model
    for key, index, category in model.retained:
        if category.retention is None:
            yield Finding((key, index), "say how long these data are kept: add 'retention'")


@rule(codes.RT002, on="controller_activity")
def retention_indefinite(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    No retention criterion describes an unlimited period ("indéfiniment", "illimitée",
    "permanent"…).

    Why:
    Art. 5(1)(e) GDPR (storage limitation); the référentiel: data are never kept for an
    indefinite period.

    Fails:
    Data kept for ever.

    ```yaml
    data_categories:
      - category: identity
        description: Nom, email
        retention: {criterion: Conservées indéfiniment}
    ```

    Fix:
    Set a `duration` from an event, or an `until` event, and anonymise what is kept for
    statistics.
    """
    model = activity.model
    for loc, retention in _retentions(model):
        if retention and retention.criterion and any(_INDEFINITE.search(t) for _, t in retention.criterion.translations):
            yield Finding((*loc, "retention", "criterion"), "data are never kept indefinitely: set a limit")


@rule(codes.RT003, on="controller_activity")
def prospect_retention(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    In a prospecting activity, data are kept at most 3 years from collection or from the last
    contact coming from the person (a click, a request, a purchase; opening an email does not
    count). The figure is the table of référentiels'; when a purpose's `kind` sets a ceiling,
    RF001 reports it instead.

    Why:
    CNIL référentiel §7 and NS-048: 3 years is the reference period for prospects, and for
    customer data used for prospecting after the end of the relationship; a longer period must
    be justified.

    Fails:
    Prospects kept five years after the last contact.

    ```yaml
    purposes:
      main:
        label: Offres commerciales par courrier
        basis: legitimate_interests
        interest: Faire connaître nos produits.
    prospecting:
      channels: [post]
      audience: [consumers]
      objection_at_collection: true
      unsubscribe: Lien dans chaque message
    data_categories:
      - category: identity
        description: Nom, adresse postale
        retention: {duration: P5Y, from: last_contact}
      - category: identity
        description: Liste d'opposition
        retention: {duration: P3Y, from: objection}
    ```

    Fix:
    `duration: P3Y`, or waive the rule with the justification.
    """
    model = activity.model
    if model.prospecting is None or _left_to_the_table(model, None):
        return
    ceiling = _prospecting_figure(None).ceiling
    assert ceiling is not None
    for loc, retention in _retentions(model):
        if retention and retention.duration and retention.start != "objection":
            if retention.duration.approximate_days > ceiling.approximate_days:
                yield Finding((*loc, "retention", "duration"),
                              f"{retention.duration} is longer than the 3 years the CNIL allows for prospecting data")


@rule(codes.RT004, on="controller_activity")
def opposition_list(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    A prospecting activity keeps the list of people who objected for at least 3 years from
    their objection (a data category with `from: objection`). The figure is the table of
    référentiels'; when a purpose's `kind` sets it, RF002 reports it instead.

    Why:
    Référentiel §7: the information needed to honour an objection is kept at least 3 years,
    and used for nothing else; without it, people who objected are contacted again.

    Fails:
    Prospecting without keeping the list of people who objected.

    ```yaml
    purposes:
      main:
        label: Offres commerciales par courrier
        basis: legitimate_interests
        interest: Faire connaître nos produits.
    prospecting:
      channels: [post]
      audience: [consumers]
      objection_at_collection: true
      unsubscribe: Lien dans chaque message
    ```

    Fix:
    ```yaml
    - category: identity
      description: "Liste d'opposition : email ou téléphone, date de l'opposition"
      retention: {duration: P3Y, from: objection}
    ```
    """
    model = activity.model
    if model.prospecting is None or _left_to_the_table(model, "objection"):
        return
    floor = _prospecting_figure("objection").floor
    assert floor is not None
    kept = [(loc, r) for loc, r in _retentions(model) if r and r.start == "objection"]
    if not kept:
        yield Finding(("data_categories",), "keep the opposition list at least 3 years: add a data category "
                                            "retained 'from: objection'")
    for loc, retention in kept:
        if retention.duration and retention.duration.approximate_days < floor.approximate_days:
            yield Finding((*loc, "retention", "duration"), "the opposition list is kept at least 3 years")


@rule(codes.RT005, on="controller_activity")
def inactive_accounts(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Customer account and connection data end after a set period of inactivity
    (`duration` counted `from: last_activity`); the logs of an activity whose purposes are all
    IT security (`kind: it_security_logs`) follow the logging recommendation instead.

    Why:
    Référentiel §7: accounts are considered inactive after a reasonable delay (about 2 years);
    users are warned, then their accounts deleted. Data must not outlive the relationship.

    Fails:
    Customer accounts kept until the customer deletes them, however long inactive.

    ```yaml
    data_categories:
      - category: connection
        description: Identifiant et mot de passe
        retention: {until: account_deletion}
    ```

    Fix:
    `retention: {duration: P2Y, from: last_activity}`.
    """
    model = activity.model
    security_logs = {p.kind for p in model.purposes.all()} == {"it_security_logs"}  # logs are not accounts
    if "customers" not in {s.category for s in model.data_subjects} or security_logs:
        return
    for index, category in enumerate(model.data_categories):
        retention = given(category.retention)
        if category.category == "connection" and retention and not (
            retention.duration and retention.start == "last_activity"
        ):
            yield Finding(("data_categories", index, "retention"),
                          "delete inactive accounts after a set period: count a duration 'from: last_activity'")


@rule(codes.RT006, on="controller_activity")
def pseudonymised(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Data kept beyond their retention (for statistics, for instance) are anonymised, not
    pseudonymised.

    Why:
    Pseudonymised data (hashed e-mail, customer number) are still personal data (Art. 4(5),
    recital 26 GDPR); only irreversibly anonymised data leave the retention limits (référentiel
    §7, WP29 Opinion 05/2014).

    Fails:
    Pseudonymisation at the end of retention.

    ```yaml
    data_categories:
      - category: identity
        description: Nom, email
        retention: {duration: P3Y, from: end_of_contract, end: pseudonymise}
    ```

    Fix:
    `end: anonymise` (irreversibly, indirect identifiers included) or `end: delete`.
    """
    model = activity.model
    for loc, retention in _retentions(model):
        if retention and retention.end == "pseudonymise":
            yield Finding((*loc, "retention", "end"), "pseudonymised data are still personal data: "
                                                      "anonymise them irreversibly or delete them")


@rule(codes.RT007, on="controller_activity")
def archive_reason(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Intermediate archiving states its reason: a legal obligation or the need for evidence.

    Why:
    Référentiel §7 and NS-048 art. 5: after the active period, data go to intermediate archives
    only when the law requires it (accounting: 10 years) or to prove a right, within the
    limitation period, with restricted access.

    Fails:
    Archiving with no reason.

    ```yaml
    data_categories:
      - category: identity
        description: Nom, email
        retention:
          duration: P3Y
          from: end_of_contract
          archive: {duration: P10Y}
    ```

    Fix:
    `reason: Obligation comptable (C. com. art. L.123-22)`.
    """
    model = activity.model
    for loc, retention in _retentions(model):
        if retention and retention.archive and retention.archive.reason is None:
            yield Finding((*loc, "retention", "archive"), "state the legal obligation or evidence need that "
                                                          "justifies archiving: add 'reason'")


@rule(codes.RT008, on="controller_activity")
def retention_event_matches_basis(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    A retention that ends when consent is withdrawn belongs to an activity with a purpose based
    on consent; one that ends with the person's objection, to an activity whose purposes allow
    objection (legitimate interests, a public task, direct marketing).

    Why:
    Art. 5(1)(e) and 13(2)(a) GDPR: the retention period told to people must be the one that
    applies. Ending data kept on legitimate interests "at consent withdrawal" describes an event
    that cannot happen, and the notice would contradict its own legal basis.

    Fails:
    Data kept on the contract until consent is withdrawn.

    ```yaml
    data_categories:
      - category: identity
        description: Nom, email
        retention: {until: consent_withdrawal}
    ```

    Fix:
    Count the retention from an event of the activity's own basis (end of the contract, last
    contact), or add the purpose based on consent that the data serve.
    """
    rights = rights_of(activity.model)
    for loc, retention in _retentions(activity.model):
        ends = retention.until if retention else None
        if ends == "consent_withdrawal" and not rights.withdraw_consent:
            yield Finding((*loc, "retention", "until"),
                          "no purpose of this activity rests on consent: its data cannot end at consent withdrawal")
        elif ends == "objection" and not rights.any_objection:
            yield Finding((*loc, "retention", "until"),
                          "no purpose of this activity allows objection: its data cannot end at the person's objection")


@rule(codes.RT009, on="controller_activity")
def retention_event_covers_every_basis(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Data that end at consent withdrawal belong to an activity whose purposes all rest on consent:
    where some purposes rest on another basis (legitimate interests for postal prospecting or the
    soft opt-in), the ending also says what happens to the data kept for those.

    Why:
    Art. 13(2)(a) GDPR: the period told to people is the one that applies. Withdrawing consent
    ends the processing based on it (Art. 7(3)), not the processing on legitimate interests, which
    ends with an objection or a duration; a single "until consent is withdrawn" misstates one of
    the two.

    Fails:
    Prospecting by email on consent and by post on legitimate interests, data kept until consent
    is withdrawn.

    ```yaml
    purposes:
      main:
        label: Offres par courriel
        kind: prospecting_electronic
        basis: consent
        consent: {collection: Case non cochée, withdrawal: Lien de désinscription}
      sub:
        - label: Offres par courrier
          kind: prospecting_post
          basis: legitimate_interests
          interest: Faire connaître nos produits.
    data_categories:
      - category: identity
        description: Nom, adresse
        retention: {duration: P3Y, from: last_contact, until: consent_withdrawal}
    ```

    Fix:
    Count the period from the last contact and say, in `criterion`, that data go earlier when the
    person withdraws consent or objects; or keep one data category per basis.
    """
    bases = {p.basis for p in activity.model.purposes.all()}
    if "consent" not in bases or bases == {"consent"}:
        return
    for loc, retention in _retentions(activity.model):
        if retention and retention.until == "consent_withdrawal":
            yield Finding((*loc, "retention", "until"),
                          "some purposes of this activity do not rest on consent: say when the data kept for them "
                          "end (a duration, or the person's objection)")


@rule(codes.RT010, on="controller_activity")
def said_twice(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    A retention's `criterion` adds to its duration rather than repeating it: a sentence of the
    criterion that names the same duration names another starting event.

    Why:
    The notices print the duration, then the criterion: a period said twice in two wordings reads
    as two periods (Art. 12(1): concise and intelligible information).

    Fails:
    The criterion repeats the three years from the last contact.

    ```yaml
    data_categories:
      - category: identity
        description: Nom, email
        retention:
          duration: P3Y
          from: last_contact
          criterion: Au plus 3 ans après le dernier contact.
    ```

    Fix:
    Keep in the criterion only what the duration does not say, e.g. "Pour les clients, 3 ans à
    compter de la fin de la relation commerciale."
    """
    for loc, retention in _retentions(activity.model):
        if retention and retention.duration and retention.criterion and _repeats(retention):
            yield Finding((*loc, "retention", "criterion"), "the criterion repeats the duration: keep in it only "
                                                            "what the duration does not say")


def _repeats(retention: Retention) -> bool:
    """Whether a sentence of the criterion names the retention's duration without naming another start."""
    assert retention.duration is not None and retention.criterion is not None
    for language, text in retention.criterion.translations:
        messages = Messages(language or "fr")
        period = messages.duration(retention.duration).lower()
        others = [messages(f"retention.from.{s}").lower() for s in values(RetentionStart) if s != retention.start]
        for sentence in re.split(r"(?<=[.;])\s", text.lower()):
            if period in sentence and not any(other in sentence for other in others):
                return True
    return False


@rule(codes.RT011, on="controller_activity")
def legal_retention_not_stated(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    An activity that mixes a legal obligation with other bases says which categories the law
    obliges the organisation to keep (`retention.required_by_law`, or an archive whose reason
    names the obligation).

    Why:
    Erasure does not apply to data kept under a legal obligation (Art. 17(3)(b)), and applies to
    the rest: the notices state the limit for those categories only, so the register must say
    which they are (payroll within an activity also paid on the contract, accounting within
    client management).

    Fails:
    Payroll on the law and the contract, with no category said to be kept by law.

    ```yaml
    purposes:
      main:
        label: Gestion de la paie
        basis: legal_obligation
        legal_reference: Code du travail, art. L.3243-4
      sub:
        - label: Ordre de virement à la banque
          basis: contract
    ```

    Fix:
    `required_by_law: true` on the retention of each category the law obliges you to keep, and
    `false` on the others.
    """
    model = activity.model
    bases = {p.basis for p in model.purposes.all()}
    if "legal_obligation" not in bases or bases == {"legal_obligation"} or kept_by_law(model):
        return
    if not any((r := given(entry.retention)) and r.required_by_law is not None for _, _, entry in model.retained):
        yield Finding(("data_categories",), "say which categories the law obliges you to keep: set "
                                            "'required_by_law' on their retention")
