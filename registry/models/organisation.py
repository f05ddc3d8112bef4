"""``registry.yaml``: the organisation, its shared catalogues and the register's settings."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from .common import Address, Contact, Country, Email, Identifier, IsoDuration, LocalText, OrTodo, Strict, Url
from .duration import Duration
from .vocabulary import Channel, DpoKind, Language, RegisterKind, SecurityCategory, ThirdPartyKind


class LegalRepresentative(Strict):
    name: str
    role: str | None = None
    """e.g. "Président", "Gérante"."""


class Controller(Strict):
    """The organisation keeping the register (Art. 30(1)(a))."""

    name: str
    legal_form: str | None = None
    """e.g. SAS, SARL, association."""
    registration: str | None = None
    """Registration number, e.g. "RCS Lyon 812 345 678" or a SIREN."""
    address: OrTodo[Address]
    email: OrTodo[Email]
    phone: str | None = None
    website: Url | None = None
    legal_representative: OrTodo[LegalRepresentative]
    headcount: int | None = Field(default=None, ge=0)
    """Number of employees: under 250, HR management needs no DPIA (CNIL Délib. 2019-118)."""
    public_authority: bool = False
    """A public authority may not rely on legitimate interests for its public tasks (Art. 6(1), last subparagraph)."""

    @property
    def country(self) -> str | None:
        """Where the organisation is established; unknown (None) while the address is ``todo``."""
        return self.address.country if isinstance(self.address, Address) else None


class Dpo(Contact):
    """The data protection officer, an employee (internal) or a service provider (external)."""

    kind: DpoKind
    company: str | None = None
    """The DPO's company, when external."""

    @model_validator(mode="after")
    def _company_for_external(self) -> Dpo:
        if self.kind == "external" and not self.company:
            raise ValueError("an external DPO needs the 'company' that provides the service")
        return self


class RegisterSettings(Strict):
    kind: RegisterKind = "controller"
    """A controller's register (Art. 30(1)) or a processor's register (Art. 30(2))."""
    language: Language = "fr"
    """Default language of the generated documents."""


class Publication(Strict):
    """Where the notices send people: pages that the organisation publishes."""

    privacy_policy: Url | None = None
    """The full privacy policy page, linked from the short notices."""
    partner_list: Url | None = None
    """The up-to-date list of partners who receive data, linked from collection forms."""
    rights_contact: str | None = None
    """Email or postal address for exercising rights, when it is not the DPO's."""


class Department(Strict):
    id: Identifier
    name: LocalText


class Processor(Strict):
    """A processor (Art. 28) acting on the organisation's behalf."""

    id: Identifier
    name: str
    service: OrTodo[LocalText]
    """What it does for the organisation, e.g. "Hébergement du CRM"."""
    country: OrTodo[Country] | None = None
    """Where it processes the data; never assumed: omitted, the register says "Non précisé" and TR006 warns."""
    contract: str | None = None
    """Reference of the Art. 28 data processing agreement."""
    address: Address | None = None


class Partner(Strict):
    """A commercial partner to which customer or prospect data are transmitted."""

    id: Identifier
    name: str
    activity: LocalText
    """What the partner does with the data, as the partner list tells the public."""
    country: OrTodo[Country] | None = None
    """Where the partner processes the data; never assumed: omitted, the register says "Non précisé" and TR006
    warns."""
    channels: list[Channel] = Field(default_factory=list)
    """How the partner prospects the people whose data it receives."""
    privacy_policy: Url | None = None
    since: date | None = None


class ThirdParty(Strict):
    """A recipient that is neither a department, a processor nor a partner."""

    id: Identifier
    name: LocalText
    kind: ThirdPartyKind
    country: OrTodo[Country] | None = None
    """Where the recipient is; never assumed: omitted, the register says "Non précisé" and TR006 warns."""
    online: bool = False
    """The recipient is the public, reading data published on the internet (reviews, a directory): from
    anywhere, so the register says "Publication en ligne" instead of a country."""


class SecurityMeasure(Strict):
    id: Identifier
    category: SecurityCategory
    details: LocalText | None = None
    """How the measure is carried out; the CNIL template accepts a measure named without details."""


class Checks(Strict):
    """How ``registry check`` runs for this register."""

    select: list[str] = Field(default_factory=list)
    """Only these rules (codes or code prefixes such as PR); all when empty."""
    ignore: list[str] = Field(default_factory=list)
    """Rules (codes or prefixes) never run."""
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
    """A different severity for some rules, e.g. {RT003: error}."""
    review_interval: IsoDuration = Duration(months=12)
    """How long an activity may go without review (its 'updated' date) before FR001 warns."""


class RegistryFile(Strict):
    """The contents of ``registry.yaml``."""

    organisation: Controller
    dpo: Dpo | None = None
    eu_representative: Contact | None = None
    """Art. 27 representative, for an organisation established outside the EU."""
    settings: RegisterSettings = Field(default=RegisterSettings(), alias="register")
    publication: Publication = Publication()
    departments: list[Department] = Field(default_factory=list)
    processors: list[Processor] = Field(default_factory=list)
    partners: list[Partner] = Field(default_factory=list)
    recipients: list[ThirdParty] = Field(default_factory=list)
    security_measures: list[SecurityMeasure] = Field(default_factory=list)
    checks: Checks = Checks()
