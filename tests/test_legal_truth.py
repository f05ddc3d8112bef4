"""The notices say only what the register says: consent, form boxes, erasure, rights (issue 24).

Each test writes an activity into a copy of the example register and reads the
generated sentences, in French and in English.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import CONSENT, DATA, LI, activity
from .rules.test_rules import CONSENT_FACTS

REASSURANCE = "Les cases de consentement ne sont jamais pré-cochées et ne conditionnent ni la commande ni l'inscription."
PROSPECTING = ("recipients: [{{ref: marketing}}]\nprospecting:\n  channels: [{channels}]\n  audience: [{audience}]\n"
               "  existing_customers: {customers}\n  objection_at_collection: {objection}\n  unsubscribe: Lien\n")


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
    assert ("☐ Je ne souhaite pas recevoir les offres de Menuiseries Rhône Lumière en rapport avec mon activité à mon "
            "adresse de courriel professionnelle.") in text
    assert ("I do not wish to receive offers from Menuiseries Rhône Lumière about my line of work at my work email "
            "address.") in notice(prospecting(LI, audience="professionals"), "--lang", "en")


def test_a_professional_texted_at_work_is_offered_an_objection_for_a_number_not_an_address(notice) -> None:
    """"Je ne souhaite pas recevoir par SMS, à mon adresse professionnelle…": a text goes to a number."""
    text = " ".join(notice(prospecting(LI, channels="sms",
                                       audience="professionals")).split())
    assert ("☐ Je ne souhaite pas recevoir les offres de Menuiseries Rhône Lumière en rapport avec mon activité sur mon "
            "numéro de mobile professionnel.") in text
    assert "adresse professionnelle" not in text


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
        "- ☐ J'accepte de recevoir les offres de Menuiseries Rhône Lumière par courriel.",
        "- ☐ J'accepte de recevoir les offres de Menuiseries Rhône Lumière par SMS.",
        "- ☐ Sur le bon de commande : je ne souhaite pas recevoir par courriel d'offres de Menuiseries Rhône Lumière "
        "pour des produits proches de ceux que j'achète.",
        "- ☐ Je ne souhaite pas recevoir les offres de Menuiseries Rhône Lumière en rapport avec mon activité à mon "
        "adresse de courriel professionnelle.",
        "- ☐ Je ne souhaite pas recevoir les offres de Menuiseries Rhône Lumière par courrier postal.",
    ]


# --- 3. erasure -------------------------------------------------------------------------------------------

INVOICES = ("  - category: other\n    description: Factures\n    mandatory: false\n"
            "    retention: {until: end_of_contract, archive: {duration: P10Y, reason: \"Obligation comptable, C. com. "
            "L.123-22\"}}\n")
OPTIONAL = ("    description: Nom, email", "    description: Nom, email\n    mandatory: false")
ACCOUNTING = ("  main:", "  sub:\n    - {label: Comptabilité, kind: accounting, basis: legal_obligation, "
                         "legal_reference: C. com. L.123-22}\n  main:")


def test_the_legal_caveat_names_the_categories_the_law_keeps(notice) -> None:
    text = notice(activity(OPTIONAL, ACCOUNTING, extra=INVOICES))
    assert ("Vous pouvez accéder à vos données, les faire rectifier, demander l'effacement de celles que la loi ne nous "
            "oblige pas à conserver et demander la limitation de leur traitement. La loi nous oblige à conserver "
            "certaines données, qui ne peuvent pas être effacées avant la fin de cette obligation : factures.") in text
    english = notice(activity(OPTIONAL, ACCOUNTING, extra=INVOICES), "--lang", "en")
    assert "ask for the erasure of those the law does not oblige us to keep" in english
    assert "The law obliges us to keep some data, which cannot be erased before that obligation ends: factures." in english


def test_an_activity_with_no_legal_retention_duty_never_denies_erasure(notice) -> None:
    evidence = INVOICES.replace("Obligation comptable, C. com. L.123-22", "Preuve en cas de litige")
    for text in (notice(activity(OPTIONAL)), notice(activity(OPTIONAL, ACCOUNTING, extra=evidence)),
                 notice(activity(OPTIONAL, ACCOUNTING, extra=INVOICES.replace("{until:", "{required_by_law: false, until:")))):
        assert "la loi nous oblige" not in text.lower() and "demander leur effacement" in text


def test_a_category_said_to_be_kept_by_law_gets_the_caveat(notice) -> None:
    stated = INVOICES.replace("reason: \"Obligation comptable, C. com. L.123-22\"", "reason: Preuve") \
        .replace("{until:", "{required_by_law: true, until:")
    assert "avant la fin de cette obligation : factures." in notice(activity(OPTIONAL, ACCOUNTING, extra=stated))


def test_an_activity_on_legal_obligations_alone_keeps_everything(notice) -> None:
    text = notice(activity(("    basis: contract", "    basis: legal_obligation\n    legal_reference: C. trav. L.3243-4"),
                           ("    description: Nom, email", "    description: Nom, email\n    mandatory: false")))
    assert "Les données que la loi nous oblige à conserver ne peuvent pas être effacées" in text
    assert "effacement de celles" not in text


def test_a_public_task_offers_erasure_after_a_successful_objection(notice) -> None:
    text = notice(activity(("    basis: contract", "    basis: public_task\n    legal_reference: Code des transports")))
    assert "Si votre opposition à ce traitement est accueillie, vous pouvez ensuite demander l'effacement" in text
    assert "la loi nous oblige" not in text.lower() and "demander leur effacement" not in text
    assert "If your objection to this processing is upheld, you may then ask for the erasure of your data." in notice(
        activity(("    basis: contract", "    basis: public_task\n    legal_reference: Code des transports")), "--lang", "en")


# --- 4. the short layer and the rights ---------------------------------------------------------------------

OBJECTION_LIST = ("  main:", "  sub:\n    - {label: Liste d'opposition, kind: rights_requests, basis: legitimate_interests, "
                             "interest: Respecter les oppositions}\n  main:")


def test_the_short_layer_scopes_portability_and_objection_and_puts_marketing_first(notice) -> None:
    offers = ("    balancing_test: AIL-1", "    balancing_test: AIL-1\n    kind: prospecting_post")
    subs = ("  main:", "  sub:\n    - {label: Suivi des commandes, basis: contract}\n"
                       "    - {label: Statistiques, kind: statistics, basis: legitimate_interests, interest: X}\n"
                       "    - {label: Liste d'opposition, kind: rights_requests, basis: legitimate_interests, "
                       "interest: Respecter les oppositions}\n  main:")
    text = " ".join(notice(prospecting(LI, offers, subs, OPTIONAL, channels="post"), "--layer", "short").split())
    marketing = text.index("Vous pouvez vous opposer à tout moment à la prospection commerciale.")
    assert marketing < text.index("Vous pouvez accéder à vos données")
    assert "Vous pouvez aussi demander la portabilité des données que vous nous avez fournies pour : suivi des " \
           "commandes." in text
    assert "à leur utilisation pour : statistiques." in text  # neither the marketing purpose nor the objection list
    full = notice(prospecting(LI, offers, subs, OPTIONAL, channels="post"))
    assert "situation particulière, à l'utilisation de vos données pour : statistiques.\n" in full
    assert full.index("sans avoir à vous justifier") < full.index("Vous pouvez accéder à vos données")


def test_no_objection_is_offered_to_the_list_of_people_who_objected(notice) -> None:
    text = notice(prospecting(LI, OBJECTION_LIST, channels="post"))
    assert "liste d'opposition" not in text.split("## Vos droits")[1].lower()
    kindless = (OBJECTION_LIST[0], OBJECTION_LIST[1].replace(" kind: rights_requests,", ""))
    assert "liste d'opposition" not in notice(prospecting(LI, kindless, channels="post")).split("## Vos droits")[1].lower()


def test_a_transmission_can_be_objected_to_and_the_objection_is_passed_on(notice) -> None:
    transmission = "transmission: {channels: [post], partners: [jardins-lyonnais], objection_at_collection: true}\n"
    full = notice(activity(LI, extra=transmission))
    assert ("Vous pouvez vous opposer à tout moment à la transmission de vos données à nos partenaires ; nous répercutons "
            "votre opposition aux partenaires qui les ont déjà reçues.") in full
    short = " ".join(notice(activity(LI, extra=transmission), "--layer", "short", "--lang", "en").split())
    assert ("You may object at any time to direct marketing and to your data being passed to our partners; we pass your "
            "objection on to them.") in short


def test_data_reused_from_another_activity_get_no_article_14_timing(notice) -> None:
    reused = ("    description: Nom, email", "    description: Nom, email\n"
                                              "    source: {kind: other_activity, details: Gestion des clients}")
    text = notice(activity(LI, reused))
    assert "Gestion des clients" in text and "premier contact" not in text
    bought = (reused[0], reused[1].replace("other_activity", "third_party"))
    assert "au plus tard lors de notre premier contact" in notice(activity(LI, bought))


# --- 5. wording the CNIL would notice -----------------------------------------------------------------------


def retention(text: str) -> tuple[str, str]:
    return ("    retention:\n      duration: P3Y\n      from: end_of_contract", "    retention:\n" + text)


def test_an_event_of_the_organisation_reads_as_french(notice) -> None:
    article = notice(activity(OPTIONAL, retention("      duration: P5Y\n      from_event: le versement de la paie")))
    assert "5 ans à compter du versement de la paie, puis suppression." in article
    bare = notice(activity(OPTIONAL, retention("      duration: P5Y\n      from_event: embauche")))
    assert "5 ans à compter de la date d'embauche, puis suppression." in bare
    assert "événement suivant" not in article + bare
    english = notice(activity(OPTIONAL, retention("      duration: P5Y\n      from_event: {fr: le versement de la paie, "
                                                  "en: the payment of the salary}")), "--lang", "en")
    assert "5 years from the payment of the salary, then deletion." in english


def test_a_criterion_alone_is_a_sentence_not_glued_to_the_end(notice) -> None:
    text = notice(activity(OPTIONAL, retention("      criterion: Jusqu'au départ du salarié.")))
    assert "Nom, email : Jusqu'au départ du salarié, puis suppression." in text
    assert "salarié. Suppression" not in text and "salarié Suppression" not in text


def test_notices_say_you_where_the_register_says_the_person(notice, run, example) -> None:
    text = notice(activity(OPTIONAL, retention("      duration: P3Y\n      from: last_contact\n      until: objection")))
    assert "Jusqu'à votre opposition, dans la limite de 3 ans à compter de votre dernier contact avec nous" in text
    assert "la personne" not in text
    english = notice(activity(OPTIONAL, retention("      duration: P3Y\n      from: last_contact\n      until: objection")),
                     "--lang", "en")
    assert "Until you object, and at most 3 years from your last contact with us" in english


def test_a_capital_after_an_apostrophe_is_lowered_in_a_list(notice) -> None:
    subs = ("  main:", "  sub:\n    - {label: L'exploitation des avis, basis: legitimate_interests, interest: X}\n  main:")
    text = notice(activity(OPTIONAL, LI, subs), "--layer", "short")
    assert "à leur utilisation pour : gestion des commandes et l'exploitation des avis." in " ".join(text.split())


def test_markdown_keeps_a_plain_ampersand_and_still_escapes_tags(notice) -> None:
    text = notice(activity(OPTIONAL, ("label: Gestion des commandes", "label: Commandes R&D <b>x</b> &lt;")))
    assert "Commandes R&D &lt;b&gt;x&lt;/b&gt; &amp;lt;" in text and "&amp;D" not in text


def test_asides_never_double_nor_nest(notice, example) -> None:
    settings = example / "registry.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("    name: Freshworks Inc.\n",
                                                                     "    name: Freshworks Suisse (filiale)\n"),
                        encoding="utf-8")
    text = notice(activity(OPTIONAL, LI, extra="recipients: [{ref: freshworks}]\ntransfers:\n"
                                               "  - {recipient: freshworks, country: CH, tool: adequacy}\n"))
    assert "Freshworks Suisse (filiale, Suisse) : la Commission européenne" in text
    assert "Freshworks Suisse (filiale, outil de support client, tickets)" in text
    recipients = text.split("## Qui reçoit vos données")[1].split("## Combien de temps")[0]
    assert ") (" not in recipients and "))" not in recipients


def test_a_label_in_parentheses_takes_the_short_layer_s_basis_inside(notice) -> None:
    text = notice(activity(OPTIONAL, ("label: Gestion des commandes", "label: Déclarations (DSN)")), "--layer", "short")
    assert "déclarations (DSN, base légale : l'exécution du contrat" in " ".join(text.split())


def test_eu_acts_are_numbered_the_french_way_and_notes_are_translated(notice) -> None:
    swiss = activity(OPTIONAL, LI, extra="recipients: [{ref: freshworks}]\ntransfers:\n"
                                         "  - {recipient: freshworks, country: CH, tool: adequacy}\n")
    assert "par la décision d'adéquation 2000/518/CE." in notice(swiss)
    assert "by adequacy decision 2000/518/EC." in notice(swiss, "--lang", "en")
    british = notice(swiss.replace("country: CH", "country: GB"))
    assert "C(2021) 4800, renouvelée en 2025" in british and "renewed" not in british


def test_the_partner_page_says_each_channel_s_regime(run, example) -> None:
    text = " ".join(run("notice", example, "--partners").output.split())
    assert ("Ils reçoivent votre adresse postale, sauf opposition de votre part. Ils ne reçoivent votre adresse de "
            "courriel qu'avec votre accord.") in text
    assert "sauf si" not in text and "seulement si" not in text
    cession = example / "activities" / "cession-fichiers.yaml"
    cession.write_text(cession.read_text(encoding="utf-8").replace("channels: [post, email]", "channels: [post]"),
                       encoding="utf-8")
    post_only = " ".join(run("notice", example, "--partners").output.split())
    assert "Ils reçoivent votre adresse postale, sauf opposition de votre part." in post_only
    assert "courriel" not in post_only.split("Chacun vous informe")[0]


def test_the_fiche_names_missing_items_in_french(run, example) -> None:
    (example / "activities" / "t.yaml").write_text(activity(OPTIONAL), encoding="utf-8")
    assert run("build", example, "--format", "html", "--out", example / "out").exit_code == 0
    page = (example / "out" / "register.html").read_text(encoding="utf-8")
    assert "article 30.1 g) : mesures de sécurité" in page and "security measures" not in page and "30(1)(g)" not in page


def test_annex_e_does_not_call_added_what_predates_the_history(run, example, tmp_path) -> None:
    """The history starts on 1 June 2025; the fiches say they were created long before, except T-01."""
    (example / "activities" / "t.yaml").write_text(activity(OPTIONAL, ("created: 2025-01-01", "created: 2025-03-01"),
                                                            ("updated: 2025-02-01", "updated: 2025-03-01")),
                                                   encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_DATE": "2025-06-01T12:00:00+00:00", "GIT_COMMITTER_DATE": "2025-06-01T12:00:00+00:00",
           "GIT_AUTHOR_NAME": "DPO", "GIT_AUTHOR_EMAIL": "dpo@example.org", "GIT_COMMITTER_NAME": "DPO",
           "GIT_COMMITTER_EMAIL": "dpo@example.org"}
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "register"]):
        subprocess.run(["git", "-C", str(example), *command], check=True, env=env)
    out = tmp_path / "out"
    assert run("build", example, "--format", "html", "--out", out, "--changes-since", "2025-02-01").exit_code == 0
    annex = (out / "register.html").read_text(encoding="utf-8").split('id="annex-changes"')[1]
    assert annex.count("Activité ajoutée") == 1  # T-01 alone
    assert "Déjà au registre au début de son historique" in annex
    assert "git" not in annex


# --- 7. the CNIL's payroll example (sheet 4 of the CNIL template) ------------------------------------------

CNIL_PAYROLL = DATA / "cnil-payroll"


@pytest.fixture
def payroll(tmp_path: Path) -> Path:
    root = tmp_path / "cnil-payroll"
    shutil.copytree(CNIL_PAYROLL, root)
    return root


def codes(run, root: Path) -> set[str]:
    return {line.split(": ")[2].split()[0] for line in run("check", root).output.splitlines() if ": " in line}


def test_the_cnil_payroll_example_is_checked_without_a_finding_of_ours(run, payroll: Path) -> None:
    """FR001: the sheet was last updated in 2019 (FR002: the copy's commit is later than that date)."""
    assert codes(run, payroll) - {"FR001", "FR002"} == set()


def test_the_cnil_payroll_sub_purposes_detail_payroll_so_the_dpia_waits_for_the_headcount(run, payroll: Path) -> None:
    """"Ordre de virement à la banque", without a kind, details "Gestion de la paie": the CNIL's exemption of
    staff management (Délib. 2019-118, item 1) depends on the headcount, which the sheet does not give."""
    out = payroll / "out"
    assert run("build", payroll, "--format", "html", "--out", out).exit_code == 0
    assert "AIPD à déterminer" in (out / "register.html").read_text(encoding="utf-8")
    settings = payroll / "registry.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("  legal_representative:", "  headcount: 20\n  legal_representative:", 1),
                        encoding="utf-8")
    assert "DP001" not in codes(run, payroll)
    fiche = payroll / "activities" / "paie.yaml"  # a sub-purpose whose words say marketing is no payroll
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("Ordre de virement à la banque",
                                                               "Prospection des salariés pour nos offres"),
                     encoding="utf-8")
    assert "DP001" in codes(run, payroll)


def test_the_cnil_payroll_example_keeps_its_archived_categories_from_erasure(run, payroll: Path) -> None:
    text = " ".join(run("notice", payroll, "PAIE-1", "--format", "txt").output.split())
    assert "Noms, prénoms, adresses : 5 ans à compter du versement de la paie, puis suppression." in text
    assert ("Vous pouvez accéder à vos données, les faire rectifier et demander la limitation de leur traitement. "
            "Les données que la loi nous oblige à conserver ne peuvent pas être effacées avant la fin de cette "
            "obligation.") in text
    assert "portabilité), pour : calcul des rémunérations et ordre de virement à la banque." in text
    assert "Banque d'Andorre (Andorre) : transfert encadré par des clauses contractuelles types" in text
    assert "vous opposer" not in text and "premier contact" not in text
    english = " ".join(run("notice", payroll, "PAIE-1", "--lang", "en", "--format", "txt").output.split())
    assert "Data that the law obliges us to keep cannot be erased before that obligation ends." in english
    short = " ".join(run("notice", payroll, "PAIE-1", "--layer", "short", "--format", "txt").output.split())
    assert "demander leur effacement" not in short and "effacement de celles" not in short


def test_without_the_legal_duty_stated_the_check_asks_for_it(run, payroll: Path) -> None:
    fiche = payroll / "activities" / "paie.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("      required_by_law: true\n", ""), encoding="utf-8")
    assert "RT011" in codes(run, payroll)
    text = run("notice", payroll, "PAIE-1", "--format", "txt").output
    assert "la loi nous oblige" not in text.lower()  # nothing is said that the register does not hold


# --- special categories are among the data a notice lists ----------------------------------------------------


def test_the_notice_lists_the_special_categories_with_the_other_data(run) -> None:
    """The payroll notice kept its health data out of "Les données concernées" while giving their retention."""
    example = Path(__file__).resolve().parents[1]  # the example register, read only
    data = run("notice", example, "RH-01", "--format", "txt").output.split("Qui reçoit vos données")[0]
    assert ("Données concernant la santé : arrêts de travail pour maladie ou accident du travail (dates et "
            "indemnités journalières, jamais le motif médical)") in " ".join(data.split())
    english = run("notice", example, "RH-02", "--lang", "en", "--format", "txt").output.split("Who receives")[0]
    assert "Data concerning health: sick leave (dates, never the diagnosis)" in " ".join(english.split())


# --- text after a colon continues the sentence and ends it ---------------------------------------------------------


def test_the_automated_decision_is_not_glued_to_the_next_sentence(notice) -> None:
    """"Logique : Tarif calculé… Conséquences : Le tarif appliqué Vous pouvez…" read as one glued sentence; the
    text keeps its capital, which may be a name's."""
    text = " ".join(notice(activity(LI, extra=(
        "automated_decisions:\n  automated_decision: true\n  logic: Tarif calculé à partir du quotient familial\n"
        "  consequences: Le tarif appliqué\n"
        "joint_controllers:\n  - name: Salon Pro SAS\n    responsibilities: Le salon collecte, nous facturons\n"
        "    email: rgpd@salon.example\n"))).split())
    assert ("Logique : Tarif calculé à partir du quotient familial. Conséquences : Le tarif appliqué. "
            "Vous pouvez demander l'intervention d'une personne") in text
    assert "L'essentiel de notre accord : Le salon collecte, nous facturons. Vous pouvez exercer" in text
    english = " ".join(notice(activity(LI, extra=(
        "automated_decisions:\n  profiling: true\n  logic: Score from past orders\n")), "--lang", "en").split())
    assert "Logic: Score from past orders." in english


# --- joint controllers in the short layer ----------------------------------------------------------------------


def test_the_short_layer_names_the_joint_controllers(notice) -> None:
    """Art. 26(2)-(3): a form's notice said "Menuiseries Rhône Lumière utilise vos données" alone, while the register
    names another controller with whom the people may exercise their rights."""
    joint = activity(LI, extra="joint_controllers:\n  - name: Salon Pro SAS\n    responsibilities: Le salon collecte.\n"
                               "    email: rgpd@salon.example\n")
    text = " ".join(notice(joint, "--layer", "short").split())
    assert ("Nous sommes responsables de ce traitement conjointement avec Salon Pro SAS ; vous pouvez exercer vos "
            "droits auprès de chacun de nous.") in text
    english = " ".join(notice(joint, "--layer", "short", "--lang", "en").split())
    assert "We are joint controllers of this processing with Salon Pro SAS; you may exercise your rights" in english
    assert "conjointement" not in notice(activity(LI), "--layer", "short")


# --- no transfer is said while a recipient's country is unknown ---------------------------------------------------


def test_the_fiche_does_not_rule_out_a_transfer_to_a_recipient_of_unknown_country(run, example: Path) -> None:
    """A processor with `country: todo` and no `transfers`: the fiche said "Aucun transfert hors de l'Union
    européenne", a fact the register does not hold."""
    settings = example / "registry.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("    country: FR\n    contract: DPA Brevo", "    country: todo\n    contract: DPA Brevo"),
                        encoding="utf-8")
    out = example / "out"
    assert run("build", example, "--format", "html", "--out", out).exit_code == 0
    page = (out / "register.html").read_text(encoding="utf-8")
    fiche = page.split('id="activity-PR-01"')[1].split('class="fiche"')[0]
    assert "Aucun transfert hors de l&#39;Union européenne" not in fiche and "Aucun transfert hors de l'Union" not in fiche
    assert ("pays de traitement non précisé pour Sendinblue SAS (Brevo) ; un transfert hors de l&#39;Union européenne "
            "ne peut donc pas être exclu.") in fiche
    other = page.split('id="activity-AV-01"')[1].split('class="fiche"')[0]  # all its recipients are placed
    assert "Aucun transfert hors de l" in other
    fiche = (example / "activities" / "gestion-clients.yaml")  # the register's only transfer gone: the annex too
    before, after = fiche.read_text(encoding="utf-8").split("\ntransfers:")
    fiche.write_text(before + "\nsecurity_measures:" + after.split("\nsecurity_measures:")[1], encoding="utf-8")
    assert run("build", example, "--format", "html", "--out", out).exit_code == 0
    annex = (out / "register.html").read_text(encoding="utf-8").split('id="annex-transfers"')[1].split("</section>")[0]
    assert "Aucun transfert hors de l" not in annex and "pays de traitement non précisé pour Sendinblue SAS (Brevo)" in annex


# --- the example register reads as French typography wants it, and says each fact once ------------------------------


def test_the_example_partner_page_says_each_channel_once_and_french_semicolons_are_spaced(run, tmp_path: Path) -> None:
    """The partner page said "vous écrit par courrier et par courriel" above "Vous contacte par : courrier postal et
    courriel"; the security measures read "Comptes nominatifs; profils…" and the processors' contracts "DPA…" in
    the French register."""
    import html
    import re

    example = Path(__file__).resolve().parents[1]
    partners = " ".join(run("notice", example, "--partners").output.split())
    assert "Vend des volets et stores. Vous contacte par : courrier postal et courriel." in partners
    assert "vous écrit par" not in partners
    out = tmp_path / "out"
    assert run("build", example, "--format", "html", "--out", out).exit_code == 0
    page = (out / "register.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)))
    assert "Comptes nominatifs ; profils d'habilitation revus chaque année ;" in text
    assert not re.findall(r"\w;", text)
    assert "DPA" not in text and "Contrat de sous-traitance OVHcloud signé le 2024-02-12" in text  # no English acronym


# --- adequacy decisions: agreement, and acts numbered the French way ---------------------------------------------


def test_a_partial_adequacy_sentence_agrees_with_any_scope_and_cites_recent_acts_the_french_way(notice) -> None:
    """"entreprise du secteur privé soumise à la loi japonaise APPI, couvert par la décision… (2019/419)": the
    participle agreed with no noun, and a decision numbered since 2015 reads "(UE) 2019/419" in French."""
    japan = activity(LI, extra="recipients: [{ref: freshworks}]\ntransfers:\n"
                               "  - {recipient: freshworks, country: JP, tool: adequacy, adequacy_scope: appi}\n")
    text = " ".join(notice(japan).split())
    assert ("Freshworks Inc. (Japon) : entreprise du secteur privé soumise à la loi japonaise APPI ; transfert couvert "
            "par la décision d'adéquation (UE) 2019/419 de la Commission européenne.") in text
    english = " ".join(notice(japan, "--lang", "en").split())
    assert ("Freshworks Inc. (Japan): private-sector business subject to Japan's APPI; transfer covered by the "
            "European Commission's adequacy decision (EU) 2019/419.") in english
    korea = " ".join(notice(activity(LI, extra="recipients: [{ref: freshworks}]\ntransfers:\n"
                                               "  - {recipient: freshworks, country: KR, tool: adequacy}\n")).split())
    assert "niveau de protection adéquat, par la décision d'adéquation (UE) 2022/254." in korea


def test_an_article_49_derogation_ends_its_sentence(notice) -> None:
    text = " ".join(notice(activity(LI, extra="recipients: [{ref: freshworks}]\ntransfers:\n"
                                              "  - {recipient: freshworks, country: IN, tool: art49_derogation, "
                                              "safeguards: Consentement explicite de la personne informée des risques, "
                                              "documentation: Formulaire F-12}\n")).split())
    assert ("transfert fondé sur une dérogation de l'article 49 du RGPD. Consentement explicite de la personne "
            "informée des risques.") in text


def test_a_public_task_beside_other_purposes_keeps_its_erasure_after_objection(notice) -> None:
    """A public task with a purpose on consent: the notice offered erasure with no word of the public task,
    whose data are erased only once an objection succeeds (Art. 17(1)(c), 17(3)(b))."""
    mixed = activity(("    label: Gestion des commandes\n    basis: contract",
                      "    label: Inscription à la cantine\n    basis: public_task\n    legal_reference: Code de "
                      "l'éducation, art. L.131-13\n  sub:\n    - label: Lettre d'information de la commune\n"
                      "      basis: consent\n      consent: {collection: Case non cochée, withdrawal: Lien}"))
    text = " ".join(notice(mixed).split())
    assert ("Pour ce qui relève d'une mission d'intérêt public, l'effacement de vos données peut être demandé une fois "
            "votre opposition accueillie : inscription à la cantine.") in text
    english = " ".join(notice(mixed, "--lang", "en").split())
    assert "the erasure of your data may be requested once your objection is upheld: inscription à la cantine." in english
    alone = " ".join(notice(activity(("    basis: contract", "    basis: public_task\n    legal_reference: Loi"))).split())
    assert "Si votre opposition à ce traitement est accueillie" in alone and "Pour ce qui relève" not in alone


def test_the_fiche_does_not_deny_a_transfer_to_a_recipient_outside_the_eu(run, example: Path) -> None:
    """A processor in the United States with no `transfers` entry (TR004): the fiche said "Aucun transfert hors de
    l'Union européenne", the contrary of what the register says of the recipient."""
    fiche = example / "activities" / "gestion-clients.yaml"
    before, after = fiche.read_text(encoding="utf-8").split("\ntransfers:")
    fiche.write_text(before + "\nsecurity_measures:" + after.split("\nsecurity_measures:")[1], encoding="utf-8")
    out = example / "out"
    assert run("build", example, "--format", "html", "--out", out).exit_code == 0
    page = (out / "register.html").read_text(encoding="utf-8")
    text = page.split('id="activity-GC-01"')[1].split('class="fiche"')[0]
    assert "Aucun transfert hors de l" not in text
    assert ("destinataires situés hors de l&#39;Union européenne sans transfert déclaré : Freshworks Inc. "
            "(États-Unis).") in text
    settings = example / "registry.yaml"  # a name with its own parenthesis takes the country inside it
    settings.write_text(settings.read_text(encoding="utf-8").replace("name: Freshworks Inc.", "name: Freshworks (Inc.)"),
                        encoding="utf-8")
    assert run("build", example, "--format", "html", "--out", out).exit_code == 0
    page = (out / "register.html").read_text(encoding="utf-8")
    assert "sans transfert déclaré : Freshworks (Inc., États-Unis)." in page
    annex = page.split('id="annex-transfers"')[1].split("</section>")[0]  # the register's only transfer is gone
    assert "Aucun transfert hors de l" not in annex and "sans transfert déclaré : Freshworks (Inc., États-Unis)." in annex
