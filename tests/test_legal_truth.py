"""The notices say only what the register says: consent, form boxes, erasure, rights (issue 24).

Each test writes an activity into a copy of the example register and reads the
generated sentences, in French and in English.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import CONSENT, LI, activity
from .rules.test_rules import CONSENT_FACTS

REASSURANCE = "Les cases de consentement ne sont jamais pré-cochées et ne conditionnent ni la commande ni l'inscription."
PROSPECTING = ("recipients: [{{ref: marketing}}]\nprospecting:\n  channels: [{channels}]\n  audience: [{audience}]\n"
               "  existing_customers: {customers}\n  objection_at_collection: {objection}\n  unsubscribe: Lien\n")


@pytest.fixture
def notice(run, example: Path) -> Callable[..., str]:
    """Write activities/t.yaml and return its notice (stdout), asserting success."""

    def make(text: str, *options: str) -> str:
        (example / "activities" / "t.yaml").write_text(text, encoding="utf-8")
        result = run("notice", example, "T-01", *options)
        assert result.exit_code == 0, result.output
        return result.output

    return make


def prospecting(*replace: tuple[str, str], channels: str = "email", audience: str = "consumers",
                customers: str = "false", objection: str = "true", extra: str = "") -> str:
    return activity(*replace, extra=PROSPECTING.format(channels=channels, audience=audience, customers=customers,
                                                       objection=objection) + extra)


# --- 1. consent as facts ------------------------------------------------------------------------------


def test_the_consent_reassurance_needs_the_facts(notice) -> None:
    stated = notice(prospecting(CONSENT, CONSENT_FACTS))
    assert "☐ J'accepte de recevoir les offres de Menuiseries Rhône Lumière par courriel." in stated
    assert REASSURANCE in stated
    assert "Consent boxes are never ticked in advance and are never a condition" in notice(
        prospecting(CONSENT, CONSENT_FACTS), "--lang", "en")
    unknown = notice(prospecting(CONSENT))
    assert "☐ J'accepte" in unknown and "pré-cochées" not in unknown and "conditionnent" not in unknown


def test_a_register_that_says_the_box_is_ticked_gets_no_reassurance_and_three_errors(notice, run, example) -> None:
    sanctioned = ("Case non cochée", "case pré-cochée ; l'acceptation des CGV vaut consentement ; "
                                     "obligatoire pour valider la commande")
    text = notice(prospecting(CONSENT, sanctioned))
    assert "pré-cochées" not in text and "conditionnent" not in text
    codes = {line.split(": ")[2].split()[0] for line in run("check", example).output.splitlines()
             if line.startswith("activities/t.yaml")}
    assert {"CS001", "CS002", "CS003"} <= codes


def test_a_partial_reassurance_says_only_the_stated_half(notice) -> None:
    unticked_only = (CONSENT_FACTS[0], CONSENT_FACTS[0] + "\n      unticked: true\n      condition_of_service: true")
    text = notice(prospecting(CONSENT, unticked_only))
    assert "Les cases de consentement ne sont jamais pré-cochées.\n" in text
    assert "conditionnent" not in text
    free_only = (CONSENT_FACTS[0], CONSENT_FACTS[0] + "\n      condition_of_service: false")
    assert "Les cases de consentement ne conditionnent ni la commande ni l'inscription." in notice(
        prospecting(CONSENT, free_only))


def test_no_reassurance_under_objection_boxes_alone(notice) -> None:
    text = notice(prospecting(LI, channels="post"))
    assert "☐ Je ne souhaite pas recevoir les offres de Menuiseries Rhône Lumière par courrier postal." in text
    assert "Les cases de consentement" not in text


# --- 2. form boxes derived from the purposes -------------------------------------------------------------


def test_professionals_emailed_on_legitimate_interests_get_an_objection_box(notice) -> None:
    text = notice(prospecting(LI, audience="professionals"))
    assert ("☐ Je ne souhaite pas recevoir par courriel, à mon adresse professionnelle, les offres de Menuiseries "
            "Rhône Lumière en rapport avec mon activité.") in text
    assert "I do not wish to receive offers from Menuiseries Rhône Lumière about my line of work by email" in notice(
        prospecting(LI, audience="professionals"), "--lang", "en")


def test_the_soft_opt_in_box_names_the_purpose_s_channels_and_sits_on_the_order_form(notice) -> None:
    soft = ("    balancing_test: AIL-1", "    balancing_test: AIL-1\n    channels: [email]\n    audience: [customers]")
    text = notice(prospecting(LI, soft, channels="email, sms", customers="true"))
    assert ("☐ Sur le bon de commande : je ne souhaite pas recevoir par courriel d'offres de Menuiseries Rhône "
            "Lumière pour des produits proches de ceux que j'achète.") in text
    assert "courriel et SMS" not in text


def test_an_objection_box_only_when_the_register_says_it_is_offered(notice) -> None:
    text = notice(prospecting(LI, channels="post, email", audience="professionals", objection="false"))
    assert "Je ne souhaite pas" not in text
    assert "Sur le formulaire de collecte" not in text


def test_each_purpose_gets_its_own_box(notice) -> None:
    """Consent for consumers, the soft opt-in for customers, an objection for professionals and for post."""
    consumers = CONSENT[1] + "\n    channels: [email, sms]\n    audience: [consumers]"
    subs = ("  main:", "  sub:\n"
            "    - {label: Offres aux clients, kind: prospecting_electronic, basis: legitimate_interests, interest: X,"
            " channels: [email], audience: [customers]}\n"
            "    - {label: Offres aux professionnels, kind: prospecting_electronic, basis: legitimate_interests,"
            " interest: X, channels: [email], audience: [professionals]}\n"
            "    - {label: Offres par courrier, kind: prospecting_post, basis: legitimate_interests, interest: X}\n"
            "  main:")
    text = notice(prospecting((CONSENT[0], consumers), subs, channels="email, sms, post",
                              audience="consumers, professionals", customers="true"))
    boxes = [line for line in text.splitlines() if line.startswith("- ☐")]
    assert boxes == [
        "- ☐ J'accepte de recevoir les offres de Menuiseries Rhône Lumière par courriel et SMS.",
        "- ☐ Sur le bon de commande : je ne souhaite pas recevoir par courriel d'offres de Menuiseries Rhône Lumière "
        "pour des produits proches de ceux que j'achète.",
        "- ☐ Je ne souhaite pas recevoir par courriel, à mon adresse professionnelle, les offres de Menuiseries "
        "Rhône Lumière en rapport avec mon activité.",
        "- ☐ Je ne souhaite pas recevoir les offres de Menuiseries Rhône Lumière par courrier postal.",
    ]
