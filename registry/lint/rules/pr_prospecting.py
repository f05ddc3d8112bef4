"""Direct marketing by the organisation itself (CPCE L.34-5, Art. 21 GDPR, the CNIL référentiel)."""

from __future__ import annotations

from collections.abc import Iterator

from ... import codes
from ...law.marketing import needs_objection_at_collection
from ...loading.register import ControllerActivity
from ...models.vocabulary import ELECTRONIC_CHANNELS
from .base import Context, Finding, rule
from .direct_marketing import PHONE_OPT_IN_FROM, relies_on_consent


@rule(codes.PR001, on="controller_activity")
def electronic_prospecting(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Prospecting consumers by email, SMS or automated calls rests on their prior consent,
    except existing customers about similar products who could object when their details were
    collected (the "soft opt-in"), and professionals contacted at work about their trade.

    Why:
    CPCE art. L.34-5 and the CNIL's guidance on electronic marketing: opt-in is the rule for
    individuals; the two exceptions need an objection offered at collection and in every
    message.

    Fails:
    Email prospecting of consumers on legitimate interests.

    ```yaml
    purposes:
      main:
        label: Offres commerciales par courrier
        basis: legitimate_interests
        interest: Faire connaître nos produits.
    prospecting:
      channels: [email]
      audience: [consumers]
      objection_at_collection: true
      unsubscribe: Lien dans chaque message
    ```

    Fix:
    Add a purpose with `basis: consent` and its `consent` block, or, for existing customers,
    set `existing_customers: true` and `objection_at_collection: true`.
    """
    model = activity.model
    if model.prospecting is None:
        return
    prospecting = model.prospecting
    if "consumers" not in prospecting.audience or relies_on_consent(model):
        return
    soft_opt_in = prospecting.existing_customers and prospecting.objection_at_collection
    exempt = {"email", "sms"} if soft_opt_in else set()  # never automated calls
    needing = sorted(set(prospecting.channels) & ELECTRONIC_CHANNELS - exempt)
    if needing:
        yield Finding(("prospecting", "channels"),
                      f"prospecting consumers by {', '.join(needing)} needs their prior consent (except existing "
                      "customers about similar products, with an objection offered at collection)")


@rule(codes.PR002, on="controller_activity")
def phone_prospecting(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    From 11 August 2026, calling consumers to prospect them rests on their prior consent.
    Before that date the rule only reminds of the change.

    Why:
    Loi n° 2025-594 du 30 juin 2025 makes telephone canvassing of consumers opt-in from
    11 August 2026, except calls about a contract in progress.

    Fails:
    Phone prospecting of consumers on legitimate interests, from 11 August 2026.

    ```yaml
    purposes:
      main:
        label: Offres commerciales par courrier
        basis: legitimate_interests
        interest: Faire connaître nos produits.
    prospecting:
      channels: [phone]
      audience: [consumers]
      objection_at_collection: true
      unsubscribe: Lien dans chaque message
    ```

    Fix:
    Collect consent for phone calls (a separate unticked box) and add the purpose with
    `basis: consent`, or stop calling consumers.
    """
    model = activity.model
    if model.prospecting is None:
        return
    prospecting = model.prospecting
    if "phone" not in prospecting.channels or "consumers" not in prospecting.audience or relies_on_consent(model):
        return
    if ctx.today >= PHONE_OPT_IN_FROM:
        yield Finding(("prospecting", "channels"), "since 11 August 2026, calling consumers to prospect them "
                                                   "needs their prior consent")


@rule(codes.PR003, on="controller_activity")
def objection_at_collection(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Prospecting without consent (by post or phone, or by email to customers about similar
    products or to professionals on legitimate interests) lets people object, simply and free
    of charge, when their details are collected (`objection_at_collection: true`).

    Why:
    CPCE art. L.34-5: the soft opt-in and B2B email need an objection offered "au moment où
    elles sont recueillies"; CNIL guidance on postal and telephone prospecting; Art. 21(2)-(4)
    GDPR: the right to object to direct marketing is absolute and presented clearly.

    Fails:
    Postal prospecting without a way to object at collection.

    ```yaml
    purposes:
      main:
        label: Offres commerciales par courrier
        basis: legitimate_interests
        interest: Faire connaître nos produits.
    prospecting:
      channels: [post]
      audience: [consumers]
      objection_at_collection: false
      unsubscribe: Lien dans chaque message
    ```

    Fix:
    Add a box "Je m'oppose à recevoir vos offres par courrier" on the collection form and set
    `objection_at_collection: true`.
    """
    model = activity.model
    if model.prospecting is None or model.prospecting.objection_at_collection:
        return
    channels = {"post", "phone"} & set(model.prospecting.channels) | needs_objection_at_collection(model)
    if channels:
        yield Finding(("prospecting",), f"prospecting by {', '.join(sorted(channels))} without consent: offer a way "
                                        "to object when contact details are collected and set "
                                        "'objection_at_collection: true'")


@rule(codes.PR004, on="controller_activity")
def unsubscribe(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Every prospecting activity says how each message lets people stop receiving them
    (`prospecting.unsubscribe`), existing customers included.

    Why:
    CPCE art. L.34-5 and Art. 21(2) GDPR: every message offers a free, simple way to object
    ("Pour ne plus recevoir nos messages, cliquez ici", "STOP SMS").

    Fails:
    Prospecting without saying how to unsubscribe.

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
    ```

    Fix:
    `unsubscribe: Lien de désinscription dans chaque email ; STOP par SMS`.
    """
    model = activity.model
    if model.prospecting is not None and model.prospecting.unsubscribe is None:
        yield Finding(("prospecting",), "say how every message lets people unsubscribe: add 'unsubscribe'")


@rule(codes.PR005, on="controller_activity")
def bought_file(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Prospecting with data that were not collected from the person (a bought or rented file,
    a partner's leads, public web pages) is flagged for review.

    Why:
    The buyer of a file answers for the consents it relies on (CNIL sanction FORIOU,
    SAN-2024-003); people must be told the source at the first message at the latest
    (Art. 14(3)(b)); phone numbers must be checked against opposition lists.

    Fails:
    Prospecting with a rented file.

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
        source: {kind: third_party, details: Loueur de fichiers}
        retention: {duration: P3Y, from: collection}
    ```

    Fix:
    Keep the provider's proof of consent, inform people at first contact, then waive the rule
    with the reference of that proof.
    """
    model = activity.model
    if model.prospecting is None:
        return
    for index, category in enumerate(model.data_categories):
        if category.source and category.source.kind in ("third_party", "partner", "publicly_available"):
            yield Finding(("data_categories", index, "source"),
                          "prospecting with data from another source: keep the provider's proof of consent "
                          "and inform people at the first message")
