"""One "fiche de registre" per activity, in the order and with the items of the CNIL template."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TypeVar

from ..codes import RULE_CODES
from ..i18n import Messages
from ..kept import NOTHING, Kept
from ..law import dpia
from ..law.completeness import score
from ..law.consent import safeguards
from ..law.geography import outside_eea
from ..law.retention_wording import retention_sentence
from ..law.transfer_wording import safeguard_wording
from ..loading.register import ONLINE, Register, Sourced, SourcedActivity, is_controller
from ..models import Activity, ProcessorActivity
from ..models.activity import Retention, Source, Transfer
from ..models.common import Text, country_names
from ..models.organisation import Processor
from ..models.vocabulary import TODO, given
from ..problems import Problem
from .document import PostalView, address_text, postal_view
from .gaps import Gaps

T = TypeVar("T")


def anchor(activity_id: str) -> str:
    return f"activity-{activity_id}"


@dataclass(frozen=True)
class RecipientView:
    id: str
    kind: str
    name: str
    details: str | None
    country: str
    contract: str | None
    kind_key: str
    """The catalogue or kind the recipient belongs to (``processors``, ``public_authority``…), for the exports."""
    country_code: str | None
    """The recipient's country (ISO 3166), None while the register does not say where it is."""


@dataclass(frozen=True)
class TransferView:
    recipient: str
    country: str
    tool: str | None
    documentation: str | None
    safeguards: str | None
    recipient_id: str
    country_code: str
    tool_key: str | None
    """The safeguard's value in the vocabulary (``scc``…), None while it is to complete."""
    cnil_tool: str | None
    """The safeguard in the CNIL template's words ("Pays adéquat", a partial decision with its scope), None while
    the register does not hold one."""


@dataclass(frozen=True)
class MeasureView:
    id: str
    kind: str
    details: str | None
    category: str
    """The measure's category in the vocabulary (``encryption``…), for the exports."""


@dataclass(frozen=True)
class WaiverView:
    code: str
    name: str | None
    reason: str | None


@dataclass(frozen=True)
class PurposeView:
    kind: str
    """"Finalité principale" or "Sous-finalité n"."""
    label: str
    basis: str | None
    details: list[str]
    basis_key: str | None
    """The legal basis in the vocabulary (``contract``…), None while it is to complete."""
    kind_key: str | None


@dataclass(frozen=True)
class DataView:
    key: str
    """The category in the vocabulary (``identity``…): the exports place it in the CNIL template's rows."""
    category: str
    description: str
    mandatory: str | None
    if_not_provided: str | None
    source: str
    retention: str | None
    reason: str | None
    kept: Retention | None
    """The retention as a value (duration, start or end event), for the exports that state it as data."""


@dataclass(frozen=True)
class SpecialDataView:
    key: str
    category: str
    description: str
    exception: str | None
    retention: str | None
    kept: Retention | None


@dataclass(frozen=True)
class SubjectView:
    key: str
    category: str
    details: str | None


@dataclass(frozen=True)
class JointControllerView:
    name: str
    address: str | None
    email: str | None
    phone: str | None
    responsibilities: str | None
    postal: PostalView | None


@dataclass(frozen=True)
class AutomatedView:
    profiling: str
    decision: str
    logic: str | None
    consequences: str | None


@dataclass(frozen=True)
class DpiaView:
    status: str | None
    reference: str | None
    date: str | None
    justification: str | None
    verdict: str
    criteria: str
    cnil_items: str | None
    exemption: str | None


@dataclass(frozen=True)
class ProspectingView:
    channels: str
    audience: str
    existing_customers: str
    objection_at_collection: str
    unsubscribe: str | None


@dataclass(frozen=True)
class TransmissionView:
    channels: str
    partners: list[str]
    objection_at_collection: str


@dataclass(frozen=True)
class ControllerPart:
    """What only a controller's fiche records (Art. 30(1))."""

    main_purpose: str
    purposes_list: str
    """Every purpose, for the list of activities."""
    bases: str
    sensitive: str
    """"Données sensibles ?" as both the list and the fiche answer it: the NIR is its own regime, not Art. 9."""
    nir_only: bool
    joint_controllers: list[JointControllerView]
    purposes: list[PurposeView]
    data: list[DataView]
    special: list[SpecialDataView]
    subjects: list[SubjectView]
    recipients: list[RecipientView]
    authorities: list[RecipientView]
    """Authorities that may obtain the data within a particular inquiry: not recipients (Art. 4(9))."""
    automated: AutomatedView | None
    dpia: DpiaView
    prospecting: ProspectingView | None
    transmission: TransmissionView | None


@dataclass(frozen=True)
class ClientView:
    name: str
    address: str | None
    email: str | None
    representative: str | None
    dpo: str | None


@dataclass(frozen=True)
class ProcessorPart:
    """What only a processor's fiche records (Art. 30(2))."""

    clients: list[ClientView]
    processing: list[str]
    sub_processors: list[RecipientView]


@dataclass(frozen=True)
class FicheView:
    id: str
    reference: str
    """The N° / RÉF shown to the auditor: the organisation's own, else the id."""
    anchor: str
    name: str
    description: str
    status: str
    created: str | None
    updated: str | None
    created_on: date | None
    updated_on: date | None
    """The same dates as values, for the exports' date cells."""
    owner: str | None
    software: list[str]
    notes: str | None
    transfers: list[TransferView]
    unplaced: list[str]
    """Recipients the register does not place in a country: with them, no transfer cannot be said."""
    undeclared: list[str]
    """Recipients outside the EU/EEA with no transfer recorded (TR004), with their country."""
    security: list[MeasureView]
    waivers: list[WaiverView]
    completeness: int
    missing: list[str]
    controller: ControllerPart | None
    processor: ProcessorPart | None
    written_from: tuple[str, ...]
    """What the fiche was written from (the wording, ``registry.yaml`` and the activity's file, hashed, and its
    dates): what is rendered from the fiche alone follows from it."""


def with_country(name: str, added: str) -> str:
    """"Chulak Suisse (filiale)" with "Suisse" reads "Chulak Suisse (filiale, Suisse)", never two parentheses."""
    return f"{name[:-1]}, {added})" if name.endswith(")") else f"{name} ({added})"


class FicheWriter:
    """Builds the views of one register in one language, recording the gaps it marks; what it wrote before
    for the same inputs is found in ``kept`` (see :meth:`kept`)."""

    def __init__(self, register: Register, messages: Messages, gaps: Gaps, kept: Kept = NOTHING) -> None:
        self.register = register
        self.t = messages
        self.gaps = gaps
        self.memory = kept

    def text(self, text: Text | None) -> str | None:
        return self.t.text(text)

    def fiche(self, sourced: SourcedActivity) -> FicheView:
        """An activity's fiche, with the gaps it marks (see :meth:`kept`)."""
        return self.kept("fiche view", sourced, FicheWriter._fiche)

    def kept(self, kind: str, sourced: SourcedActivity,
             write: Callable[[FicheWriter, SourcedActivity, tuple[str, ...]], T]) -> T:
        """What ``write`` makes of an activity, with the gaps it marks. It follows from the activity's file
        and dates, ``registry.yaml`` and the wording alone (``write`` is given them): what was written for
        the same is found in the writer's memory."""
        written_from = (self.t.digest, self.register.settings_digest, sourced.digest,
                        repr(self.register.dates_of(sourced)))
        value, gaps = self.memory.remember(kind, written_from, partial(self._alone, write, sourced, written_from))
        self.gaps.found.update(dict.fromkeys(gaps))
        return value

    def _alone(self, write: Callable[[FicheWriter, SourcedActivity, tuple[str, ...]], T], sourced: SourcedActivity,
               written_from: tuple[str, ...]) -> tuple[T, list[Problem]]:
        alone = FicheWriter(self.register, self.t, Gaps(self.register))
        return write(alone, sourced, written_from), list(alone.gaps.found)

    def _fiche(self, sourced: SourcedActivity, written_from: tuple[str, ...]) -> FicheView:
        model = sourced.model
        created, updated = self.register.dates_of(sourced)
        completeness = score(self.register, sourced)
        security = [self.measure(m.ref, m.details) for m in model.security_measures]
        if not security:
            self.gaps.mark(sourced, ("security_measures",), "the security measures")
        controller = self._controller(sourced) if is_controller(sourced) else None
        processor = self._processor(sourced, model) if isinstance(model, ProcessorActivity) else None
        return FicheView(
            id=model.id,
            reference=self.t.fact(model.reference) or model.id,
            anchor=anchor(model.id),
            name=self.t.text(model.name) or "",
            description=self.t.text(model.description) or "",
            status=self.t.label("status", model.status),
            created=self.gaps.either(self.t.date(created), sourced, ("created",), "the creation date"),
            updated=self.gaps.either(self.t.date(updated), sourced, ("updated",), "the date of the last update"),
            created_on=created,
            updated_on=updated,
            owner=self.gaps.mark(sourced, ("owner",), "the department in charge") if model.owner == TODO
            else self.t.name_of(self.register, model.owner),
            software=[self.t.fact(name) or "" for name in model.software],
            notes=self.t.text(model.notes),
            transfers=[self.transfer(sourced, i, t) for i, t in enumerate(model.transfers)],
            unplaced=[r.name for r in controller.recipients if r.country_code is None
                      and self.register.country_of(r.id) != ONLINE] if controller else [],
            undeclared=[with_country(r.name, r.country) for r in controller.recipients
                        if r.id not in {x.recipient for x in model.transfers}
                        and outside_eea(self.register.country_of(r.id))] if controller else [],
            security=security,
            waivers=[
                WaiverView(w.rule, RULE_CODES[w.rule].name if w.rule in RULE_CODES else None,
                           self.gaps.either(self.text(w.reason), sourced, ("waivers", i, "reason"),
                                            f"the reason for waiving {w.rule}"))
                for i, w in enumerate(model.waivers)
            ],
            completeness=completeness.percent,
            missing=[self.t(f"completeness.{i.key}") for i in completeness.missing],
            controller=controller,
            processor=processor,
            written_from=written_from,
        )

    def _processor(self, sourced: SourcedActivity, model: ProcessorActivity) -> ProcessorPart:
        clients = []
        for index, client in enumerate(model.clients):
            where = ("clients", index)
            address = address_text(client.address, self.t) if client.address else None
            clients.append(ClientView(
                client.name,
                self.gaps.either(address, sourced, (*where, "address"), f"the address of client {client.name}"),
                self.gaps.either(client.email, sourced, (*where, "email"), f"the email address of client {client.name}"),
                client.representative, client.dpo))
        return ProcessorPart(
            clients=clients,
            processing=[self.t.text(p) or "" for p in model.processing],
            sub_processors=[self.recipient(ref, None) for ref in model.sub_processors],
        )

    def _controller(self, sourced: Sourced[Activity]) -> ControllerPart:
        model = sourced.model
        t = self.t
        if not model.recipient_ids:
            self.gaps.mark(sourced, ("recipients",), "the recipients")
        for key in ("data_subjects", "data_categories"):
            if not getattr(model, key):
                self.gaps.mark(sourced, (key,), f"the categories of {key.removeprefix('data_')}")
        return ControllerPart(
            main_purpose=self.text(model.purposes.main.label) or "",
            purposes_list=self.t("document.semi").join(self.text(p.label) or "" for p in model.purposes.all()),
            sensitive=(self._yes_no(True) if model.special_categories else
                       self.t("fiche.sensitive_nir") if model.has_sensitive_data else self._yes_no(False)),
            nir_only=model.has_sensitive_data and not model.special_categories,
            bases=t.join(list(dict.fromkeys(t.label("basis", p.basis) if p.basis != TODO else t("document.to_complete")
                                            for p in model.purposes.all()))),
            joint_controllers=[
                JointControllerView(t.fact(j.name) or "", address_text(j.address, t) if j.address else None, j.email,
                                    t.fact(j.phone), self.text(j.responsibilities),
                                    postal_view(j.address, t) if j.address else None)
                for j in model.joint_controllers
            ],
            purposes=self._purposes(sourced),
            data=[self._data(sourced, i) for i in range(len(model.data_categories))],
            special=[self._special(sourced, i) for i in range(len(model.special_categories))],
            subjects=[SubjectView(s.category, t.label("subject", s.category), self.text(s.details))
                      for s in model.data_subjects],
            recipients=[
                self.recipient(ref, next((r.details for r in model.recipients if r.ref == ref), None))
                for ref in model.recipient_ids
            ],
            authorities=[self.recipient(r.ref, r.details) for r in model.inquiry_authorities],
            automated=self._automated(sourced),
            dpia=self._dpia(sourced),
            prospecting=self._prospecting(sourced),
            transmission=TransmissionView(
                channels=t.labels("channel", model.transmission.channels),
                partners=[t.name_of(self.register, p) for p in model.transmission.partners],
                objection_at_collection=self._yes_no(model.transmission.objection_at_collection),
            ) if model.transmission else None,
        )

    def _yes_no(self, value: bool) -> str:
        return self.t("document.yes" if value else "document.no")

    def _purposes(self, sourced: Sourced[Activity]) -> list[PurposeView]:
        t = self.t
        purposes = []
        for index, (loc, purpose) in enumerate(sourced.model.purposes.located()):
            details = []
            if purpose.kind:
                details.append(t("fiche.purpose_kind", kind=t.label("purpose_kind", purpose.kind)))
            if purpose.interest:
                details.append(t("fiche.interest", text=self.text(purpose.interest)))
            if purpose.balancing_test:
                details.append(t("fiche.balancing_test", ref=t.fact(purpose.balancing_test)))
            if purpose.legal_reference:
                details.append(t("fiche.legal_reference", ref=self.text(purpose.legal_reference)))
            if purpose.consent:
                details.append(t("fiche.consent_collection", text=self.text(purpose.consent.collection)))
                details.append(t("fiche.consent_withdrawal", text=self.text(purpose.consent.withdrawal)))
                if purpose.consent.proof:
                    details.append(t("fiche.consent_proof", text=self.text(purpose.consent.proof)))
                stated = [t(f"fiche.consent_safeguard.{s.name}.{str(s.holds).lower()}")
                          for s in safeguards(purpose.consent) if s.holds is not None and s.field != "collection"]
                if stated:
                    details.append(t("fiche.consent_safeguards", facts=t.join(stated)))
            if purpose.channels:
                details.append(t("fiche.purpose_channels", channels=t.labels("channel", purpose.channels)))
            if purpose.audience:
                details.append(t("fiche.purpose_audience", audience=t.labels("marketing_audience", purpose.audience)))
            purposes.append(PurposeView(
                kind=t("fiche.main_purpose") if index == 0 else t("fiche.sub_purpose", n=index),
                label=self.text(purpose.label) or "",
                basis=self.gaps.mark(sourced, (*loc, "basis"), "the legal basis") if purpose.basis == TODO
                else t.label("basis", purpose.basis),
                details=details,
                basis_key=given(purpose.basis),
                kind_key=purpose.kind,
            ))
        return purposes

    def retention(self, sourced: Sourced[Activity], key: str, index: int) -> str | None:
        entry = sourced.model.data_categories[index] if key == "data_categories" \
            else sourced.model.special_categories[index]
        retention = given(entry.retention)
        if retention is None:
            return self.gaps.mark(sourced, (key, index, "retention"), "how long these data are kept")
        return retention_sentence(retention, self.t)

    def _data(self, sourced: Sourced[Activity], index: int) -> DataView:
        category = sourced.model.data_categories[index]
        mandatory: str | None
        if category.mandatory is not None:
            mandatory = self._yes_no(category.mandatory)
            if category.mandatory and category.requirement:
                mandatory += f" ({self.t.label('requirement', category.requirement)})"
        elif sourced.model.provision_required:
            mandatory = self.gaps.mark(sourced, ("data_categories", index, "mandatory"),
                                       "whether these data are mandatory")
        else:
            mandatory = self.t("document.not_applicable")
        return DataView(
            key=category.category,
            category=self.t.label("data_category", category.category),
            description=self.text(category.description) or "",
            mandatory=mandatory,
            if_not_provided=self.text(category.if_not_provided),
            source=self._source(category.source),
            retention=self.retention(sourced, "data_categories", index),
            reason=self.text(category.reason),
            kept=given(category.retention),
        )

    def _special(self, sourced: Sourced[Activity], index: int) -> SpecialDataView:
        special = sourced.model.special_categories[index]
        known = given(special.exception)
        exception = self.t.label("exception", known) if known else self.gaps.mark(
            sourced, ("special_categories", index, "exception"), "the exception that allows these data")
        return SpecialDataView(
            key=special.category,
            category=self.t.label("special_category", special.category),
            description=self.text(special.description) or "",
            exception=exception,
            retention=self.retention(sourced, "special_categories", index),
            kept=given(special.retention),
        )

    def _source(self, source: Source | None) -> str:
        if source is None:
            return self.t("fiche.from_data_subject")
        label = self.t.label("source", source.kind)
        details = self.text(source.details)
        return self.t("fiche.source_details", label=label, details=details) if details else label

    def recipient(self, ref: str, details: Text | None) -> RecipientView:
        entry = self.register.recipient(ref)
        service = given(entry.service) if isinstance(entry, Processor) else None
        kind = self.register.recipient_kind(ref)
        country = self.register.country_of(ref)
        return RecipientView(
            id=ref,
            kind=self.t.label("recipient_kind", kind),
            name=self.t.name_of(self.register, ref),
            details=self.text(details) or self.text(service),
            country=self.country(country),
            contract=self.t.fact(entry.contract) if isinstance(entry, Processor) else None,
            kind_key=kind,
            country_code=country if country in country_names() else None,
        )

    def country(self, country: str | None) -> str:
        """A recipient's country as the register says it, never assumed: "À compléter" for ``todo``, "Non
        précisé" when not written, "Publication en ligne" for the public reading what is published."""
        if country is None:
            return self.t("document.not_specified")
        if country == TODO:
            return self.t("document.to_complete")
        return self.t("fiche.published_online") if country == ONLINE else self.t.country(country)

    def transfer(self, sourced: SourcedActivity, index: int, transfer: Transfer) -> TransferView:
        return TransferView(
            recipient=self.t.name_of(self.register, transfer.recipient),
            country=self.t.country(transfer.country),
            tool=self.gaps.either(safeguard_wording(transfer, self.t, "vocabulary.transfer_tool"), sourced,
                                  ("transfers", index, "tool"), "the safeguard of the transfer" if transfer.tool == TODO
                                  else "the safeguard of the transfer, which no adequacy decision covers,"),
            documentation=self.gaps.either(self.t.fact(transfer.documentation), sourced, ("transfers", index, "documentation"),
                                           "where the transfer's framing document is"),
            safeguards=self.text(transfer.safeguards),
            recipient_id=transfer.recipient,
            country_code=transfer.country,
            tool_key=given(transfer.tool),
            cnil_tool=safeguard_wording(transfer, self.t, "cnil.tool"),
        )

    def measure(self, ref: str, details: Text | None) -> MeasureView:
        entry = self.register.measure(ref)
        return MeasureView(ref, self.t.label("security", entry.category), self.text(details) or self.text(entry.details),
                           entry.category)

    def _automated(self, sourced: Sourced[Activity]) -> AutomatedView | None:
        automated = sourced.model.automated_decisions
        if not (automated.profiling or automated.automated_decision):
            return None
        return AutomatedView(
            profiling=self._yes_no(automated.profiling),
            decision=self._yes_no(automated.automated_decision),
            logic=self.gaps.either(self.text(automated.logic), sourced, ("automated_decisions", "logic"),
                                   "the logic of the profiling or decision"),
            consequences=self.gaps.either(self.text(automated.consequences), sourced,
                                          ("automated_decisions", "consequences"),
                                          "the consequences of the profiling or decision"),
        )

    def _dpia(self, sourced: Sourced[Activity]) -> DpiaView:
        t = self.t
        record = sourced.model.dpia
        screening = dpia.screen(sourced.model, self.register.settings.organisation.headcount)
        criteria = [t.label("dpia_criterion", c) for c in screening.criteria]
        if screening.verdict == "undetermined":
            self.gaps.mark(None, ("organisation", "headcount"), "the organisation's headcount, on which the DPIA "
                                                                 "exemption of staff management depends")
        status = t.label("dpia_status", record.status) if record else self.gaps.mark(
            sourced, ("dpia",), "the status of the impact assessment (DPIA)")
        return DpiaView(
            status=status,
            reference=t.fact(record.reference) if record else None,
            date=t.date(record.date) if record and record.date else None,
            justification=self.text(record.justification) if record else None,
            verdict=t.label("dpia_verdict", screening.verdict),
            criteria=t("fiche.dpia_criteria", criteria=t.join(criteria)) if criteria else t("fiche.dpia_no_criteria"),
            cnil_items=t("fiche.dpia_cnil_items", items=t.join([str(n) for n in screening.cnil_items]))
            if screening.cnil_items else None,
            exemption=t("fiche.dpia_exemption", item=screening.exemption) if screening.exemption else None,
        )

    def _prospecting(self, sourced: Sourced[Activity]) -> ProspectingView | None:
        prospecting = sourced.model.prospecting
        if prospecting is None:
            return None
        return ProspectingView(
            channels=self.t.labels("channel", prospecting.channels),
            audience=self.t.labels("audience", prospecting.audience),
            existing_customers=self._yes_no(prospecting.existing_customers),
            objection_at_collection=self._yes_no(prospecting.objection_at_collection),
            unsubscribe=self.gaps.either(self.text(prospecting.unsubscribe), sourced, ("prospecting", "unsubscribe"),
                                         "how people unsubscribe"),
        )
