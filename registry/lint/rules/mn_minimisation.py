"""Data minimisation (Art. 5(1)(c)): only the data the purpose needs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ... import codes
from ...law.dpia import staff_only
from ...loading.register import ControllerActivity
from .base import Context, Finding, rule

_UNUSUAL_WORDS = re.compile(
    r"date de naissance|date of birth|birth ?date|âge|situation familiale|family situation|marital|"
    r"nombre d'enfants|children|religion|nationalit",
    re.IGNORECASE,
)
_UNUSUAL_CATEGORIES = {"personal_life", "location"}
_CARD_CODE = re.compile(r"cryptogramme|\bCVV|\bCVC|card (security|verification) code", re.IGNORECASE)


@rule(codes.MN001, on="controller_activity")
def unusual_data(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Data that commercial purposes rarely need (personal life, location, date of birth, family
    situation…) come with the `reason` they are needed. Payroll and staff management are not
    commercial: the law asks for the family situation and date of birth there.

    Why:
    Art. 5(1)(c) GDPR; the CNIL's practical advice: "Avez-vous besoin de sa date de naissance
    pour poser des fenêtres ?" The référentiel allows family, economic or financial situation
    only when linked to the commercial relationship.

    Fails:
    A date of birth for order management, with no `reason`.

    ```yaml
    data_categories:
      - category: identity
        description: Nom, prénom, date de naissance
        retention: {duration: P3Y, from: end_of_contract}
    ```

    Fix:
    Remove the data, or add `reason: Vérifier l'âge légal pour la vente d'alcool`.
    """
    model = activity.model
    if staff_only(model):
        return
    for index, category in enumerate(model.data_categories):
        if category.reason is not None:
            continue
        text = " ".join(t for _, t in category.description.translations)
        found = _UNUSUAL_WORDS.search(text)
        if category.category in _UNUSUAL_CATEGORIES or found:
            what = f"'{found.group(0)}'" if found else f"{category.category.replace('_', ' ')} data"
            yield Finding(("data_categories", index), f"is {what} needed for this purpose? remove it or "
                                                      "add the 'reason'")


@rule(codes.MN002, on="controller_activity")
def card_code(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    No data category records the card security code (CVV, "cryptogramme visuel").

    Why:
    Référentiel §7: the visual cryptogram is deleted as soon as the payment is made; it is
    never stored (CNIL recommendation on payment cards).

    Fails:
    The card security code kept with the card number.

    ```yaml
    data_categories:
      - category: economic_financial
        description: Numéro de carte, date d'expiration, cryptogramme
        retention: {duration: P13M, from: transaction}
    ```

    Fix:
    Let the payment provider handle the code; never record it.
    """
    model = activity.model
    for index, category in enumerate(model.data_categories):
        if any(_CARD_CODE.search(t) for _, t in category.description.translations):
            yield Finding(("data_categories", index, "description"), "the card security code must never be kept")
