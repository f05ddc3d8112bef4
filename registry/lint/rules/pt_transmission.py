"""Transmission of customer or prospect files to partners for their own prospecting."""

from __future__ import annotations

from collections.abc import Iterator

from ... import codes
from ...loading.register import ControllerActivity
from ...models.vocabulary import ELECTRONIC_CHANNELS
from .base import Context, Finding, rule
from .direct_marketing import PHONE_OPT_IN_FROM, relies_on_consent


@rule(codes.PT001, on="controller_activity")
def electronic_transmission(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Handing data to partners for their email, SMS or automated-call prospecting rests on the
    person's prior consent to that transmission.

    Why:
    CNIL "La prospection vers les particuliers : quelles règles pour transmettre des données
    à des partenaires ?" (2018) and référentiel §6: consent, separate from the collector's own
    marketing consent, with the partner list reachable from the form.

    Fails:
    Data handed to partners for their email prospecting, on legitimate interests.

    ```yaml
    purposes:
      main:
        label: Offres commerciales par courrier
        basis: legitimate_interests
        interest: Faire connaître nos produits.
    transmission: {channels: [email], partners: [maison-confort], objection_at_collection: true}
    ```

    Fix:
    Add the unticked box "J'accepte que mon adresse électronique soit transmise aux partenaires
    [lien] de la société X", and a purpose with `basis: consent`.
    """
    model = activity.model
    if model.transmission is None:
        return
    electronic = sorted(set(model.transmission.channels) & ELECTRONIC_CHANNELS)
    if electronic and not relies_on_consent(model):
        yield Finding(("transmission", "channels"),
                      f"transmitting data for partners' prospecting by {', '.join(electronic)} needs consent")


@rule(codes.PT002, on="controller_activity")
def transmission_objection(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Handing data to partners for postal or phone prospecting, on legitimate interests, offers
    a box to object on the collection form (`transmission.objection_at_collection: true`).
    From 11 August 2026, phone numbers of consumers need consent instead.

    Why:
    CNIL guidance on partners (2018) and référentiel §6: people are informed and can object
    simply and free of charge, at collection and at any time; loi n° 2025-594 for the phone.

    Fails:
    Data handed to partners for postal prospecting, with no box to object.

    ```yaml
    purposes:
      main:
        label: Offres commerciales par courrier
        basis: legitimate_interests
        interest: Faire connaître nos produits.
    transmission: {channels: [post], partners: [maison-confort], objection_at_collection: false}
    ```

    Fix:
    Add "Je m'oppose à ce que mes coordonnées postales soient transmises aux partenaires [lien]"
    and set `objection_at_collection: true`.
    """
    model = activity.model
    if model.transmission is None:
        return
    channels = set(model.transmission.channels)
    if channels & {"post", "phone"} and not model.transmission.objection_at_collection:
        yield Finding(("transmission",), "offer a box to object to the transmission on the collection form "
                                         "and set 'objection_at_collection: true'")
    if "phone" in channels and ctx.today >= PHONE_OPT_IN_FROM and not relies_on_consent(model):
        yield Finding(("transmission", "channels"), "since 11 August 2026, phone numbers of consumers are "
                                                    "transmitted for canvassing only with their consent")


@rule(codes.PT003, on="controller_activity")
def partner_list(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    When data go to partners, the register gives the address of the published, up-to-date
    partner list (`publication.partner_list` in registry.yaml).

    Why:
    Référentiel §6: "la liste précise des destinataires doit être régulièrement actualisée et
    mise à la disposition des personnes" from the collection form, e.g. through a link.

    Fails:
    A transmission to partners, and no published partner list.

    ```yaml
    # registry.yaml
    publication: {partner_list: null}
    ---
    purposes:
      main:
        label: Offres commerciales par courrier
        basis: legitimate_interests
        interest: Faire connaître nos produits.
    transmission: {channels: [post], partners: [maison-confort], objection_at_collection: true}
    ```

    Fix:
    Publish the page that `registry notice --partners` generates and set
    `publication: {partner_list: https://…}`.
    """
    model = activity.model
    if model.transmission is not None and ctx.register.settings.publication.partner_list is None:
        yield Finding(("transmission",), "publish the partner list and give its address in registry.yaml "
                                         "(publication.partner_list)")


@rule(codes.PT004, on="controller_activity")
def sensitive_transmitted(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    An activity that transmits data to partners holds no special-category data and no NIR.

    Why:
    Référentiel §6: "les données dites sensibles ne peuvent être transmises à des tiers".

    Fails:
    Health data in an activity that hands data to partners.

    ```yaml
    purposes:
      main:
        label: Offres commerciales par courrier
        basis: legitimate_interests
        interest: Faire connaître nos produits.
    transmission: {channels: [post], partners: [maison-confort], objection_at_collection: true}
    special_categories:
      - {category: health, description: Allergies, exception: explicit_consent}
    ```

    Fix:
    Keep sensitive data out of the transmitted file (a separate activity without transmission).
    """
    model = activity.model
    if model.transmission is not None and model.has_sensitive_data:
        yield Finding(("transmission",), "sensitive data (special categories or NIR) must never be "
                                         "transmitted to partners")


@rule(codes.PT005, on="register")
def partner_privacy_policy(ctx: Context) -> Iterator[Finding]:
    """
    What it checks:
    Each partner in registry.yaml has the address of its privacy policy (`privacy_policy`).

    Why:
    The CNIL recommends a complete, current partner list giving each partner's identity and a
    link to its data-protection policy, reachable from the collection form.

    Fails:
    A partner without `privacy_policy` (entries of a catalogue are patched by id).

    ```yaml
    # registry.yaml
    partners:
      - {id: maison-confort, privacy_policy: null}
    ```

    Fix:
    `privacy_policy: https://partner.example/confidentialite`.
    """
    for index, partner in enumerate(ctx.register.settings.partners):
        if partner.privacy_policy is None:
            yield Finding(("partners", index), f"partner '{partner.id}' has no privacy policy link for the "
                                               "partner list", in_settings=True)


@rule(codes.PT006, on="register")
def unused_partner(ctx: Context) -> Iterator[Finding]:
    """
    What it checks:
    Every partner listed in registry.yaml receives data through some activity's
    `transmission`.

    Why:
    The published partner list must be kept current: a partner that no longer receives data
    must leave it, and a new one must be announced (CNIL guidance on partners).

    Fails:
    A partner that no activity transmits data to.

    ```yaml
    # registry.yaml
    partners:
      - {id: volets-du-sud, name: Volets du Sud SARL, activity: Vend des volets., privacy_policy: https://volets.example/rgpd}
    ```

    Fix:
    Remove the partner, or add it to the activity that transmits data to it.
    """
    used = {pid for a in ctx.register.controller_activities if a.model.transmission
            for pid in a.model.transmission.partners}
    for index, partner in enumerate(ctx.register.settings.partners):
        if partner.id not in used:
            yield Finding(("partners", index, "id"), f"partner '{partner.id}' receives data from no activity: "
                                                     "remove it from the partner list", in_settings=True)
