"""Closed vocabularies of the register, as the CNIL template and the GDPR name them.

Each is a ``Literal`` so that pydantic rejects anything else, the JSON Schema
offers the values to editors, and the message catalogues can be checked for a
label per value (see ``tests/test_i18n.py``).
"""

from __future__ import annotations

from typing import Final, Literal, TypeVar, cast, get_args

ToComplete = Literal["todo"]
"""A fact the DPO knows is missing, written ``todo`` where the value belongs: the register stays valid,
the documents show "À compléter" there and ``registry check`` reports it (rule A30005)."""
TODO: Final = "todo"

T = TypeVar("T")


def given(value: T | ToComplete | None) -> T | None:
    """The fact, or None when it is absent or still ``todo``: what a sentence can be built from."""
    return None if value == TODO else cast("T | None", value)

Language = Literal["fr", "en"]
RegisterKind = Literal["controller", "processor"]
DpoKind = Literal["internal", "external"]
Status = Literal["draft", "in_force", "retired"]

LegalBasis = Literal[
    "consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests"
]
"""Art. 6(1)(a)–(f) GDPR."""

SubjectCategory = Literal[
    "employees", "customers", "prospects", "suppliers", "service_providers", "candidates", "other"
]
"""The CNIL template's "Catégories de personnes"."""

DataCategory = Literal[
    "identity", "personal_life", "professional_life", "economic_financial",
    "connection", "location", "internet", "nir", "other",
]
"""The CNIL template's categories of personal data (NIR is the French social security number)."""

SpecialCategory = Literal[
    "racial_ethnic_origin", "political_opinions", "religious_beliefs", "trade_union_membership",
    "genetic", "biometric", "health", "sex_life", "criminal_convictions",
]
"""The nine rows of the CNIL template: Art. 9(1) data, and Art. 10 criminal data last."""

SpecialCategoryException = Literal[
    "explicit_consent", "employment_social_security", "vital_interests", "not_for_profit_members",
    "made_public", "legal_claims", "substantial_public_interest", "health_social_care",
    "public_health", "archiving_research_statistics", "authorised_by_law",
]
"""Art. 9(2)(a)–(j) exceptions; ``authorised_by_law`` is the Art. 10 condition for criminal data."""

ThirdPartyKind = Literal["public_authority", "institutional_partner", "international_organisation", "other"]
"""The CNIL template's recipient types beyond departments, processors and commercial partners."""

TransferTool = Literal[
    "adequacy", "scc", "bcr", "code_of_conduct", "certification", "art49_derogation"
]
"""Chapter V GDPR: Art. 45 adequacy, Art. 46 tools, Art. 49 derogations."""

SecurityCategory = Literal[
    "access_control", "traceability", "software_protection", "backup",
    "encryption", "processor_control", "physical_security", "other",
]
"""The CNIL template's "Mesures de sécurité" list, plus physical security."""

PurposeKind = Literal[
    "contract_management", "after_sales", "accounting", "unpaid_debts", "satisfaction_survey",
    "loyalty_programme", "newsletter", "prospecting_post", "prospecting_phone", "prospecting_electronic",
    "statistics", "file_transmission", "reviews", "payroll", "hr_management", "recruitment", "training",
    "supplier_management", "it_security_logs", "website_audience", "ecommerce_accounts", "video_surveillance",
    "vehicle_geolocation", "access_control", "whistleblowing", "legal_claims", "rights_requests",
]
"""What a purpose is. What each kind admits, keeps and needs, with the CNIL text it comes from, is the table
``registry/data/referentiels.yaml`` (read by ``registry.law.referentiels``)."""

Channel = Literal["email", "sms", "phone", "automated_calls", "post"]
ELECTRONIC_CHANNELS: frozenset[str] = frozenset({"email", "sms", "automated_calls"})
"""Channels for which French law (CPCE L.34-5) requires prior consent of individuals."""

Audience = Literal["consumers", "professionals"]

MarketingAudience = Literal["consumers", "customers", "professionals"]
"""Whom a marketing purpose addresses: consumers (prior consent for electronic channels), the
organisation's customers about similar products (the soft opt-in) or professionals at work (B2B)."""

SourceKind = Literal["data_subject", "third_party", "partner", "publicly_available", "other_activity"]

RetentionStart = Literal[
    "collection", "last_contact", "end_of_contract", "end_of_relationship",
    "transaction", "last_activity", "objection", "publication",
]
"""The event a retention period is counted from."""

RetentionUntil = Literal["consent_withdrawal", "objection", "account_deletion", "end_of_contract"]
"""An event that ends retention early (or alone, when no duration is given)."""

ProvisionRequirement = Literal["statutory", "contractual", "contract_condition"]
"""Art. 13(2)(e): why data must be given: the law, the contract, or to enter into the contract."""

EndAction = Literal["delete", "anonymise", "pseudonymise"]
"""Pseudonymised data are still personal data: ``registry check`` flags that end action."""

DpiaStatus = Literal["not_required", "required", "in_progress", "done"]

DpiaCriterion = Literal[
    "evaluation_scoring", "automated_decision_legal_effect", "systematic_monitoring",
    "sensitive_or_highly_personal", "large_scale", "matching_combining",
    "vulnerable_subjects", "innovative_technology", "prevents_right_service_contract",
]
"""The nine WP248 criteria; two or more mean a DPIA is in principle required."""


def values(vocabulary: object) -> tuple[str, ...]:
    """The allowed values of a vocabulary, in declaration order."""
    return get_args(vocabulary)
