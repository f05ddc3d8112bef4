"""What each notice says, built from one activity (or the whole register) and the catalogue.

Only what applies appears: no portability sentence for legitimate interests,
a transfer section only when there are transfers, the Art. 14 source only for
data not collected from the person, checkboxes only for prospecting and
transmission to partners.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from ..law.consent import all_hold
from ..law.dpia import EXTERNAL_SOURCES
from ..law.geography import covering_decision
from ..law.marketing import form_boxes
from ..law.retention_wording import aside, retention_sentence
from ..law.rights import Rights, rights_of
from ..loading.register import ControllerActivity
from ..models import Activity
from ..models.activity import Purpose
from ..models.common import todo_paths
from ..models.organisation import Processor
from ..models.vocabulary import ELECTRONIC_CHANNELS, TODO, given
from ..views.document import address_text
from ..views.fiche import anchor
from .facts import Facts, Loc
from .model import Notice, Section, link

CNIL_COMPLAINTS = "https://www.cnil.fr/fr/plaintes"


def _lower_first(text: str) -> str:
    """"Faire connaître…" reads "faire connaître…" after a colon, "L'exploitation" reads "l'exploitation";
    acronyms keep their capitals."""
    word = text[2:] if text[1:2] in ("'", "’") else text[1:]
    return text[:1].lower() + text[1:] if word[:1].islower() else text


ASIDES = re.compile(r"\(([^()]*)\) \(([^()]*)\)")


def _one_aside(text: str) -> str:
    """"Chulak Suisse (filiale) (Suisse)" reads "Chulak Suisse (filiale, Suisse)": a name that ends with its own
    parenthesis takes what the sentence adds inside it."""
    return ASIDES.sub(r"(\1, \2)", text)


def _sentence_end(text: str) -> str:
    return text if text.endswith((".", "!", "?", "»", "…", ")")) or "[" in text[-2:] else text + "."


class NoticeWriter:
    """Writes the notices of one register in one language."""

    def __init__(self, facts: Facts, version: str) -> None:
        self.facts = facts
        self.version = version
        """The register's version, printed with each notice's date."""
        self.t = facts.messages
        self.register = facts.register
        self.settings = facts.register.settings

    # --- shared facts -------------------------------------------------------------

    @property
    def org(self) -> str:
        return self._fact(self.settings.organisation.name, ("organisation", "name"))

    def _fact(self, value: str, loc: Loc, sourced: ControllerActivity | None = None) -> str:
        """A fact written as plain text (in registry.yaml, or in ``sourced``); a notice refuses (or drafts)
        one still ``todo``."""
        return self.facts.missing(sourced, loc, "to_complete") if value == TODO else value

    def rights_contact(self) -> str:
        publication = self.settings.publication
        if publication.rights_contact:
            return self._fact(publication.rights_contact, ("publication", "rights_contact"))
        if self.settings.dpo and self.settings.dpo.email:
            return self.settings.dpo.email
        return self._controller_email()

    def _postal_address(self) -> str:
        address = self.settings.organisation.address
        if address == TODO:
            return self.facts.missing(None, ("organisation", "address"), "controller_contact")
        street, postcode, city = (self._fact(getattr(address, part), ("organisation", "address", part))
                                  for part in ("street", "postcode", "city"))
        return f"{street}, {postcode} {city}"

    def _controller_email(self) -> str:
        email = self.settings.organisation.email
        return self.facts.missing(None, ("organisation", "email"), "controller_contact") if email == TODO else email

    def _published(self, page: str, label: str, anchor: str = "") -> str:
        """A link to a page of ``publication`` in registry.yaml, or the missing fact."""
        url = self.settings.publication.privacy_policy if page == "privacy_policy" else \
            self.settings.publication.partner_list
        if url is None:
            return self.facts.missing(None, ("publication", page), page)
        return link(self.t(label), url + anchor)

    def policy_link(self, anchor: str = "") -> str:
        return self._published("privacy_policy", "notice.link_policy", anchor)

    def partner_list_link(self) -> str:
        return self._published("partner_list", "notice.link_partner_list")

    def identity(self) -> list[str]:
        """Art. 13(1)(a)-(b): the controller, its representative in the Union, the DPO, with contact details."""
        lines = [self.t("notice.controller", org=self.org, address=self._postal_address(),
                        email=self._controller_email())]
        representative = self.settings.eu_representative
        if representative:
            contact = representative.email or (address_text(representative.address, self.t)
                                               if representative.address else self.t.fact(representative.phone) or "")
            lines.append(self.t("notice.representative", contact=contact,
                                name=self._fact(representative.name, ("eu_representative", "name"))))
        if self.settings.dpo:
            lines.append(self.t("notice.dpo", name=self._fact(self.settings.dpo.name, ("dpo", "name")),
                                email=self.settings.dpo.email or self._controller_email()))
        return lines

    def updated(self, activities: list[ControllerActivity]) -> str:
        """The notice's date (its activities' latest review) and the register's version."""
        day = max((d for a in activities if (d := self.register.dates_of(a)[1])), default=None)
        return self.t("notice.updated", date=self.t.date(day) or "", version=self.version)

    # --- one activity ---------------------------------------------------------------

    def full(self, sourced: ControllerActivity, level: int = 2, for_forms: bool = True) -> Notice:
        """The whole notice of one activity; ``for_forms`` adds the collection-form boxes and the
        sentences every message carries, which a public policy page leaves out."""
        model = sourced.model
        name = self.facts.text(sourced, ("name",), model.name)
        sections = [
            self._joint_controllers(sourced),
            self._purposes(sourced),
            self._data(sourced),
            self._recipients(sourced),
            self._transfers(sourced),
            self._retention(sourced),
            self._automated(sourced),
            self._source(sourced),
            self._rights(sourced),
            *((self._form(sourced), self._in_messages(sourced)) if for_forms else ()),
        ]
        kept = [s for s in sections if s is not None]
        for section in kept:
            section.level = level
        return Notice(f"{model.id}.full.{self.t.language}", self.t("notice.title", activity=name),
                      self.identity(), kept, [self.updated([sourced])])

    def short(self, sourced: ControllerActivity) -> Notice:
        """The first layer, for a form or a quote: derived from the same facts as the full notice, it
        never says more or other (the same purposes and bases, the same rights)."""
        model = sourced.model
        purposes = [_one_aside(self.t("notice.short_purpose", purpose=_lower_first(self.facts.text(sourced, loc, p.label))
                                      .rstrip("."), basis=self._basis(sourced, loc, p)))
                    for loc, p in model.purposes.located()]
        sentences = [self.t("notice.short", org=self.org, purposes=self.t("document.semi").join(purposes))]
        if model.joint_controllers:  # Art. 26(2)-(3): the other controllers, with whom rights may be exercised too
            sentences.append(self.t("notice.short_joint", names=self.t.join([
                self._fact(joint.name, ("joint_controllers", index, "name"), sourced)
                for index, joint in enumerate(model.joint_controllers)])))
        if model.transmission:
            sentences.append(self.t("notice.short_partners", link=self.partner_list_link()))
        rights = rights_of(model)
        if rights.objection_to_marketing:  # Art. 21(4): first, clearly and apart from the other rights
            sentences.append(self.t("notice.short_marketing_and_transmission" if rights.objection_to_transmission
                                    else "notice.short_marketing"))
        sentences.append(self.t("notice.short_rights", rights=self._rights_verbs(rights),
                                contact=self.rights_contact()))
        if rights.portability:
            sentences.append(self.t("notice.short_portability", purposes=self._labels(rights.portability)))
        if rights.objection:
            sentences.append(self.t("notice.short_objection", purposes=self._labels(rights.objection)))
        if rights.withdraw_consent:
            sentences.append(self.t("notice.short_withdraw"))
        sentences.append(self.t("notice.short_more", link=self.policy_link("#" + anchor(model.id))))
        form = self._form(sourced)
        return Notice(f"{model.id}.short.{self.t.language}", self.t("notice.short_title"), [" ".join(sentences)],
                      [form] if form else [], [self.updated([sourced])])

    def first_contact(self, sourced: ControllerActivity) -> Notice:
        """Art. 14: for people whose data came from someone else and who never saw a form; said at the
        first contact at the latest. It leads with where the data came from and which data, and gives
        the ways to object; it has no collection-form boxes."""
        model = sourced.model
        name = self.facts.text(sourced, ("name",), model.name)
        sections = [self._source(sourced), self._joint_controllers(sourced), self._data(sourced),
                    self._purposes(sourced), self._recipients(sourced),
                    self._transfers(sourced), self._retention(sourced), self._automated(sourced),
                    self._rights(sourced), self._in_messages(sourced)]
        return Notice(f"{model.id}.first-contact.{self.t.language}", self.t("notice.first_contact_title",
                                                                           activity=name),
                      [self.t("notice.first_contact_intro"), *self.identity()],
                      [s for s in sections if s is not None], [self.updated([sourced])])

    def _rights_verbs(self, rights: Rights) -> str:
        """Access, rectification, erasure (where the law allows it, short of what it obliges us to keep),
        restriction: the rights of every purpose; portability and objection are scoped to theirs."""
        erase = ("erase_except_kept" if rights.kept_by_law else "erase") if rights.erasure else None
        verbs = ["access", "rectify", *([erase] if erase else []), "restrict"]
        return self.t.join([self.t(f"notice.right_verbs.{verb}") for verb in verbs])

    def _joint_controllers(self, sourced: ControllerActivity) -> Section | None:
        """Art. 26(2)-(3): the essence of the arrangement between joint controllers, and that people may
        exercise their rights with each of them, with how to reach the other one."""
        items = []
        for index, joint in enumerate(sourced.model.joint_controllers):
            loc = ("joint_controllers", index)
            arrangement = self.facts.require(sourced, (*loc, "responsibilities"), joint.responsibilities,
                                             "joint_arrangement")
            contact = joint.email or (address_text(joint.address, self.t) if joint.address else None) or (
                joint.phone and self._fact(joint.phone, (*loc, "phone"), sourced))
            items.append(self.t("notice.joint_controller", name=self._fact(joint.name, (*loc, "name"), sourced),
                                org=self.org, arrangement=_sentence_end(arrangement),
                                contact=contact or self.facts.missing(sourced, loc, "joint_contact")))
        return Section(self.t("notice.joint_controllers"), items=items) if items else None

    def _purposes(self, sourced: ControllerActivity) -> Section:
        model = sourced.model
        items = []
        for loc, purpose in model.purposes.located():
            label = self.facts.text(sourced, (*loc, "label"), purpose.label)
            sentence = self.t("notice.purpose_basis", purpose=label.rstrip("."),
                              basis=self._basis(sourced, loc, purpose))
            if purpose.basis == "legitimate_interests":
                interest = self.facts.require(sourced, (*loc, "interest"), purpose.interest, "interest")
                sentence += " " + self.t("notice.interest", interest=_sentence_end(_lower_first(interest)))
            if purpose.basis in ("legal_obligation", "public_task") and purpose.legal_reference:
                reference = self.facts.text(sourced, (*loc, "legal_reference"), purpose.legal_reference)
                sentence += " " + self.t("notice.legal_reference", reference=reference)
            if purpose.basis == "consent":
                how = (self.facts.require(sourced, (*loc, "consent", "withdrawal"), purpose.consent.withdrawal,
                                          "withdrawal") if purpose.consent
                       else self.facts.missing(sourced, (*loc, "consent"), "withdrawal"))
                sentence += " " + self.t("notice.consent_withdrawal", how=_sentence_end(_lower_first(how)))
            items.append(sentence)
        return Section(self.t("notice.purposes"), items=items)

    def _basis(self, sourced: ControllerActivity, loc: Loc, purpose: Purpose) -> str:
        if purpose.basis == TODO:
            return self.facts.missing(sourced, (*loc, "basis"), "basis")
        return self.t(f"notice.basis.{purpose.basis}")

    def _data(self, sourced: ControllerActivity) -> Section:
        model = sourced.model
        needs_status = model.provision_required
        items = []
        if model.categories_or_todo == TODO:
            items.append(self.facts.missing(sourced, ("data_categories",), "data_categories"))
        for index, category in enumerate(model.data_categories):
            loc = ("data_categories", index)
            description = self.facts.text(sourced, (*loc, "description"), category.description)
            if category.source is not None and category.source.kind != "data_subject":
                items.append(description)  # Art. 14: not asked of the person, so neither mandatory nor optional
                continue
            if category.mandatory is None:
                if not needs_status:
                    items.append(description)
                    continue
                status = self.facts.missing(sourced, (*loc, "mandatory"), "mandatory")
            elif category.mandatory:
                consequence = _sentence_end(self.facts.require(sourced, (*loc, "if_not_provided"),
                                                               category.if_not_provided, "if_not_provided"))
                status = self._requirement(sourced, index, consequence)
            else:
                status = self.t("notice.optional")
            items.append(self.t("notice.data_item", description=description, status=status))
        for index, special in enumerate(model.special_categories):  # listed where the other data are, never left out
            description = self.facts.text(sourced, ("special_categories", index, "description"), special.description)
            items.append(self.t("notice.special_item", category=self.t.label("special_category", special.category),
                                description=_lower_first(description)))
        return Section(self.t("notice.data"), items=items)

    def _requirement(self, sourced: ControllerActivity, index: int, consequence: str) -> str:
        """Art. 13(2)(e): why mandatory data must be given. Where a purpose rests on the contract or the law,
        the notice says which requires them (the law, the contract, or entering into it); elsewhere the
        person is told they are mandatory and what follows if they are not given."""
        category = sourced.model.data_categories[index]
        if category.requirement:
            return self.t(f"notice.requirement.{category.requirement}", consequence=consequence)
        if sourced.model.provision_required:
            return self.t("notice.mandatory", consequence=self.facts.missing(
                sourced, ("data_categories", index, "requirement"), "requirement") + " " + consequence)
        return self.t("notice.mandatory", consequence=consequence)

    def _recipients(self, sourced: ControllerActivity) -> Section | None:
        model = sourced.model
        groups: dict[str, list[str]] = {}
        details = {r.ref: (index, r.details) for index, r in enumerate(model.recipients) if r.details is not None}
        for ref in model.recipient_ids:
            kind = self.register.recipient_kind(ref)
            name = self.t.name_of(self.register, ref)
            entry = self.register.recipient(ref)
            if isinstance(entry, Processor):
                service = self.t.text(given(entry.service)) or self.facts.missing(
                    None, ("processors", self.settings.processors.index(entry), "service"), "processor_service")
                name = self.t("notice.processor_item", name=name, service=aside(service))
            elif ref in details:  # what this recipient receives, and its limits
                index, text = details[ref]
                name = self.t("notice.recipient_with_details", name=name,
                              details=aside(self.facts.text(sourced, ("recipients", index, "details"), text)))
            groups.setdefault(kind, []).append(name)
        items = []
        for kind in ("departments", "processors", "public_authority", "institutional_partner",
                     "international_organisation", "other"):
            if kind in groups:
                items.append(self.t("notice.recipients_group", kind=self.t(f"notice.recipient_group.{kind}"),
                                    names=self.t.join(groups[kind])))
        if "partners" in groups:
            items.append(self.t("notice.partners_sentence", link=self.partner_list_link()))
        if model.inquiry_authorities:  # Art. 4(9): not recipients, but people are told
            names = [self.t("notice.recipient_with_details", name=self.t.name_of(self.register, r.ref),
                            details=aside(self.facts.text(sourced, ("recipients", model.recipients.index(r), "details"),
                                                          r.details)))
                     if r.details else self.t.name_of(self.register, r.ref)
                     for r in model.inquiry_authorities]
            items.append(self.t("notice.inquiry_authorities", names=self.t.join(names)))
        return Section(self.t("notice.recipients"), items=[_one_aside(i) for i in items]) if items else None

    def _transfers(self, sourced: ControllerActivity) -> Section | None:
        model = sourced.model
        items = []
        for index, transfer in enumerate(model.transfers):
            recipient = self.t.name_of(self.register, transfer.recipient)
            country = self.t.country(transfer.country)
            if transfer.tool == "adequacy":
                items.append(self._adequacy(sourced, index, recipient, country))
            elif transfer.tool == "art49_derogation":
                safeguards = self.facts.require(sourced, ("transfers", index, "safeguards"), transfer.safeguards,
                                                "safeguards")
                items.append(self.t("notice.transfer_derogation", recipient=recipient, country=country,
                                    safeguards=_sentence_end(safeguards)))
            elif transfer.tool == TODO:
                items.append(self._unknown_safeguard(sourced, index, recipient, country, "transfer_tool"))
            else:  # Art. 13(1)(f): the means to obtain a copy, never an internal reference
                where = (link(transfer.copy_url, transfer.copy_url) if transfer.copy_url
                         else self.t("notice.copy_on_request", contact=self.rights_contact()))
                items.append(self.t("notice.transfer_tool", recipient=recipient, country=country,
                                    tool=self.t(f"notice.tool.{transfer.tool}"), where=where))
        return Section(self.t("notice.transfers"), items=[_one_aside(i) for i in items]) if items else None

    def _adequacy(self, sourced: ControllerActivity, index: int, recipient: str, country: str) -> str:
        """Art. 13(1)(f): the decision that covers the recipient; a partial one (the DPF for the United States)
        only when the register says the recipient is within it, else the safeguard is unknown (TR001)."""
        transfer = sourced.model.transfers[index]
        decision = covering_decision(transfer.country, transfer.adequacy_scope)
        if decision is None:
            return self._unknown_safeguard(sourced, index, recipient, country, "adequacy")
        if decision.scope is None:
            return self.t("notice.transfer_adequacy", recipient=recipient, country=country,
                          decision=decision.cited(self.t.language))
        scope = decision.scope.labels.get(self.t.language, decision.scope.labels["en"])
        return self.t("notice.transfer_adequacy_scope", recipient=recipient, country=country, scope=scope,
                      decision=decision.cited(self.t.language))

    def _unknown_safeguard(self, sourced: ControllerActivity, index: int, recipient: str, country: str,
                           fact: str) -> str:
        return self.t("notice.transfer_tool", recipient=recipient, country=country, where=self.rights_contact(),
                      tool=self.facts.missing(sourced, ("transfers", index, "tool"), fact))

    def _retention(self, sourced: ControllerActivity) -> Section:
        model = sourced.model
        items = []
        for key, index, entry in model.retained:
            description = self.facts.text(sourced, (key, index, "description"), entry.description)
            kept = given(entry.retention)
            for loc in todo_paths(kept, (key, index, "retention")):  # a criterion or a reason still todo
                self.facts.missing(sourced, loc, "to_complete")
            retention = (retention_sentence(kept, self.t, to_you=True) if kept else self.facts.missing(
                sourced, (key, index, "retention"), "retention"))
            items.append(self.t("notice.retention_item", data=description, retention=retention))
        return Section(self.t("notice.retention"), items=items)

    def _automated(self, sourced: ControllerActivity) -> Section | None:
        automated = sourced.model.automated_decisions
        if not (automated.profiling or automated.automated_decision):
            return None
        paragraphs = []
        if automated.profiling:
            paragraphs.append(self.t("notice.automated_profiling"))
            if automated.logic and not automated.automated_decision:
                paragraphs.append(self.t("notice.automated_logic", logic=_sentence_end(
                    self.facts.text(sourced, ("automated_decisions", "logic"), automated.logic))))
        if automated.automated_decision:
            loc = ("automated_decisions",)
            logic = self.facts.require(sourced, (*loc, "logic"), automated.logic, "logic")
            consequences = self.facts.require(sourced, (*loc, "consequences"), automated.consequences, "consequences")
            paragraphs.append(self.t("notice.automated_decision", logic=_sentence_end(logic),
                                     consequences=_sentence_end(consequences)))
        return Section(self.t("notice.automated"), paragraphs=paragraphs)

    def _source(self, sourced: ControllerActivity) -> Section | None:
        model = sourced.model
        items = []
        for index, category in enumerate(model.data_categories):
            if category.source is None or category.source.kind == "data_subject":
                continue
            loc = ("data_categories", index)
            description = self.facts.text(sourced, (*loc, "description"), category.description)
            details = self.facts.require(sourced, (*loc, "source", "details"), category.source.details, "source")
            source = f"{self.t.label('source', category.source.kind)} ({aside(details, keep_case=True)})"
            items.append(self.t("notice.source_item", data=description, source=source))
        if not items:
            return None
        timing = [self.t("notice.source_timing")] if indirect(model) else []  # Art. 13(3), not 14(3): our own data
        return Section(self.t("notice.source"), items=items, after=timing)

    def _rights(self, sourced: ControllerActivity) -> Section:
        model = sourced.model
        rights = rights_of(model)
        paragraphs = []
        if rights.objection_to_marketing:  # Art. 21(2)-(4): unconditional, stated first and on its own
            paragraphs.append(self.t("notice.right_objection_marketing"))
        if rights.objection_to_transmission:
            paragraphs.append(self.t("notice.right_objection_transmission"))
        paragraphs.append(" ".join([self.t("notice.rights_base", rights=self._rights_verbs(rights)),
                                    *self._erasure_limits(sourced, rights)]))
        if rights.portability:
            paragraphs.append(self.t("notice.right_portability", purposes=self._labels(rights.portability)))
        if rights.objection:  # Art. 21(1): on grounds of the person's situation; never the marketing purposes
            paragraphs.append(self.t("notice.right_objection", purposes=self._labels(rights.objection)))
        if rights.withdraw_consent:
            paragraphs.append(self.t("notice.right_withdraw", purposes=self._labels(rights.withdraw_consent)))
        paragraphs.append(self.t("notice.rights_contact", contact=self.rights_contact()))
        paragraphs.append(self.t("notice.complaint", link=link("cnil.fr", CNIL_COMPLAINTS)))
        return Section(self.t("notice.rights"), paragraphs=paragraphs)

    def _erasure_limits(self, sourced: ControllerActivity, rights: Rights) -> list[str]:
        """Art. 17(3)(b): which data the law obliges us to keep, by category; Art. 17(1)(c) for a public task."""
        sentences = []
        retained = [entry for _, _, entry in sourced.model.retained]
        if rights.kept_by_law and len(rights.kept_by_law) == len(retained):
            sentences.append(self.t("notice.no_erasure"))
        elif rights.kept_by_law:
            names = [_lower_first(self.facts.text(sourced, (key, index, "description"), entry.description)).rstrip(".")
                     for key, index, entry in sourced.model.retained
                     if any(entry is kept for kept in rights.kept_by_law)]
            sentences.append(self.t("notice.no_erasure_for", data=self.t("document.semi").join(names)))
        if rights.erasure_after_objection:
            sentences.append(self.t("notice.erasure_after_objection"))
        if rights.public_task:
            sentences.append(self.t("notice.erasure_after_objection_for", purposes=self._labels(rights.public_task)))
        return sentences

    def _labels(self, purposes: tuple[Purpose, ...]) -> str:
        return self.t.join([_lower_first(self.t.text(p.label) or "").rstrip(".") for p in purposes])

    def _form(self, sourced: ControllerActivity) -> Section | None:
        """The form's boxes, each derived from a purpose (see :mod:`registry.law.marketing`), and what the
        consent facts support saying about them."""
        model = sourced.model
        if all(c.source is not None and c.source.kind != "data_subject" for c in model.data_categories):
            return None  # Art. 14: the people never see a collection form; their notice comes at first contact
        boxes = form_boxes(model)
        if not boxes:
            return None
        items = []
        for box in boxes:
            items.append(self.t(f"notice.checkbox_{box.kind}", org=self.org, details=self._details(box.channels),
                                work=self._details(box.channels, "work_details"),
                                channels=self.t.labels("channel", list(box.channels)),
                                **({"link": self.partner_list_link()} if box.kind.startswith("partner") else {})))
        consents = [p.consent for p in model.purposes.all() if p.basis == "consent"]
        asked = [c for c in consents if c is not None] if None not in consents else []
        hint = {(True, True): "both", (True, False): "unticked", (False, True): "free"}.get(
            (all_hold(asked, "unticked"), all_hold(asked, "free")))
        after = [self.t(f"notice.checkbox_hint.{hint}")] if hint and any(b.kind.endswith("consent") for b in boxes) \
            else []
        return Section(self.t("notice.form"), items=items, after=after, checkboxes=True)

    def _details(self, channels: Sequence[str], whose: str = "contact_details") -> str:
        """"mon adresse postale et mon numéro de téléphone" (a box speaks for the person; ``your_details``: "vos…"),
        once each, for the channels given."""
        return self.t.join(list(dict.fromkeys(self.t(f"notice.{whose}.{c}") for c in channels)))

    def _in_messages(self, sourced: ControllerActivity) -> Section | None:
        prospecting = sourced.model.prospecting
        if prospecting is None:
            return None
        postal = f"{self.org}, {self._postal_address()}"
        contact = self.rights_contact()
        items = [self.t(f"notice.unsubscribe.{channel}", contact=postal if channel == "post" else contact)
                 for channel in prospecting.channels]
        return Section(self.t("notice.in_messages"), items=items, in_messages=True)

    # --- whole register ----------------------------------------------------------------

    def policy(self, activities: list[ControllerActivity]) -> Notice:
        sections = []
        for sourced in activities:
            notice = self.full(sourced, level=3, for_forms=False)
            sections.append(Section(self.facts.text(sourced, ("name",), sourced.model.name), level=2,
                                    anchor=anchor(sourced.model.id)))
            sections.extend(notice.sections)
        intro = [self.t("notice.policy_intro", org=self.org), *self.identity()]
        return Notice(f"privacy-policy.{self.t.language}", self.t("notice.policy_title"), intro, sections,
                      [self.updated(activities)])

    def partners(self) -> Notice:
        dates: list[date] = [p.since for p in self.settings.partners if p.since]
        dates += [d for a in self.register.controller_activities if a.model.transmission
                  and (d := self.register.dates_of(a)[1])]
        channels = {c for a in self.register.controller_activities if a.model.transmission
                    for c in a.model.transmission.channels}
        electronic, offline = sorted(channels & ELECTRONIC_CHANNELS), sorted(channels - ELECTRONIC_CHANNELS)
        sentences = [self.t("notice.partners_intro")]  # how each channel's details may reach them: their regime
        if offline:
            sentences.append(self.t("notice.partners_unless_objection", details=self._details(offline, "your_details")))
        if electronic:
            sentences.append(self.t("notice.partners_with_consent", details=self._details(electronic, "your_details")))
        intro = [" ".join([*sentences, self.t("notice.partners_first_message")])]
        if dates:
            intro.append(self.t("notice.partners_updated", date=self.t.date(max(dates))))
        sections = []
        for index, partner in enumerate(self.settings.partners):
            paragraphs = [self.facts.text(None, ("partners", index, "activity"), partner.activity)]
            if partner.channels:
                paragraphs.append(self.t("notice.partner_channels", channels=self.t.labels("channel", partner.channels)))
            paragraphs.append(self.t("notice.partner_policy", link=link(partner.privacy_policy, partner.privacy_policy))
                              if partner.privacy_policy else self.t("notice.partner_policy_missing"))
            sections.append(Section(self._fact(partner.name, ("partners", index, "name")), paragraphs=paragraphs))
        return Notice(f"partners.{self.t.language}", self.t("notice.partners_title"), intro, sections)


def indirect(model: Activity) -> bool:
    """Whether some of the activity's data were obtained from someone other than the person (Art. 14);
    data re-used from another of the organisation's activities were obtained from the person (Art. 13(3))."""
    return any(c.source is not None and c.source.kind in EXTERNAL_SOURCES for c in model.data_categories)
