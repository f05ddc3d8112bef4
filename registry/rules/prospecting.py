"""Direct marketing (CPCE art. L.34-5, CNIL guidance) and transmission of files to partners."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..models import Activity
from ..problems import Severity
from ..register import SourcedActivity
from ..vocabulary import ELECTRONIC_CHANNELS
from .base import Context, Finding, controller_activity, rule

PHONE_OPT_IN_FROM = date(2026, 8, 11)
"""Loi n° 2025-594: from this date, phone canvassing of consumers needs their prior consent."""


def _relies_on_consent(activity: Activity) -> bool:
    return any(p.basis == "consent" for p in activity.purposes.all())


@rule("PR001", "electronic-prospecting-without-consent", Severity.ERROR)
def electronic_prospecting(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
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
    ```yaml
    prospecting:
      channels: [email]
      audience: [consumers]
    ```
    with no purpose based on consent.

    Fix:
    Add a purpose with `basis: consent` and its `consent` block, or, for existing customers,
    set `existing_customers: true` and `objection_at_collection: true`.
    """
    model = controller_activity(activity)
    if model is None or model.prospecting is None:
        return
    prospecting = model.prospecting
    if "consumers" not in prospecting.audience or _relies_on_consent(model):
        return
    soft_opt_in = prospecting.existing_customers and prospecting.objection_at_collection
    exempt = {"email", "sms"} if soft_opt_in else set()  # never automated calls
    needing = sorted(set(prospecting.channels) & ELECTRONIC_CHANNELS - exempt)
    if needing:
        yield Finding(("prospecting", "channels"),
                      f"prospecting consumers by {', '.join(needing)} needs their prior consent (except existing "
                      "customers about similar products, with an objection offered at collection)")


@rule("PR002", "phone-prospecting-without-consent", Severity.ERROR)
def phone_prospecting(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    From 11 August 2026, calling consumers to prospect them rests on their prior consent.
    Before that date the rule only reminds of the change.

    Why:
    Loi n° 2025-594 du 30 juin 2025 makes telephone canvassing of consumers opt-in from
    11 August 2026, except calls about a contract in progress.

    Fails:
    `channels: [phone]`, `audience: [consumers]` and no purpose based on consent.

    Fix:
    Collect consent for phone calls (a separate unticked box) and add the purpose with
    `basis: consent`, or stop calling consumers.
    """
    model = controller_activity(activity)
    if model is None or model.prospecting is None:
        return
    prospecting = model.prospecting
    if "phone" not in prospecting.channels or "consumers" not in prospecting.audience or _relies_on_consent(model):
        return
    if ctx.today >= PHONE_OPT_IN_FROM:
        yield Finding(("prospecting", "channels"), "since 11 August 2026, calling consumers to prospect them "
                                                   "needs their prior consent")


@rule("PR003", "objection-not-offered-at-collection", Severity.ERROR)
def objection_at_collection(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    Prospecting by post or by phone on legitimate interests lets people object, simply and
    free of charge, when their details are collected (`objection_at_collection: true`).

    Why:
    CNIL guidance on postal and telephone prospecting; Art. 21(2)-(4) GDPR: the right to object
    to direct marketing is absolute and must be presented clearly at the first communication.

    Fails:
    `channels: [post]` without `objection_at_collection: true`.

    Fix:
    Add a box "Je m'oppose à recevoir vos offres par courrier" on the collection form and set
    `objection_at_collection: true`.
    """
    model = controller_activity(activity)
    if model is None or model.prospecting is None:
        return
    if {"post", "phone"} & set(model.prospecting.channels) and not model.prospecting.objection_at_collection:
        yield Finding(("prospecting",), "offer a way to object when contact details are collected "
                                        "and set 'objection_at_collection: true'")


@rule("PR004", "unsubscribe-missing", Severity.ERROR)
def unsubscribe(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    Every prospecting activity says how each message lets people stop receiving them
    (`prospecting.unsubscribe`), existing customers included.

    Why:
    CPCE art. L.34-5 and Art. 21(2) GDPR: every message offers a free, simple way to object
    ("Pour ne plus recevoir nos messages, cliquez ici", "STOP SMS").

    Fails:
    A `prospecting` block without `unsubscribe`.

    Fix:
    `unsubscribe: Lien de désinscription dans chaque email ; STOP par SMS`.
    """
    model = controller_activity(activity)
    if model is not None and model.prospecting is not None and model.prospecting.unsubscribe is None:
        yield Finding(("prospecting",), "say how every message lets people unsubscribe: add 'unsubscribe'")


@rule("PR005", "prospecting-file-from-third-party", Severity.WARNING)
def bought_file(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    Prospecting with data that were not collected from the person (a bought or rented file,
    a partner's leads, public web pages) is flagged for review.

    Why:
    The buyer of a file answers for the consents it relies on (CNIL sanction FORIOU,
    SAN-2024-003); people must be told the source at the first message at the latest
    (Art. 14(3)(b)); phone numbers must be checked against opposition lists.

    Fails:
    A prospecting activity with `source: {kind: third_party}` on a data category.

    Fix:
    Keep the provider's proof of consent, inform people at first contact, then waive the rule
    with the reference of that proof.
    """
    model = controller_activity(activity)
    if model is None or model.prospecting is None:
        return
    for index, category in enumerate(model.data_categories):
        if category.source and category.source.kind in ("third_party", "partner", "publicly_available"):
            yield Finding(("data_categories", index, "source"),
                          "prospecting with data from another source: keep the provider's proof of consent "
                          "and inform people at the first message")


@rule("PT001", "electronic-transmission-without-consent", Severity.ERROR)
def electronic_transmission(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    Handing data to partners for their email, SMS or automated-call prospecting rests on the
    person's prior consent to that transmission.

    Why:
    CNIL "La prospection vers les particuliers : quelles règles pour transmettre des données
    à des partenaires ?" (2018) and référentiel §6: consent, separate from the collector's own
    marketing consent, with the partner list reachable from the form.

    Fails:
    `transmission: {channels: [email], ...}` without a purpose based on consent.

    Fix:
    Add the unticked box "J'accepte que mon adresse électronique soit transmise aux partenaires
    [lien] de la société X", and a purpose with `basis: consent`.
    """
    model = controller_activity(activity)
    if model is None or model.transmission is None:
        return
    electronic = sorted(set(model.transmission.channels) & ELECTRONIC_CHANNELS)
    if electronic and not _relies_on_consent(model):
        yield Finding(("transmission", "channels"),
                      f"transmitting data for partners' prospecting by {', '.join(electronic)} needs consent")


@rule("PT002", "transmission-without-objection", Severity.ERROR)
def transmission_objection(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    Handing data to partners for postal or phone prospecting, on legitimate interests, offers
    a box to object on the collection form (`transmission.objection_at_collection: true`).
    From 11 August 2026, phone numbers of consumers need consent instead.

    Why:
    CNIL guidance on partners (2018) and référentiel §6: people are informed and can object
    simply and free of charge, at collection and at any time; loi n° 2025-594 for the phone.

    Fails:
    `transmission: {channels: [post]}` without `objection_at_collection: true`.

    Fix:
    Add "Je m'oppose à ce que mes coordonnées postales soient transmises aux partenaires [lien]"
    and set `objection_at_collection: true`.
    """
    model = controller_activity(activity)
    if model is None or model.transmission is None:
        return
    channels = set(model.transmission.channels)
    if channels & {"post", "phone"} and not model.transmission.objection_at_collection:
        yield Finding(("transmission",), "offer a box to object to the transmission on the collection form "
                                         "and set 'objection_at_collection: true'")
    if "phone" in channels and ctx.today >= PHONE_OPT_IN_FROM and not _relies_on_consent(model):
        yield Finding(("transmission", "channels"), "since 11 August 2026, phone numbers of consumers are "
                                                    "transmitted for canvassing only with their consent")


@rule("PT003", "partner-list-not-published", Severity.ERROR)
def partner_list(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    When data go to partners, the register gives the address of the published, up-to-date
    partner list (`publication.partner_list` in registry.yaml).

    Why:
    Référentiel §6: "la liste précise des destinataires doit être régulièrement actualisée et
    mise à la disposition des personnes" from the collection form, e.g. through a link.

    Fails:
    An activity with `transmission` and no `publication.partner_list`.

    Fix:
    Publish the page that `registry notice --partners` generates and set
    `publication: {partner_list: https://…}`.
    """
    model = controller_activity(activity)
    if model is not None and model.transmission is not None and ctx.register.settings.publication.partner_list is None:
        yield Finding(("transmission",), "publish the partner list and give its address in registry.yaml "
                                         "(publication.partner_list)")


@rule("PT004", "sensitive-data-transmitted", Severity.ERROR)
def sensitive_transmitted(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    An activity that transmits data to partners holds no special-category data and no NIR.

    Why:
    Référentiel §6: "les données dites sensibles ne peuvent être transmises à des tiers".

    Fails:
    `transmission` together with `special_categories` or a `nir` data category.

    Fix:
    Keep sensitive data out of the transmitted file (a separate activity without transmission).
    """
    model = controller_activity(activity)
    if model is not None and model.transmission is not None and model.has_sensitive_data:
        yield Finding(("transmission",), "sensitive data (special categories or NIR) must never be "
                                         "transmitted to partners")


@rule("PT005", "partner-privacy-policy-missing", Severity.WARNING, scope="register")
def partner_privacy_policy(ctx: Context) -> Iterator[Finding]:
    """
    What it checks:
    Each partner in registry.yaml has the address of its privacy policy (`privacy_policy`).

    Why:
    The CNIL recommends a complete, current partner list giving each partner's identity and a
    link to its data-protection policy, reachable from the collection form.

    Fails:
    A `partners` entry without `privacy_policy`.

    Fix:
    `privacy_policy: https://partner.example/confidentialite`.
    """
    for index, partner in enumerate(ctx.register.settings.partners):
        if partner.privacy_policy is None:
            yield Finding(("partners", index), f"partner '{partner.id}' has no privacy policy link for the "
                                               "partner list", in_settings=True)


@rule("PT006", "partner-list-not-current", Severity.WARNING, scope="register")
def unused_partner(ctx: Context) -> Iterator[Finding]:
    """
    What it checks:
    Every partner listed in registry.yaml receives data through some activity's
    `transmission`.

    Why:
    The published partner list must be kept current: a partner that no longer receives data
    must leave it, and a new one must be announced (CNIL guidance on partners).

    Fails:
    A `partners` entry that no activity names under `transmission.partners`.

    Fix:
    Remove the partner, or add it to the activity that transmits data to it.
    """
    used = {pid for a in ctx.register.activities if isinstance(a.model, Activity) and a.model.transmission
            for pid in a.model.transmission.partners}
    for index, partner in enumerate(ctx.register.settings.partners):
        if partner.id not in used:
            yield Finding(("partners", index, "id"), f"partner '{partner.id}' receives data from no activity: "
                                                     "remove it from the partner list", in_settings=True)
