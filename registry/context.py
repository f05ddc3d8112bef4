"""What the register templates see: the model turned into rows of localised text.

Templates do no logic beyond loops and conditionals; every label comes from
the message catalogue, every value is already formatted for the language.
``None`` means "recommended information missing": templates show it as a
visible "À compléter" mark, never as blank space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import __version__, dpia
from .completeness import score
from .i18n import Messages
from .linter import waived
from .models import Activity, ProcessorActivity, RegistryFile
from .models.common import Address, Contact
from .phrases import active_period, retention_sentence
from .register import Register, SourcedActivity
from .rules import RULES
from .version import Version

Row = dict[str, Any]


@dataclass(frozen=True)
class BuildInfo:
    version: Version
    generated: datetime


def natural_key(text: str) -> list[int | str]:
    """Order ids as people do: GC-2 before GC-10."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)]


def anchor(activity_id: str) -> str:
    return f"activity-{activity_id}"


def register_context(register: Register, messages: Messages, info: BuildInfo) -> dict[str, Any]:
    settings = register.settings
    ordered = sorted(register.activities, key=lambda a: natural_key(a.model.id))
    fiches = [fiche(register, a, messages) for a in ordered]
    return {
        "lang": messages.language,
        "t": messages,
        "sep": messages("document.sep"),
        "semi": messages("document.semi"),
        "document": _document(register, messages, info),
        "organisation": _organisation(settings, messages),
        "fiches": fiches,
        "annexes": _annexes(register, messages) if not register.is_processor else None,
    }


def _document(register: Register, messages: Messages, info: BuildInfo) -> Row:
    version = info.version
    if version.commit is None:
        label = messages("document.not_versioned")
    else:
        label = version.commit + (f" ({messages('document.modified')})" if version.modified else "")
    processor = register.is_processor
    return {
        "title": messages("document.title_processor" if processor else "document.title"),
        "subtitle": messages("document.subtitle_processor" if processor else "document.subtitle_controller"),
        "organisation": register.settings.organisation.name,
        "version": label,
        "generated": messages.date(info.generated.date()),
        "generated_iso": info.generated.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "generator": f"registry {__version__}",
        "activity_count": messages.plural("document.activity_count", len(register.activities)),
        "processor": processor,
    }


def _address(address: Address | None, messages: Messages) -> str | None:
    if address is None:
        return None
    return f"{address.street}, {address.postcode} {address.city}, {messages.country(address.country)}"


def _contact_rows(contact: Contact, messages: Messages) -> list[tuple[str, str | None]]:
    return [
        (messages("organisation.name"), contact.name),
        (messages("organisation.address"), _address(contact.address, messages)),
        (messages("organisation.email"), contact.email),
        (messages("organisation.phone"), contact.phone),
    ]


def _organisation(settings: RegistryFile, messages: Messages) -> Row:
    org = settings.organisation
    representative = org.legal_representative
    controller = [
        (messages("organisation.name"), org.name),
        (messages("organisation.legal_form"), org.legal_form),
        (messages("organisation.registration"), org.registration),
        (messages("organisation.address"), _address(org.address, messages)),
        (messages("organisation.email"), org.email),
        (messages("organisation.phone"), org.phone),
        (messages("organisation.legal_representative"),
         f"{representative.name}, {representative.role}" if representative.role else representative.name),
    ]
    if org.website:  # optional: the CNIL template does not ask for it
        controller.insert(-1, (messages("organisation.website"), org.website))
    dpo = None
    if settings.dpo:
        dpo = _contact_rows(settings.dpo, messages)
        dpo.insert(1, (messages("organisation.dpo_company"),
                       settings.dpo.company if settings.dpo.kind == "external" else messages("organisation.dpo_internal")))
    eu = _contact_rows(settings.eu_representative, messages) if settings.eu_representative else None
    return {"controller": controller, "dpo": dpo, "eu_representative": eu}


def fiche(register: Register, sourced: SourcedActivity, messages: Messages) -> Row:
    model = sourced.model
    text = messages.text
    completeness = score(register, sourced)
    common: Row = {
        "id": model.id,
        "anchor": anchor(model.id),
        "name": text(model.name),
        "description": text(model.description),
        "status": messages.label("status", model.status),
        "created": messages.date(model.created),
        "updated": messages.date(model.updated),
        "owner": register.name_of(model.owner, messages.language),
        "software": model.software,
        "transfers": [_transfer(register, t, messages) for t in model.transfers],
        "security": [_measure(register, m.ref, m.details, messages) for m in model.security_measures],
        "waivers": [
            {"code": w.rule, "name": RULES[w.rule].name if w.rule in RULES else None, "reason": text(w.reason)}
            for w in model.waivers
        ],
        "waived": sorted(waived(sourced)),
        "completeness": completeness.percent,
        "missing": [f"{i.key} {i.label}" for i in completeness.missing],
    }
    if isinstance(model, ProcessorActivity):
        return {**common, **_processor_fiche(register, model, messages)}
    return {**common, **_controller_fiche(register, model, messages)}


def _processor_fiche(register: Register, model: ProcessorActivity, messages: Messages) -> Row:
    return {
        "processor": True,
        "clients": [
            {"name": c.name, "address": _address(c.address, messages), "email": c.email,
             "representative": c.representative, "dpo": c.dpo}
            for c in model.clients
        ],
        "processing": [messages.text(p) for p in model.processing],
        "sub_processors": [_recipient(register, ref, None, messages) for ref in model.sub_processors],
    }


def _controller_fiche(register: Register, model: Activity, messages: Messages) -> Row:
    text = messages.text
    purposes = []
    for index, purpose in enumerate(model.purposes.all()):
        details = []
        if purpose.interest:
            details.append(messages("fiche.interest", text=text(purpose.interest)))
        if purpose.balancing_test:
            details.append(messages("fiche.balancing_test", ref=purpose.balancing_test))
        if purpose.legal_reference:
            details.append(messages("fiche.legal_reference", ref=purpose.legal_reference))
        if purpose.consent:
            details.append(messages("fiche.consent_collection", text=text(purpose.consent.collection)))
            details.append(messages("fiche.consent_withdrawal", text=text(purpose.consent.withdrawal)))
            if purpose.consent.proof:
                details.append(messages("fiche.consent_proof", text=text(purpose.consent.proof)))
        purposes.append({
            "kind": messages("fiche.main_purpose") if index == 0 else messages("fiche.sub_purpose", n=index),
            "label": text(purpose.label),
            "basis": messages.label("basis", purpose.basis),
            "details": details,
        })
    screening = dpia.screen(model)
    return {
        "processor": False,
        "main_purpose": text(model.purposes.main.label),
        "bases": messages.join(list(dict.fromkeys(messages.label("basis", p.basis) for p in model.purposes.all()))),
        "sensitive": model.has_sensitive_data,
        "joint_controllers": [
            {"name": j.name, "address": _address(j.address, messages), "email": j.email, "phone": j.phone,
             "responsibilities": text(j.responsibilities)}
            for j in model.joint_controllers
        ],
        "purposes": purposes,
        "data": [
            {
                "category": messages.label("data_category", c.category),
                "description": text(c.description),
                "mandatory": _mandatory(c.mandatory, model.provision_required, messages),
                "if_not_provided": text(c.if_not_provided),
                "source": _source(c.source, messages),
                "retention": retention_sentence(c.retention, messages) if c.retention else None,
                "reason": text(c.reason),
            }
            for c in model.data_categories
        ],
        "special": [
            {
                "category": messages.label("special_category", s.category),
                "description": text(s.description),
                "exception": messages.label("exception", s.exception) if s.exception else None,
                "retention": retention_sentence(s.retention, messages) if s.retention else None,
            }
            for s in model.special_categories
        ],
        "subjects": [
            {"category": messages.label("subject", s.category), "details": text(s.details)} for s in model.data_subjects
        ],
        "recipients": [
            _recipient(register, ref, next((r.details for r in model.recipients if r.ref == ref), None), messages)
            for ref in model.recipient_ids
        ],
        "automated": _automated(model, messages),
        "dpia": _dpia(model, screening, messages),
        "prospecting": _prospecting(model, messages),
        "transmission": {
            "channels": messages.labels("channel", model.transmission.channels),
            "partners": [register.entry(p).name for p in model.transmission.partners],
            "objection_at_collection": messages("document.yes" if model.transmission.objection_at_collection
                                                else "document.no"),
        } if model.transmission else None,
    }


def _mandatory(mandatory: bool | None, required: bool, messages: Messages) -> str | None:
    """Yes/No; unknown is a gap (None) only where the law requires saying it."""
    if mandatory is None:
        return None if required else messages("document.not_applicable")
    return messages("document.yes" if mandatory else "document.no")


def _source(source: Any, messages: Messages) -> str:
    if source is None:
        return messages("fiche.from_data_subject")
    label = messages.label("source", source.kind)
    details = messages.text(source.details)
    return messages("fiche.source_details", label=label, details=details) if details else label


def _recipient(register: Register, ref: str, details: Any, messages: Messages) -> Row:
    entry = register.entry(ref)
    name = register.name_of(ref, messages.language)
    own = messages.text(details) or (messages.text(entry.service) if hasattr(entry, "service") else None)
    country = getattr(entry, "country", None)
    return {
        "id": ref,
        "kind": messages.label("recipient_kind", register.recipient_kind(ref)),
        "name": name,
        "details": own,
        "country": messages.country(country) if country else messages.country(
            register.settings.organisation.address.country),
        "contract": getattr(entry, "contract", None),
    }


def _transfer(register: Register, transfer: Any, messages: Messages) -> Row:
    return {
        "recipient": register.name_of(transfer.recipient, messages.language),
        "country": messages.country(transfer.country),
        "tool": messages.label("transfer_tool", transfer.tool),
        "documentation": transfer.documentation,
        "safeguards": messages.text(transfer.safeguards),
    }


def _measure(register: Register, ref: str, details: Any, messages: Messages) -> Row:
    entry = register.entry(ref)
    return {
        "id": ref,
        "kind": messages.label("security", entry.category),
        "details": messages.text(details) or messages.text(entry.details),
    }


def _automated(model: Activity, messages: Messages) -> Row | None:
    automated = model.automated_decisions
    if not (automated.profiling or automated.automated_decision):
        return None
    return {
        "profiling": messages("document.yes" if automated.profiling else "document.no"),
        "decision": messages("document.yes" if automated.automated_decision else "document.no"),
        "logic": messages.text(automated.logic),
        "consequences": messages.text(automated.consequences),
    }


def _dpia(model: Activity, screening: dpia.Screening, messages: Messages) -> Row:
    record = model.dpia
    criteria = [messages.label("dpia_criterion", c) for c in screening.criteria]
    return {
        "status": messages.label("dpia_status", record.status) if record else None,
        "reference": record.reference if record else None,
        "date": messages.date(record.date) if record and record.date else None,
        "justification": messages.text(record.justification) if record else None,
        "verdict": messages.label("dpia_verdict", screening.verdict),
        "criteria": messages("fiche.dpia_criteria", criteria=messages.join(criteria)) if criteria
        else messages("fiche.dpia_no_criteria"),
        "cnil_items": messages("fiche.dpia_cnil_items", items=messages.join([str(n) for n in screening.cnil_items]))
        if screening.cnil_items else None,
    }


def _prospecting(model: Activity, messages: Messages) -> Row | None:
    prospecting = model.prospecting
    if prospecting is None:
        return None
    yes_no = {True: messages("document.yes"), False: messages("document.no")}
    return {
        "channels": messages.labels("channel", prospecting.channels),
        "audience": messages.labels("audience", prospecting.audience),
        "existing_customers": yes_no[prospecting.existing_customers],
        "objection_at_collection": yes_no[prospecting.objection_at_collection],
        "unsubscribe": messages.text(prospecting.unsubscribe),
    }


def _annexes(register: Register, messages: Messages) -> Row:
    retention_rows = []
    transfers = []
    recipients: dict[str, Row] = {}
    measure_ids = [m.id for m in register.settings.security_measures]
    matrix = []
    for sourced in sorted(register.activities, key=lambda a: natural_key(a.model.id)):
        model = sourced.model
        assert isinstance(model, Activity)
        name = f"{model.id} {messages.text(model.name)}"
        for key, _, entry in model.retained:
            retention = entry.retention
            label = messages.label("data_category" if key == "data_categories" else "special_category",
                                   entry.category)
            retention_rows.append({
                "activity": name,
                "anchor": anchor(model.id),
                "category": label,
                "description": messages.text(entry.description),
                "active": active_period(retention, messages) if retention else None,
                "archive": (messages.duration(retention.archive.duration) if retention and retention.archive
                            else messages("document.none")),
                "end": messages(f"retention.end_only.{retention.end}") if retention else None,
            })
        for ref in model.recipient_ids:
            row = recipients.setdefault(ref, {**_recipient(register, ref, None, messages), "activities": []})
            row["activities"].append({"name": name, "anchor": anchor(model.id)})
        for transfer in model.transfers:
            transfers.append({"activity": name, "anchor": anchor(model.id), **_transfer(register, transfer, messages)})
        used = {m.ref for m in model.security_measures}
        matrix.append({"activity": name, "anchor": anchor(model.id), "cells": [m in used for m in measure_ids]})
    measures = [_measure(register, m, None, messages) for m in measure_ids]
    return {
        "retention": retention_rows,
        "recipients": sorted(recipients.values(), key=lambda r: (r["kind"], r["name"])),
        "transfers": transfers,
        "measures": measures,
        "matrix": matrix,
    }
