"""The cover and the organisation sheet: who keeps the register, which version, when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..i18n import Messages
from ..loading.register import Register
from ..loading.version import Version
from ..models.common import Address, Contact
from ..models.vocabulary import TODO, given
from ..release import __version__
from .gaps import Gaps


@dataclass(frozen=True)
class BuildInfo:
    version: Version
    generated: datetime
    at: str | None = None
    """For a register built as it stood at a past revision: the sentence the cover shows."""


@dataclass(frozen=True)
class DocumentView:
    title: str
    subtitle: str
    organisation: str
    version: str
    generated: str
    generated_iso: str
    generator: str
    activity_count: str
    processor: bool
    at: str | None


@dataclass(frozen=True)
class PostalView:
    """A postal address in its parts, the country named in the document's language: the parts for the CNIL
    template's cells, :attr:`text` for every document."""

    street: str
    postcode: str
    city: str
    country: str
    country_code: str

    @property
    def text(self) -> str:
        return f"{self.street}, {self.postcode} {self.city}, {self.country}"


@dataclass(frozen=True)
class ControllerView:
    """Art. 30(1)(a): the controller, as the CNIL template's first block."""

    name: str
    legal_form: str | None
    registration: str | None
    address: str | None
    email: str | None
    phone: str | None
    website: str | None
    legal_representative: str | None
    postal: PostalView | None
    representative_name: str | None
    """The legal representative's name alone (without the role), for the template's name cells."""


@dataclass(frozen=True)
class ContactView:
    name: str
    address: str | None
    email: str | None
    phone: str | None
    company: str | None = None
    """For the DPO: the company providing an external DPO, or "internal"."""
    postal: PostalView | None = None
    external_company: str | None = None
    """For an external DPO: the company providing it (None for an internal DPO)."""


@dataclass(frozen=True)
class OrganisationView:
    controller: ControllerView
    dpo: ContactView | None
    eu_representative: ContactView | None


def version_label(version: Version, messages: Messages) -> str:
    """The version as every document prints it: the commit, and whether files changed since."""
    if version.commit is None:
        return messages("document.not_versioned")
    return version.commit + (f" ({messages('document.modified')})" if version.modified else "")


def document_view(register: Register, messages: Messages, info: BuildInfo) -> DocumentView:
    label = version_label(info.version, messages)
    processor = register.is_processor
    return DocumentView(
        title=messages("document.title_processor" if processor else "document.title"),
        subtitle=messages("document.subtitle_processor" if processor else "document.subtitle_controller"),
        organisation=messages.fact(register.settings.organisation.name) or "",
        version=label,
        generated=messages.date(info.generated.date()) or "",
        generated_iso=info.generated.strftime("%Y-%m-%dT%H:%M:%SZ"),
        generator=f"registry {__version__}",
        activity_count=messages.plural("document.activity_count", len(register.activities)),
        processor=processor,
        at=info.at,
    )


def postal_view(address: Address, messages: Messages) -> PostalView:
    """An address in parts, each part still ``todo`` read "À compléter"."""
    street, postcode, city = (messages.fact(part) or "" for part in (address.street, address.postcode, address.city))
    return PostalView(street, postcode, city, messages.country(address.country), address.country)


def address_text(address: Address, messages: Messages) -> str:
    return postal_view(address, messages).text


def organisation_view(register: Register, messages: Messages, gaps: Gaps) -> OrganisationView:
    settings = register.settings
    org = settings.organisation
    representative = org.legal_representative

    def gap(value: str | None, *loc: str | int, what: str) -> str | None:
        return gaps.either(value, None, loc, what)

    fact = messages.fact
    controller = ControllerView(
        name=fact(org.name) or "",
        legal_form=gap(fact(org.legal_form), "organisation", "legal_form", what="the controller's legal form"),
        registration=gap(fact(org.registration), "organisation", "registration", what="the registration number"),
        address=gap(address_text(org.address, messages) if org.address != TODO else None,
                    "organisation", "address", what="the controller's address"),
        email=gap(given(org.email), "organisation", "email", what="the controller's email address"),
        phone=gap(fact(org.phone), "organisation", "phone", what="the controller's phone number"),
        website=org.website,
        legal_representative=gap(
            None if representative == TODO else f"{fact(representative.name)}, {fact(representative.role)}"
            if representative.role else fact(representative.name),
            "organisation", "legal_representative", what="the controller's legal representative"),
        postal=postal_view(org.address, messages) if org.address != TODO else None,
        representative_name=None if representative == TODO else fact(representative.name),
    )
    dpo = None
    if settings.dpo:
        external = messages.fact(settings.dpo.company) if settings.dpo.kind == "external" else None
        company = external or messages("organisation.dpo_internal")
        dpo = _contact(settings.dpo, "dpo", "the DPO's", messages, gaps, company, external)
    eu = (_contact(settings.eu_representative, "eu_representative", "the EU representative's", messages, gaps)
          if settings.eu_representative else None)
    return OrganisationView(controller, dpo, eu)


def _contact(contact: Contact, key: str, whose: str, messages: Messages, gaps: Gaps,
             company: str | None = None, external_company: str | None = None) -> ContactView:
    postal = postal_view(contact.address, messages) if contact.address else None
    return ContactView(
        name=messages.fact(contact.name) or "",
        address=gaps.either(postal.text if postal else None, None, (key, "address"), f"{whose} address"),
        email=gaps.either(contact.email, None, (key, "email"), f"{whose} email address"),
        phone=gaps.either(messages.fact(contact.phone), None, (key, "phone"), f"{whose} phone number"),
        company=company,
        postal=postal,
        external_company=external_company,
    )
