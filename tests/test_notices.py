"""Privacy notices: each Art. 13/14 item appears exactly when it applies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import CONSENT, FIXTURE, LI, REPO, activity

GOLDEN = Path(__file__).parent / "golden" / "notices"

def test_legitimate_interests_states_interest_and_objection_not_portability(notice) -> None:
    text = notice(activity(LI))
    assert "Base légale : notre intérêt légitime. Notre intérêt : améliorer nos produits." in text
    assert "AIL-1" not in text  # the balancing test is for the register, not the notice
    assert "Vous pouvez vous opposer, pour des raisons tenant à votre situation particulière" in text
    assert "portabilité" not in text and "retirer votre consentement" not in text


def test_consent_states_withdrawal_and_portability(notice) -> None:
    text = notice(activity(CONSENT))
    assert "Vous pouvez retirer votre consentement à tout moment, sans effet sur ce qui a été fait avant : " \
           "lien de désinscription." in text
    assert "(portabilité)" in text
    assert "raisons tenant à votre situation particulière" not in text


def test_contract_states_mandatory_data_and_consequence(notice) -> None:
    text = notice(activity(("    description: Nom, email", "    description: Nom, email\n    mandatory: true\n"
                                                            "    requirement: contractual\n"
                                                            "    if_not_provided: La commande est impossible.")))
    assert "- Nom, email — Obligatoire, le contrat l'exige. La commande est impossible." in text
    assert "(portabilité)" in text


def test_legal_obligation_alone_has_no_erasure_nor_portability(notice) -> None:
    text = notice(activity(("    basis: contract", "    basis: legal_obligation\n    legal_reference: C. com. L.123-22"),
                           ("    description: Nom, email", "    description: Nom, email\n    mandatory: false")))
    assert "Les données que la loi nous oblige à conserver ne peuvent pas être effacées" in text
    assert "portabilité" not in text
    assert "Texte applicable : C. com. L.123-22." in text


def test_transfers_only_when_present(notice) -> None:
    without = notice(activity(LI))
    assert "Transferts hors de l'Union européenne" not in without
    scc = notice(activity(LI, extra="recipients: [{ref: freshworks}]\ntransfers:\n"
                                    "  - {recipient: freshworks, country: US, tool: scc, documentation: "
                                    "https://example.org/cct.pdf}\n"))
    assert "## Transferts hors de l'Union européenne" in scc
    assert ("Freshworks Inc. (États-Unis) : transfert encadré par des clauses contractuelles types de la Commission "
            "européenne. Vous pouvez en obtenir une copie : sur demande à dpo@rhone-lumiere.example.") in scc
    assert "example.org/cct.pdf" not in scc  # an internal reference is for the register, not the notice
    public = notice(activity(LI, extra="recipients: [{ref: freshworks}]\ntransfers:\n"
                                       "  - {recipient: freshworks, country: US, tool: scc, documentation: DPA-2024, "
                                       "copy_url: 'https://example.org/cct.pdf'}\n"))
    assert "Vous pouvez en obtenir une copie : [https://example.org/cct.pdf](https://example.org/cct.pdf)." in public


def test_a_us_recipient_is_adequate_only_through_the_data_privacy_framework(notice, run, example: Path) -> None:
    dpf = notice(activity(LI, extra="recipients: [{ref: freshworks}]\ntransfers:\n"
                                    "  - {recipient: freshworks, country: US, tool: adequacy, adequacy_scope: dpf}\n"))
    assert ("Freshworks Inc. (États-Unis) : organisme certifié au titre du cadre de protection des données UE–États-Unis "
            "(Data Privacy Framework) ; transfert couvert par la décision d'adéquation C(2023) 4745 de la Commission "
            "européenne.") in dpf
    assert "ce pays" not in dpf
    swiss = notice(activity(LI, extra="recipients: [{ref: freshworks}]\ntransfers:\n"
                                      "  - {recipient: freshworks, country: CH, tool: adequacy}\n"))
    assert "a reconnu que ce pays assure un niveau de protection adéquat, par la décision d'adéquation 2000/518/CE." in swiss
    (example / "activities" / "t.yaml").write_text(activity(LI, extra="recipients: [{ref: freshworks}]\ntransfers:\n"
                                                   "  - {recipient: freshworks, country: US, tool: adequacy}\n"))
    checked = run("check", example, "--select", "TR001")
    assert checked.exit_code == 1 and "write 'adequacy_scope: dpf'" in checked.output


def test_article_14_source_only_for_indirect_collection(notice) -> None:
    assert "D'où viennent vos données" not in notice(activity(LI))
    text = notice(activity(LI, ("    description: Nom, email", "    description: Nom, email\n"
                                "    source: {kind: third_party, details: Fichier loué à Datacorp}")))
    assert "## D'où viennent vos données" in text
    assert "- Nom, email : Auprès d'un tiers (Fichier loué à Datacorp)." in text
    assert "au plus tard lors de notre premier contact avec vous" in text


def test_automated_decisions_only_when_present(notice) -> None:
    assert "Décisions automatisées" not in notice(activity(LI))
    text = notice(activity(LI, extra="automated_decisions:\n  automated_decision: true\n"
                                     "  logic: Score selon l'historique de paiement.\n"
                                     "  consequences: Paiement comptant exigé.\n"))
    assert "## Décisions automatisées et profilage" in text
    assert "Logique : Score selon l'historique de paiement." in text


def test_prospecting_always_offers_objection_and_unsubscribe(notice) -> None:
    assert "à des fins de prospection commerciale" not in notice(activity(LI))
    text = notice(activity(LI, extra="recipients: [{ref: marketing}]\nprospecting:\n  channels: [email, post]\n"
                                     "  audience: [professionals]\n  objection_at_collection: true\n"
                                     "  unsubscribe: Lien\n"))
    assert "Vous pouvez vous opposer à tout moment, sans frais et sans avoir à vous justifier" in text
    assert "## Dans chaque message de prospection" in text
    assert "Pour ne plus recevoir nos offres par courriel, cliquez sur le lien de désinscription" in text
    assert "☐ Je ne souhaite pas recevoir les offres de Menuiseries Rhône Lumière par courrier postal." in text


def test_transmission_boxes_follow_the_channels(notice) -> None:
    post_only = notice(activity(LI, extra="transmission: {channels: [post], partners: [jardins-lyonnais], "
                                          "objection_at_collection: true}\n"))
    assert ("☐ Je ne souhaite pas que Menuiseries Rhône Lumière transmette mon adresse postale à ses partenaires "
            "([liste des partenaires](https://www.rhone-lumiere.example/partenaires))") in post_only
    assert "J'accepte que" not in post_only
    both = notice(activity(CONSENT, extra="transmission: {channels: [email, post], partners: [maison-confort]}\n"))
    assert "☐ J'accepte que Menuiseries Rhône Lumière transmette mon adresse de courriel à ses partenaires" in both
    assert "Nos partenaires commerciaux, dont la liste à jour est ici" in both


def test_dpo_contact_only_when_designated(notice, example: Path) -> None:
    assert "Délégué à la protection des données : Julien Morel" in notice(activity(LI))
    settings = example / "registry.yaml"
    settings.write_text(re.sub(r"^dpo:\n(?:  .*\n)+", "", settings.read_text(encoding="utf-8"), flags=re.M),
                        encoding="utf-8")
    text = notice(activity(LI))
    assert "Délégué" not in text
    assert "écrivez à : contact@rhone-lumiere.example" in text


def test_missing_fact_stops_with_located_error(run, example: Path) -> None:
    (example / "activities" / "t.yaml").write_text(activity(("    basis: contract", "    basis: legitimate_interests")),
                                                   encoding="utf-8")
    result = run("notice", example, "T-01")
    assert result.exit_code == 1
    assert ("activities/t.yaml:8:3: error: N001 the notice needs the legitimate interest pursued (Art. 13(1)(d), "
            "14(2)(b)): fill 'purposes.main.interest'") in result.output


def test_draft_shows_a_placeholder(run, example: Path) -> None:
    (example / "activities" / "t.yaml").write_text(activity(("    basis: contract", "    basis: legitimate_interests")),
                                                   encoding="utf-8")
    result = run("notice", example, "T-01", "--draft")
    assert result.exit_code == 0
    assert "[À COMPLÉTER : intérêt légitime poursuivi]" in result.output  # in the document's language
    assert "warning: N001" in result.output


def test_untranslated_text_is_a_warning(run, example: Path) -> None:
    (example / "activities" / "t.yaml").write_text(
        activity(LI, ("label: Gestion des commandes", "label: {fr: Gestion des commandes}")), encoding="utf-8")
    result = run("notice", example, "T-01", "--lang", "en")
    assert result.exit_code == 0
    assert "activities/t.yaml:9:12: warning: N002 no 'en' text here" in result.output
    assert "Legal basis: our legitimate interests." in result.output


def test_injection_is_escaped(run, example: Path) -> None:
    payload = "<script>alert(1)</script>"
    (example / "activities" / "t.yaml").write_text(
        activity(LI, ("label: Gestion des commandes", f"label: '{payload}'")), encoding="utf-8")
    for fmt in ("md", "html"):
        output = run("notice", example, "T-01", "--format", fmt).output
        assert "<script>" not in output and "&lt;script&gt;" in output
    assert payload in run("notice", example, "T-01", "--format", "txt").output  # plain text cannot execute


def test_short_layer_is_three_to_five_sentences_with_a_link() -> None:
    from registry import load
    from registry.notices import compose

    register = load(REPO).register
    for sourced in register.activities:
        [short] = compose(register, [sourced.model.id], "short").notices
        [paragraph] = short.intro
        sentences = re.findall(r"[.!?](?:\s|$)", paragraph)
        assert 3 <= len(sentences) <= 7, paragraph  # rights scoped to their purposes, marketing objection apart
        assert f"(https://www.rhone-lumiere.example/protection-des-donnees#activity-{sourced.model.id})" in paragraph


def test_plain_text_is_wrapped_at_80_columns(run) -> None:
    output = run("notice", REPO, "--format", "txt").output
    assert all(len(line) <= 80 or "<http" in line for line in output.splitlines())


def test_out_writes_one_file_per_notice(run, tmp_path: Path) -> None:
    result = run("notice", FIXTURE, "--format", "html", "--layer", "short", "--out", tmp_path)
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        f"{i}.short.fr.html" for i in ("AV-01", "CF-01", "GC-01", "PR-01", "ST-01")]


def test_html_fragment_has_no_page_chrome(run) -> None:
    output = run("notice", REPO, "GC-01", "--format", "html").output
    assert output.startswith('<section class="privacy-notice" lang="fr">')
    assert "<html" not in output and "<body" not in output and "<style" not in output


def test_processor_register_has_no_notices(run, processor_register) -> None:
    result = run("notice", processor_register())
    assert result.exit_code == 1 and "processor's register has no privacy notices" in result.output


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
@pytest.mark.parametrize("layer", ["full", "short"])
def test_golden_notices(run, golden, example: Path, lang: str, fmt: str, layer: str) -> None:
    result = run("notice", example, "--format", fmt, "--lang", lang, "--layer", layer)
    assert result.exit_code == 0, result.output
    golden(GOLDEN / f"activities.{layer}.{lang}.{fmt}", result.output)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(("page", "fmt"), [("--policy", "md"), ("--policy", "html"), ("--partners", "md"),
                                            ("--partners", "html")])
def test_golden_pages(run, golden, example: Path, lang: str, page: str, fmt: str) -> None:
    result = run("notice", example, page, "--format", fmt, "--lang", lang)
    assert result.exit_code == 0, result.output
    golden(GOLDEN / f"{page.strip('-')}.{lang}.{fmt}", result.output)


def test_short_layer_offers_objection_only_when_it_applies(run, example: Path) -> None:
    (example / "activities" / "t.yaml").write_text(activity(), encoding="utf-8")  # contract only
    short = run("notice", example, "T-01", "--layer", "short").output
    assert "vous opposer" not in short and "demander leur effacement" in short
    (example / "activities" / "t.yaml").write_text(activity(LI), encoding="utf-8")
    assert ("Vous pouvez vous opposer, pour des raisons tenant à votre situation particulière, à leur utilisation "
            "pour : gestion des commandes.") in run("notice", example, "T-01", "--layer", "short").output


def test_the_short_layer_never_says_more_or_other_than_the_full_one(run, example: Path) -> None:
    """Consent forms say consent can be withdrawn; a legal obligation offers neither objection nor erasure."""
    (example / "activities" / "t.yaml").write_text(activity(CONSENT), encoding="utf-8")
    consent = run("notice", example, "T-01", "--layer", "short").output
    assert "Vous pouvez retirer votre consentement à tout moment." in consent
    assert "base légale : votre consentement" in consent
    (example / "activities" / "t.yaml").write_text(activity(
        ("    basis: contract", "    basis: legal_obligation\n    legal_reference: C. com. L.123-22"),
        ("    description: Nom, email", "    description: Nom, email\n    mandatory: false")), encoding="utf-8")
    short = run("notice", example, "T-01", "--layer", "short").output
    full = run("notice", example, "T-01").output
    assert "effacement" not in short and "opposer" not in short and "portabilité" not in short
    assert "ne peuvent pas être effacées" in full and "opposer" not in full
    assert "base légale : le respect d'une obligation légale" in short


def test_objection_to_marketing_is_never_conditional(run, example: Path) -> None:
    """Art. 21(2)-(4): marketing purposes are only in the unconditional sentence, stated on its own."""
    (example / "activities" / "t.yaml").write_text(activity(LI, extra=(
        "  - category: identity\n    description: Liste d'opposition\n    retention: {duration: P3Y, from: objection}\n"
        "prospecting: {channels: [post], audience: [consumers], objection_at_collection: true, unsubscribe: Lien}\n")
    ).replace("label: Gestion des commandes", "label: Envoi de nos offres par courrier\n    kind: prospecting_post"),
        encoding="utf-8")
    text = run("notice", example, "T-01").output
    assert "pour des raisons tenant à votre situation particulière" not in text
    assert ("\n\nVous pouvez vous opposer à tout moment, sans frais et sans avoir à vous justifier, à l'utilisation "
            "de vos données à des fins de prospection commerciale") in text
    by_words = text.replace("kind: prospecting_post", "")
    assert by_words  # the label alone ("offres par courrier") is recognised too, below
    (example / "activities" / "t.yaml").write_text((example / "activities" / "t.yaml").read_text(encoding="utf-8")
                                                   .replace("    kind: prospecting_post\n", ""), encoding="utf-8")
    assert "situation particulière" not in run("notice", example, "T-01").output


def test_indirect_data_are_neither_mandatory_nor_optional_and_have_no_form(notice) -> None:
    text = notice(activity(LI, ("    description: Nom, email", "    description: Nom, email\n    mandatory: false\n"
                                "    source: {kind: third_party, details: Fichier loué à Datacorp}"),
                           extra="prospecting: {channels: [post], audience: [consumers], objection_at_collection: "
                                 "true, unsubscribe: Lien}\n"))
    assert "Facultatif" not in text and "- Nom, email\n" in text
    assert "Sur le formulaire de collecte" not in text


def test_mandatory_data_say_why(notice) -> None:
    text = notice(activity(("    description: Nom, email", "    description: Nom, email\n    mandatory: true\n"
                            "    requirement: contract_condition\n    if_not_provided: La commande est impossible.")))
    assert "- Nom, email — Obligatoire pour conclure le contrat. La commande est impossible." in text


def test_notices_carry_their_date_and_version_and_the_policy_its_anchors(run, example: Path) -> None:
    full = run("notice", example, "GC-01").output
    assert "_Mise à jour : 30 septembre 2026 (version hors contrôle de version)._" in full
    policy = run("notice", example, "--policy", "--format", "html").output
    assert 'id="activity-GC-01">' in policy
    assert "Sur le formulaire de collecte" not in policy and "Dans chaque message" not in policy
    form = run("notice", example, "PR-01", "--format", "html").output
    assert form.count('<input type="checkbox"') == 5  # consent by email, by SMS, soft opt-in, professionals, post


def test_first_contact_notice_for_data_from_a_third_party(run, example: Path) -> None:
    """Art. 14: source and categories first, the ways to object, no collection-form boxes."""
    assert run("notice", example, "--layer", "first-contact").exit_code == 1  # nobody's data came from elsewhere
    (example / "activities" / "t.yaml").write_text(activity(LI, (
        "    description: Nom, email", "    description: Nom, adresse postale\n"
        "    source: {kind: third_party, details: Fichier loué à Datacorp}"),
        extra="prospecting: {channels: [post], audience: [consumers], objection_at_collection: true, "
              "unsubscribe: Courrier}\n"), encoding="utf-8")
    result = run("notice", example, "--layer", "first-contact", "--draft")
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.index("## D'où viennent vos données") < text.index("## Les données concernées") < \
        text.index("## Pourquoi nous utilisons vos données")
    assert "Auprès d'un tiers (Fichier loué à Datacorp)" in text
    assert "Vous pouvez vous opposer à tout moment, sans frais" in text
    assert "Sur le formulaire de collecte" not in text and "Dans chaque message de prospection" in text
    assert "Gestion des clients" not in text  # only the activities with data obtained elsewhere


def test_legal_references_speak_the_notices_language(run) -> None:
    """One name per legal code: the English notice names the French code in English."""
    english = run("notice", REPO, "GC-01", "--lang", "en", "--format", "txt").output
    assert "Applicable law: Commercial Code, art. L.123-22." in " ".join(english.split())
    french = run("notice", REPO, "GC-01", "--format", "txt").output
    assert "Texte applicable : Code de commerce, art. L.123-22." in " ".join(french.split())
