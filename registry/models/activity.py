"""``activities/*.yaml``: one processing activity (a CNIL "fiche de registre") per file.

The model checks the *form* of a fiche. Whether what it describes is lawful
and complete (an interest stated for legitimate interests, consent for email
prospecting…) is the job of ``registry check``, so that a draft can be valid
before it is compliant.
"""

from __future__ import annotations

import datetime
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator, model_validator

from .common import (
    Contact,
    Country,
    DepartmentRef,
    Identifier,
    IsoDuration,
    LocalText,
    MeasureRef,
    OrTodo,
    PartnerRef,
    ProcessorRef,
    RecipientRef,
    Strict,
    Url,
)
from .vocabulary import (
    TODO,
    Audience,
    Channel,
    DataCategory,
    DpiaCriterion,
    DpiaStatus,
    EndAction,
    LegalBasis,
    MarketingAudience,
    ProvisionRequirement,
    PurposeKind,
    RegisterKind,
    RetentionStart,
    RetentionUntil,
    SourceKind,
    SpecialCategory,
    SpecialCategoryException,
    Status,
    SubjectCategory,
    TransferTool,
)


class Consent(Strict):
    """How consent is obtained, proven and withdrawn (Art. 7)."""

    collection: LocalText
    """e.g. "Case à cocher non pré-cochée, distincte des CGV"."""
    withdrawal: LocalText
    """How the person withdraws it, e.g. "Lien de désinscription dans chaque email"."""
    proof: LocalText | None = None
    """What is kept to prove consent (date, form version…)."""
    unticked: bool | None = None
    """The box is left unticked until the person ticks it (CJEU Planet49, C-673/17)."""
    separate_from_terms: bool | None = None
    """Consent is asked on its own, never by accepting the general terms of sale or use."""
    condition_of_service: bool | None = None
    """Consent is required to order, sign up or get a service (Art. 7(4)): true is a breach."""
    one_choice_per_purpose: bool | None = None
    """Each purpose and each channel has its own choice, never one box for several (Art. 7(2))."""


class Purpose(Strict):
    """A purpose and the Art. 6 legal basis it rests on."""

    label: LocalText
    basis: OrTodo[LegalBasis]
    kind: PurposeKind | None = None
    """What the purpose is (prospecting by post, payroll…): the checks and the notices rely on it
    rather than on the words of the label."""
    interest: LocalText | None = None
    """For legitimate interests: the interest pursued (Art. 13(1)(d))."""
    balancing_test: str | None = None
    """For legitimate interests: reference of the documented balancing test."""
    legal_reference: LocalText | None = None
    """For a legal obligation or public task: the text that imposes it, e.g. "Code de commerce, art. L.123-22",
    or per language, so an English notice names the code in English: {fr: …, en: "Commercial Code, …"}."""
    consent: Consent | None = None
    """For consent: how it is collected and withdrawn."""
    channels: list[Channel] = Field(default_factory=list)
    """For direct marketing: the channels this purpose uses, when not every channel of ``prospecting``:
    the collection form names only these."""
    audience: list[MarketingAudience] = Field(default_factory=list)
    """For direct marketing: whom it addresses (consumers, customers about similar products,
    professionals), when not every audience of ``prospecting``: each gets its own box on the form."""


class Purposes(Strict):
    """The main purpose and up to any number of sub-purposes, each with its own basis."""

    main: Purpose
    sub: list[Purpose] = Field(default_factory=list)

    def all(self) -> list[Purpose]:
        return [self.main, *self.sub]

    def located(self) -> list[tuple[tuple[str | int, ...], Purpose]]:
        """Each purpose with its path in the activity file, for locating problems."""
        return [(("purposes", "main"), self.main), *((("purposes", "sub", i), p) for i, p in enumerate(self.sub))]


class DataSubject(Strict):
    category: SubjectCategory
    details: LocalText | None = None
    contact_persons: bool | None = None
    """The people are the contacts of businesses (a supplier's or a business customer's staff): the contract
    binds their employer, not them; ``false`` for sole traders, party to it themselves."""


class Source(Strict):
    """Where data come from when not from the person (Art. 14(2)(f))."""

    kind: SourceKind
    details: LocalText | None = None
    """Which organisation, file or public source."""


class Archive(Strict):
    """Intermediate archiving: restricted access, after the active period, for a legal or evidentiary reason."""

    duration: IsoDuration
    reason: LocalText | None = None
    """The legal obligation or the evidence need, e.g. "Obligation comptable (C. com. art. L.123-22)"."""


class Retention(Strict):
    """How long data are kept: a duration from an event, an ending event, or a criterion in words."""

    duration: IsoDuration | None = None
    start: RetentionStart | None = Field(default=None, alias="from")
    """The event the duration is counted from."""
    from_event: LocalText | None = None
    """An event of the organisation's own, when none of ``from`` fits, e.g. "versement de la paie"."""
    until: RetentionUntil | None = None
    """An event that ends retention, alone or before the duration runs out."""
    criterion: LocalText | None = None
    """A criterion in words when no duration can be given."""
    archive: Archive | None = None
    required_by_law: bool | None = None
    """The law obliges the organisation to keep these data for this period or its archive (accounting, tax,
    payroll): notices say they cannot be erased before it ends (Art. 17(3)(b)). Without it, an archive whose
    reason names an obligation counts, and so does every category of an activity on legal obligations alone."""
    end: EndAction = "delete"
    """What happens at the end: deletion or irreversible anonymisation."""

    @model_validator(mode="after")
    def _something_said(self) -> Retention:
        if self.duration is None and self.until is None and self.criterion is None:
            raise ValueError("a retention needs a 'duration', an 'until' event or a 'criterion'")
        return self


class DataCategoryEntry(Strict):
    category: DataCategory
    description: LocalText
    """The data in this category, e.g. "Nom, prénom, adresse postale, email"."""
    mandatory: bool | None = None
    """Whether the person must provide them (Art. 13(2)(e))."""
    requirement: ProvisionRequirement | None = None
    """For mandatory data: required by law, by the contract, or to enter into the contract (Art. 13(2)(e))."""
    if_not_provided: LocalText | None = None
    """Consequence of not providing mandatory data, e.g. "La commande ne peut pas être traitée"."""
    source: Source | None = None
    """Omit when the data are collected from the person."""
    retention: OrTodo[Retention] | None = None
    reason: LocalText | None = None
    """Why these data are needed for the purpose, when it is not obvious."""


class SpecialCategoryEntry(Strict):
    category: SpecialCategory
    description: LocalText
    exception: OrTodo[SpecialCategoryException] | None = None
    """The Art. 9(2) exception (or Art. 10 authorisation) that lifts the prohibition."""
    retention: OrTodo[Retention] | None = None


class Recipient(Strict):
    ref: RecipientRef
    """Id of a department, processor, partner or recipient of registry.yaml."""
    details: LocalText | None = None
    """What this recipient receives or does for this activity, and any limit ("only the published reviews")."""
    inquiry_only: bool = False
    """A public authority that obtains data only within a particular inquiry (a tax audit): not a
    recipient under Art. 4(9) GDPR, so shown apart in the register and the notices."""


class Measure(Strict):
    ref: MeasureRef
    """Id of a security measure of registry.yaml."""
    details: LocalText | None = None
    """How the measure applies to this activity."""


class Transfer(Strict):
    """A transfer of personal data outside the EU/EEA (Art. 30(1)(e), Chapter V)."""

    recipient: RecipientRef
    country: Country
    tool: OrTodo[TransferTool]
    documentation: str | None = None
    """Where the framing document is kept (an internal reference is fine): for the register."""
    copy_url: Url | None = None
    """A public page where people can read the safeguards (Art. 13(1)(f)); without it, the notice
    offers a copy on request to the rights contact."""
    adequacy_scope: str | None = None
    """For an adequacy decision that covers only part of a country: the fact that puts the recipient
    in it, e.g. ``dpf`` for a US organisation certified under the Data Privacy Framework."""
    safeguards: LocalText | None = None
    """For an Art. 49 derogation: the documented safeguards (Art. 30(1)(e))."""


class JointController(Contact):
    responsibilities: LocalText | None = None
    """What each controller is responsible for under the Art. 26 arrangement."""


class AutomatedDecisions(Strict):
    """Profiling and decisions based solely on automated processing (Art. 22)."""

    profiling: bool = False
    automated_decision: bool = False
    """A decision with legal or similarly significant effects, taken without human involvement."""
    logic: LocalText | None = None
    consequences: LocalText | None = None


class Dpia(Strict):
    status: DpiaStatus
    reference: str | None = None
    """Reference or link of the DPIA document."""
    date: datetime.date | None = None
    criteria: list[DpiaCriterion] = Field(default_factory=list)
    """WP248 criteria the DPO considers met, beyond those the tool infers."""
    justification: LocalText | None = None
    """Why no DPIA is carried out despite criteria being met (with the DPO's opinion)."""


class Prospecting(Strict):
    """Direct marketing carried out by the organisation itself."""

    channels: list[Channel] = Field(min_length=1)
    audience: list[Audience] = Field(min_length=1)
    existing_customers: bool = False
    """Consumers contacted are existing customers, about products similar to those they bought."""
    objection_at_collection: bool = False
    """People can object, free and simply, when their contact details are collected."""
    unsubscribe: LocalText | None = None
    """The opt-out offered in every message, e.g. "Lien de désinscription; STOP par SMS"."""


class Transmission(Strict):
    """Sale, rental or exchange of the file: data handed to partners for their own prospecting."""

    channels: list[Channel] = Field(min_length=1)
    """How the partners will contact the people."""
    partners: list[PartnerRef] = Field(min_length=1)
    """The partners who receive the data; they count as recipients of the activity."""
    objection_at_collection: bool = False
    """The collection form offers a box to object to the transmission (post and phone)."""


class Waiver(Strict):
    """A compliance rule knowingly set aside for this activity, with the reason."""

    rule: str
    reason: LocalText | None = None


class ActivityBase(Strict):
    """What both registers record for an activity."""

    id: Identifier
    """The fiche's id, e.g. GC-01: file names, links and references use it."""
    role: RegisterKind | None = None
    """The organisation's role in this activity when it differs from the register's kind: a controller
    can act as a processor for some activities (a SaaS platform, a public body running a service)."""
    reference: str | None = None
    """The CNIL "N° / RÉF" as the organisation writes it, when it is not the id, e.g. "1 - Exemple"."""
    name: LocalText
    owner: OrTodo[DepartmentRef]
    """Id of the department in charge (registry.yaml departments)."""
    description: LocalText
    status: Status = "in_force"
    created: datetime.date | None = None
    """When the fiche was created; by default, its file's first commit (following renames)."""
    updated: datetime.date | None = None
    """When the fiche was last reviewed; by default, its file's last commit."""
    software: list[str] = Field(default_factory=list)
    transfers: list[Transfer] = Field(default_factory=list)
    security_measures: list[Measure] = Field(default_factory=list)
    waivers: list[Waiver] = Field(default_factory=list)
    notes: LocalText | None = None
    """Anything else worth keeping about the activity, e.g. what an imported spreadsheet held that no field
    names (a comment column, a remark typed beside a table), each with the cell it came from."""

    @field_validator("updated")
    @classmethod
    def _not_before_creation(cls, updated: datetime.date, info: ValidationInfo) -> datetime.date:
        created = info.data.get("created")
        if created and updated and updated < created:
            raise ValueError(f"'updated' ({updated}) is before 'created' ({created})")
        return updated


class Activity(ActivityBase):
    """A processing activity of a controller's register (Art. 30(1))."""

    joint_controllers: list[JointController] = Field(default_factory=list)
    purposes: Purposes
    subjects_or_todo: OrTodo[Annotated[list[DataSubject], Field(min_length=1)]] = Field(alias="data_subjects")
    categories_or_todo: OrTodo[Annotated[list[DataCategoryEntry], Field(min_length=1)]] = Field(
        alias="data_categories")
    special_categories: list[SpecialCategoryEntry] = Field(default_factory=list)
    recipients: list[Recipient] = Field(default_factory=list)
    automated_decisions: AutomatedDecisions = AutomatedDecisions()
    dpia: Dpia | None = None
    prospecting: Prospecting | None = None
    transmission: Transmission | None = None

    @property
    def data_subjects(self) -> list[DataSubject]:
        """The categories of persons, none while they are ``todo``."""
        return [] if self.subjects_or_todo == TODO else self.subjects_or_todo

    @property
    def data_categories(self) -> list[DataCategoryEntry]:
        """The categories of data, none while they are ``todo``."""
        return [] if self.categories_or_todo == TODO else self.categories_or_todo

    @property
    def recipient_ids(self) -> list[str]:
        """Recipients as listed, then the partners of a transmission, each once."""
        ids = [r.ref for r in self.recipients if not r.inquiry_only]
        partners = self.transmission.partners if self.transmission else []
        return list(dict.fromkeys([*ids, *partners]))

    @property
    def inquiry_authorities(self) -> list[Recipient]:
        """Authorities that may obtain the data within a particular inquiry (Art. 4(9)): not recipients."""
        return [r for r in self.recipients if r.inquiry_only]

    @property
    def provision_required(self) -> bool:
        """Whether each data category must say if it is mandatory (Art. 13(2)(e): contract or legal obligation)."""
        return any(p.basis in ("contract", "legal_obligation") for p in self.purposes.all())

    @property
    def retained(self) -> list[tuple[str, int, DataCategoryEntry | SpecialCategoryEntry]]:
        """Every kept category (ordinary, then special) with its list name and index."""
        return [*(("data_categories", i, c) for i, c in enumerate(self.data_categories)),
                *(("special_categories", i, c) for i, c in enumerate(self.special_categories))]

    @property
    def has_sensitive_data(self) -> bool:
        return bool(self.special_categories) or any(c.category == "nir" for c in self.data_categories)


class ClientController(Contact):
    """A controller on whose behalf the processor acts (Art. 30(2)(a))."""

    representative: str | None = None
    dpo: str | None = None
    """The client's DPO contact, when known."""


class ProcessorActivity(ActivityBase):
    """A category of processing carried out on behalf of client controllers (Art. 30(2))."""

    clients: list[ClientController] = Field(min_length=1)
    processing: list[LocalText] = Field(min_length=1)
    """The categories of processing carried out for the clients, e.g. "Envoi des messages"."""
    sub_processors: list[ProcessorRef] = Field(default_factory=list)

