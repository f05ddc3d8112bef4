"""Art. 6 legal bases: each purpose rests on a basis, documented as that basis requires."""

from __future__ import annotations

from collections.abc import Iterator

from ... import codes
from ...law import referentiels
from ...law.dpia import ORGANISATION_CONTACTS
from ...law.purposes import basis_admitted, beyond_contract, is_marketing
from ...loading.register import ControllerActivity
from ...models.activity import Purpose
from .base import Context, Finding, rule


def _purposes(activity: ControllerActivity) -> list[tuple[tuple[str | int, ...], Purpose]]:
    return activity.model.purposes.located()


@rule(codes.LB001, on="controller_activity")
def legitimate_interest_stated(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    A purpose based on legitimate interests says which interest is pursued (`interest`).

    Why:
    Art. 13(1)(d) and 14(2)(b) GDPR: the notice must state the legitimate interests
    pursued; the register is where they are recorded.

    Fails:
    Legitimate interests with no `interest`.

    ```yaml
    purposes:
      main:
        label: Enquêtes de satisfaction
        basis: legitimate_interests
    ```

    Fix:
    ```yaml
    label: Enquêtes de satisfaction
    basis: legitimate_interests
    interest: Améliorer nos produits et nos services.
    balancing_test: AIL-2024-02
    ```
    """
    for loc, purpose in _purposes(activity):
        if purpose.basis == "legitimate_interests" and purpose.interest is None:
            yield Finding(loc, "the legitimate interest pursued is not stated: add 'interest'")


@rule(codes.LB002, on="controller_activity")
def balancing_test(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    A purpose based on legitimate interests refers to its documented balancing test
    (`balancing_test`).

    Why:
    Art. 6(1)(f) GDPR allows the basis only where the interests are not overridden by the
    person's rights; accountability (Art. 5(2)) means the weighing is written down.

    Fails:
    Legitimate interests with no `balancing_test`.

    ```yaml
    purposes:
      main:
        label: Enquêtes de satisfaction
        basis: legitimate_interests
        interest: Améliorer nos produits.
    ```

    Fix:
    Add `balancing_test: AIL-2024-02`, the reference of the written assessment.
    """
    for loc, purpose in _purposes(activity):
        if purpose.basis == "legitimate_interests" and not purpose.balancing_test:
            yield Finding(loc, "no reference to a balancing test: add 'balancing_test'")


@rule(codes.LB003, on="controller_activity")
def public_authority(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    A public authority (`organisation.public_authority: true`) does not rely on legitimate
    interests.

    Why:
    Art. 6(1), last subparagraph, GDPR: point (f) does not apply to processing carried out by
    public authorities in the performance of their tasks; they rely on public task (e).

    Fails:
    Legitimate interests in the register of a public authority.

    ```yaml
    # registry.yaml
    organisation: {public_authority: true}
    ---
    purposes:
      main:
        label: Offres commerciales par courrier
        basis: legitimate_interests
        interest: Faire connaître nos produits.
    ```

    Fix:
    Use `basis: public_task` with the `legal_reference` of the mission, or, for an activity
    outside its public tasks, waive the rule with the reason.
    """
    if not ctx.register.settings.organisation.public_authority:
        return
    for loc, purpose in _purposes(activity):
        if purpose.basis == "legitimate_interests":
            yield Finding((*loc, "basis"), "a public authority cannot rely on legitimate interests for its tasks")


@rule(codes.LB004, on="controller_activity")
def consent_of_employees(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Consent is not the basis of a purpose when the data subjects include employees or
    candidates.

    Why:
    Consent must be freely given (Art. 4(11), 7(4), recital 43); given the imbalance of the
    employment relationship, it rarely is (EDPB Guidelines 05/2020 on consent).

    Fails:
    Consent of employees.

    ```yaml
    purposes:
      main:
        label: Annuaire interne avec photo
        basis: consent
        consent: {collection: Case à cocher, withdrawal: Courriel au service RH}
    data_subjects: [{category: employees}]
    ```

    Fix:
    Rest the purpose on the contract, a legal obligation or legitimate interests, or document
    why consent is genuinely free and waive the rule with that reason.
    """
    model = activity.model
    if not {s.category for s in model.data_subjects} & {"employees", "candidates"}:
        return
    for loc, purpose in _purposes(activity):
        if purpose.basis == "consent":
            yield Finding((*loc, "basis"), "consent of employees or candidates is rarely free: choose another basis")


@rule(codes.LB005, on="controller_activity")
def contract_for_marketing(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    No direct-marketing purpose rests on the performance of a contract: a purpose whose `kind`
    is a loyalty programme, a newsletter, prospecting by any channel or the transmission of
    files to partners, whether or not the activity has a `prospecting` block.

    Why:
    Art. 6(1)(b) GDPR covers only what is necessary to perform the contract or take
    pre-contractual steps. Prospecting and selling, renting or exchanging a customer file are
    not: they need consent or legitimate interests (CNIL commercial-management référentiel §4).

    Fails:
    Postal prospecting on the contract.

    ```yaml
    purposes:
      main:
        label: Offres commerciales par courrier
        kind: prospecting_post
        basis: contract
    ```

    Fix:
    Use `consent` for electronic channels and `legitimate_interests` (with an objection
    mechanism) for post and phone.
    """
    for loc, purpose in _purposes(activity):
        if purpose.basis == "contract" and purpose.kind is not None and is_marketing(purpose, activity.model):
            yield Finding((*loc, "basis"), "direct marketing is not necessary to perform a contract: "
                                           "use consent or legitimate interests")


@rule(codes.LB006, on="controller_activity")
def contract_beyond_necessity(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    A purpose based on the contract, with no `kind`, does not look like customer-relationship
    marketing: satisfaction surveys, loyalty actions, prospecting, newsletters, or the sale or
    rental of the customer file (recognised from words of its label), nor sits without a kind
    in an activity that prospects or transmits files (where the contract is the only other
    basis than consent, LB010 reports it as an error).

    Why:
    Only what is strictly necessary to perform the contract may rest on Art. 6(1)(b);
    relationship management beyond it rests on consent or legitimate interests. The words of a
    label are a guess: giving the purpose its `kind` replaces this warning by exact checks
    (LB005, LB009).

    Fails:
    A satisfaction survey on the contract.

    ```yaml
    purposes:
      main:
        label: Enquêtes de satisfaction
        basis: contract
    ```

    Fix:
    `basis: legitimate_interests` with the `interest`, or `consent`; or, for a genuine contract
    purpose, say so with `kind: contract_management`.
    """
    model = activity.model
    markets = model.prospecting is not None or model.transmission is not None
    if marketing_by_structure(activity):
        return  # the structure is evidence: LB010
    for loc, purpose in _purposes(activity):
        if purpose.basis == "contract" and purpose.kind is None and (beyond_contract(purpose) or markets):
            yield Finding((*loc, "basis"), "this purpose may go beyond performing the contract: use legitimate "
                                           "interests or consent, or give its 'kind' if it is a contract purpose")


@rule(codes.LB007, on="controller_activity")
def legal_reference(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    A purpose based on a legal obligation or a public task names the text that imposes it
    (`legal_reference`).

    Why:
    Art. 6(3) GDPR: the basis for (c) and (e) is laid down by Union or Member State law; the
    notice and the auditor need to know which.

    Fails:
    A legal obligation without the text that imposes it.

    ```yaml
    purposes:
      main:
        label: Tenue de la comptabilité
        basis: legal_obligation
    ```

    Fix:
    `legal_reference: Code de commerce, art. L.123-22`.
    """
    for loc, purpose in _purposes(activity):
        if purpose.basis in ("legal_obligation", "public_task") and not purpose.legal_reference:
            yield Finding(loc, "name the law that imposes this processing: add 'legal_reference'")


@rule(codes.LB008, on="controller_activity")
def consent_mechanism(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    A purpose based on consent says how consent is collected and how it is withdrawn
    (`consent.collection`, `consent.withdrawal`).

    Why:
    Art. 7 GDPR: the controller must be able to prove consent, and withdrawing must be as easy
    as giving it; Art. 13(2)(c): the notice tells how to withdraw.

    Fails:
    Consent without saying how it is collected and withdrawn.

    ```yaml
    purposes:
      main:
        label: Lettre d'information
        basis: consent
    ```

    Fix:
    ```yaml
    consent:
      collection: Case à cocher non pré-cochée, distincte des CGV
      withdrawal: Lien de désinscription dans chaque email
    ```
    """
    for loc, purpose in _purposes(activity):
        if purpose.basis == "consent" and purpose.consent is None:
            yield Finding(loc, "say how consent is collected and withdrawn: add a 'consent' block")


@rule(codes.LB009, on="controller_activity")
def basis_for_kind(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    A purpose with a `kind` rests on one of the bases that kind admits in the table of
    référentiels (`registry/data/referentiels.yaml`): accounting on a legal obligation,
    statistics on legitimate interests, prospecting on consent or legitimate interests, payroll
    on a legal obligation or the contract, video surveillance on legitimate interests or a
    public task… The message says why a basis is never admitted (consent of employees,
    marketing on the contract) and which text says so.

    Why:
    Art. 6(1) GDPR and the CNIL's référentiels (commercial management §4, staff management,
    whistleblowing…), which set the basis of each usual purpose; a basis outside that list is
    either a mistake or a choice to document.

    Fails:
    Statistics on consent.

    ```yaml
    purposes:
      main:
        label: Statistiques de ventes
        kind: statistics
        basis: consent
    ```

    Fix:
    Choose one of the bases the message lists, or waive the rule with the reason for the choice.
    """
    for loc, purpose in _purposes(activity):
        if not basis_admitted(purpose):
            assert purpose.kind is not None
            entry = referentiels.kind(purpose.kind)
            refused = entry.refused(str(purpose.basis))
            why = f" ({refused.reason['en']})" if refused else ""
            yield Finding((*loc, "basis"), f"a purpose of kind '{purpose.kind}' rests on {', '.join(entry.bases)}, "
                                           f"not on {purpose.basis}{why}; {entry.sources[0].cited}")


def marketing_by_structure(activity: ControllerActivity) -> bool:
    """An activity that prospects or hands files to partners, whose purposes other than consent all rest on
    the contract, one of them without a kind: its marketing can only rest on the contract."""
    model = activity.model
    others = [p for p in model.purposes.all() if p.basis != "consent"]
    return (model.prospecting is not None or model.transmission is not None) and bool(others) \
        and all(p.basis == "contract" for p in others) and any(p.kind is None for p in others)


@rule(codes.LB010, on="controller_activity")
def marketing_on_the_contract(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    An activity that prospects or transmits files to partners does not rest its marketing on
    the contract: a purpose on the contract without a `kind`, where every purpose other than
    consent rests on the contract, is that marketing.

    Why:
    Art. 6(1)(b) GDPR covers only what is objectively necessary to perform the contract (EDPB
    Guidelines 2/2019); direct marketing never is, and the CNIL référentiel rests prospecting
    on consent or legitimate interests. With a `prospecting` or `transmission` block and no
    other basis than the contract (and consent), the structure of the fiche shows where the
    marketing rests: this is evidence, not a guess from the words of a label.

    Fails:
    A prospecting activity whose only purpose rests on the contract.

    ```yaml
    purposes:
      main: {label: Relation client, basis: contract}
    prospecting:
      channels: [post]
      audience: [consumers]
      objection_at_collection: true
      unsubscribe: Courrier à notre adresse
    ```

    Fix:
    Give the marketing purpose its own entry on legitimate interests (with `interest`) or
    consent, and the contract purposes their `kind` (`contract_management`…).
    """
    if not marketing_by_structure(activity):
        return
    for loc, purpose in _purposes(activity):
        if purpose.basis == "contract" and purpose.kind is None:
            yield Finding((*loc, "basis"), "this activity prospects or transmits files and rests everything but "
                                           "consent on the contract: its marketing cannot rest on the contract; "
                                           "use legitimate interests or consent")


@rule(codes.LB011, on="controller_activity")
def contract_for_contact_persons(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    No purpose rests on the contract when the people are the contacts of businesses
    (`contact_persons: true`): a supplier's or a business customer's staff.

    Why:
    Art. 6(1)(b) GDPR applies to a contract "to which the data subject is party"; the contract
    binds their employer, not them. Their data rest on legitimate interests (Art. 6(1)(f)):
    they may object (Art. 21(1)) and have no portability (Art. 20(1) covers consent and
    contract only), which the notices then say.

    Fails:
    Suppliers' contacts on the contract.

    ```yaml
    data_subjects:
      - {category: suppliers, contact_persons: true}
    ```

    Fix:
    `basis: legitimate_interests` with the `interest` ("Passer et suivre nos commandes auprès
    de nos fournisseurs"); split the activity if it also serves people party to a contract.
    """
    model = activity.model
    if not any(s.contact_persons for s in model.data_subjects):
        return
    for loc, purpose in _purposes(activity):
        if purpose.basis == "contract":
            yield Finding((*loc, "basis"), "the people are contacts of businesses, not party to the contract: rest "
                                           "this purpose on legitimate interests (they may object; no portability)")


@rule(codes.LB012, on="controller_activity")
def contact_persons_unstated(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Suppliers and service providers in an activity with a purpose on the contract say whether
    they are contacts of businesses (`contact_persons: true`) or sole traders party to the
    contract (`contact_persons: false`).

    Why:
    Art. 6(1)(b) GDPR: the contract is a basis only for its parties. A supplier's staff are
    not party to the purchase contract (legitimate interests, objection, no portability); a
    sole trader is. The register says which, so that the basis and the rights in the notice
    are right.

    Fails:
    Suppliers on the contract, without saying who they are.

    ```yaml
    data_subjects:
      - {category: suppliers}
    ```

    Fix:
    `contact_persons: true` (then rest the purpose on legitimate interests, LB011), or
    `contact_persons: false` for sole traders.
    """
    model = activity.model
    if not any(p.basis == "contract" for p in model.purposes.all()):
        return
    for index, subject in enumerate(model.data_subjects):
        if subject.category in ORGANISATION_CONTACTS and subject.contact_persons is None:
            yield Finding(("data_subjects", index), "say whether these people are contacts of businesses "
                                                    "('contact_persons: true') or sole traders party to the "
                                                    "contract ('contact_persons: false')")


AUTOMATED_DECISION_BASES = frozenset({"contract", "legal_obligation", "consent"})
"""Art. 22(2)(a)-(c): a contract, a law authorising the decision, explicit consent."""


@rule(codes.LB013, on="controller_activity")
def automated_decision_ground(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    A decision based solely on automated processing, with legal or similarly significant
    effects (`automated_decision: true`), rests on one of the grounds Art. 22(2) allows: a
    purpose necessary for a contract, a law authorising it (a legal obligation), or explicit
    consent.

    Why:
    Art. 22(1) GDPR forbids such decisions; Art. 22(2) lifts the prohibition only for a
    contract, a law or explicit consent. Legitimate interests never do (WP29 Guidelines on
    automated decision-making, WP251 rev.01, endorsed by the EDPB).

    Fails:
    An automated decision in an activity resting on legitimate interests.

    ```yaml
    purposes:
      main: {label: Sélection des dossiers, basis: legitimate_interests, interest: Tri rapide}
    automated_decisions: {automated_decision: true, logic: Score, consequences: Refus}
    ```

    Fix:
    Put a person in the decision (`automated_decision: false`), or rest the decision's purpose
    on the contract it is necessary for, the law that authorises it, or explicit consent.
    """
    model = activity.model
    if model.automated_decisions.automated_decision and not any(
            p.basis in AUTOMATED_DECISION_BASES for p in model.purposes.all()):
        yield Finding(("automated_decisions", "automated_decision"),
                      "a solely automated decision with legal or similar effect rests on a contract, a law or "
                      "explicit consent (Art. 22(2)); no purpose of this activity does")
