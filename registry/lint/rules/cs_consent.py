"""How consent is asked (Art. 7 GDPR, CJEU Planet49, the CNIL's sanctions): one rule per safeguard."""

from __future__ import annotations

from collections.abc import Iterator

from ... import codes
from ...law.consent import safeguards
from ...loading.register import ControllerActivity
from .base import Context, Finding, rule


def _breaches(activity: ControllerActivity, name: str, message: str) -> Iterator[Finding]:
    """A finding on each consent of the activity that breaches the safeguard ``name``."""
    for loc, purpose in activity.model.purposes.located():
        if purpose.basis != "consent" or purpose.consent is None:
            continue
        for safeguard in safeguards(purpose.consent):
            if safeguard.name == name and safeguard.holds is False:
                worded = " (so says 'consent.collection')" if safeguard.field == "collection" else ""
                yield Finding((*loc, "consent", safeguard.field), message + worded)


@rule(codes.CS001, on="controller_activity")
def pre_ticked(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    A consent box is left unticked until the person ticks it (`consent.unticked: true`).

    Why:
    A pre-ticked box is no consent: CJEU Planet49 (C-673/17), Art. 4(11) and recital 32 GDPR;
    the CNIL lists "présumer du consentement en proposant des cases pré-cochées" among the
    practices it sanctions.

    Fails:
    A pre-ticked box.

    ```yaml
    purposes:
      main:
        label: Lettre d'information
        basis: consent
        consent:
          collection: Case pré-cochée sur le bon de commande
          withdrawal: Lien de désinscription
    ```

    Fix:
    Leave the box unticked and set `unticked: true`.
    """
    yield from _breaches(activity, "unticked", "a pre-ticked box is no consent: leave it unticked (Planet49)")


@rule(codes.CS002, on="controller_activity")
def through_terms(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Consent is asked on its own, never by accepting the general terms of sale or use
    (`consent.separate_from_terms: true`).

    Why:
    Art. 7(2) GDPR: a request for consent is distinguishable from the other matters; the CNIL:
    "le consentement recueilli par la simple acceptation des conditions générales … n'est pas
    valable".

    Fails:
    Accepting the terms of sale counts as consent.

    ```yaml
    purposes:
      main:
        label: Lettre d'information
        basis: consent
        consent:
          collection: L'acceptation des CGV vaut consentement
          withdrawal: Lien de désinscription
    ```

    Fix:
    Ask with a box of its own, apart from the terms, and set `separate_from_terms: true`.
    """
    yield from _breaches(activity, "separate_from_terms",
                         "consent given by accepting the general terms is not valid: ask it apart")


@rule(codes.CS003, on="controller_activity")
def as_condition(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Consent is never a condition of an order, a sign-up or a service
    (`consent.condition_of_service: false`).

    Why:
    Art. 7(4) GDPR: consent is not free when the service depends on it; the CNIL sanctions
    "conditionner l'accès à un service, l'achat d'un bien … à l'acceptation de recevoir des
    messages publicitaires".

    Fails:
    The order cannot be completed without consenting.

    ```yaml
    purposes:
      main:
        label: Lettre d'information
        basis: consent
        consent:
          collection: Case obligatoire pour valider la commande
          withdrawal: Lien de désinscription
    ```

    Fix:
    Let people order without consenting, and set `condition_of_service: false`.
    """
    yield from _breaches(activity, "free", "consent required to get the service is not free (Art. 7(4))")


@rule(codes.CS004, on="controller_activity")
def bundled(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Each purpose and each channel has its own choice (`consent.one_choice_per_purpose: true`),
    never one box for several.

    Why:
    Art. 7(2) and 4(11) GDPR: consent is specific; the CNIL's contest example refuses "J'accepte
    de participer au jeu concours et de recevoir des offres".

    Fails:
    One box for our offers and our partners' offers.

    ```yaml
    purposes:
      main:
        label: Lettre d'information
        basis: consent
        consent:
          collection: Case non cochée
          withdrawal: Lien de désinscription
          one_choice_per_purpose: false
    ```

    Fix:
    One box per purpose and per channel, then `one_choice_per_purpose: true`.
    """
    yield from _breaches(activity, "one_choice_per_purpose",
                         "one box for several purposes or channels is not specific consent: one choice each")


@rule(codes.CS005, on="controller_activity")
def facts_missing(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    A consent says whether its box is unticked, separate from the general terms, not a condition
    of the service and one per purpose and channel.

    Why:
    The notices say "Les cases de consentement ne sont jamais pré-cochées et ne conditionnent ni
    la commande ni l'inscription" only when these facts are stated; the controller must be able
    to prove consent was valid (Art. 7(1)).

    Fails:
    A consent described in words only.

    ```yaml
    purposes:
      main:
        label: Lettre d'information
        basis: consent
        consent:
          collection: Case à cocher
          withdrawal: Lien de désinscription
    ```

    Fix:
    ```yaml
    consent:
      unticked: true
      separate_from_terms: true
      condition_of_service: false
      one_choice_per_purpose: true
    ```
    """
    for loc, purpose in activity.model.purposes.located():
        if purpose.basis != "consent" or purpose.consent is None:
            continue
        unknown = [s.field for s in safeguards(purpose.consent) if s.holds is None]
        if unknown:
            yield Finding((*loc, "consent"), f"say how consent is asked: add {', '.join(map(repr, unknown))}")

