"""The register in the W3C Data Privacy Vocabulary, as JSON-LD (DPV 2.x terms).

Each activity is a ``dpv:Process`` of the controller with its purposes,
legal bases, data subjects, personal data, recipients, storage conditions,
measures and transfers. The context is written inline: reading the file
never fetches anything.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..i18n import Messages
from ..law.retention_wording import retention_sentence
from ..loading.register import Register, SourcedActivity
from ..models import Activity
from ..models.activity import Retention
from ..models.common import country_names
from ..models.vocabulary import TODO, given

MAPPING = Path(__file__).resolve().parent.parent / "data" / "dpv.yaml"
CONTEXT = {
    "dpv": "https://w3id.org/dpv#",
    "pd": "https://w3id.org/dpv/pd#",
    "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
    "loc": "https://w3id.org/dpv/loc#",
    "dct": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "reg": "https://w3id.org/registry-rgpd/terms#",
}


@lru_cache(maxsize=1)
def terms() -> dict[str, dict[str, str]]:
    return yaml.safe_load(MAPPING.read_text(encoding="utf-8"))


def _ref(term: str) -> dict[str, str]:
    return {"@id": term}


class Graph:
    def __init__(self, register: Register, messages: Messages) -> None:
        self.register = register
        self.t = messages
        self.base = "urn:registry:" + _slug(register.settings.organisation.name)

    def text(self, value: Any) -> dict[str, str] | None:
        text = given(value)
        if text is None:
            return None
        return {"@value": text.get(self.t.language, self.register.settings.settings.language),
                "@language": self.t.language}

    def node(self, kind: str, *parts: str | int) -> str:
        return "/".join([self.base, kind, *map(str, parts)])

    def nodes(self) -> list[dict[str, Any]]:
        settings = self.register.settings
        org = settings.organisation
        controller: dict[str, Any] = {
            "@id": self.node("controller"), "@type": ["dpv:DataController", "dpv:LegalEntity"],
            "dpv:hasName": org.name, **({"dpv:hasLocation": _ref(f"loc:{org.country}")} if org.country else {}),
        }
        if org.email != TODO:
            controller["dpv:hasContact"] = org.email
        if org.address != TODO:
            controller["dpv:hasAddress"] = f"{org.address.street}, {org.address.postcode} {org.address.city}"
        graph = [controller]
        if settings.dpo:
            dpo = {"@id": self.node("dpo"), "@type": "dpv:DataProtectionOfficer", "dpv:hasName": settings.dpo.name,
                   "dpv:hasEntity": _ref(self.node("controller"))}
            if settings.dpo.email:
                dpo["dpv:hasContact"] = settings.dpo.email
            controller["dpv:hasRepresentative"] = _ref(self.node("dpo"))
            graph.append(dpo)
        for custom, broader in terms()["custom_subject_broader"].items():
            graph.append({"@id": custom, "@type": "dpv:DataSubject", "skos:broader": _ref(broader)})
        graph += [self.recipient(ref) for ref in self._recipients()]
        graph += [self.activity(sourced) for sourced in self.register.ordered if isinstance(sourced.model, Activity)]
        return graph

    def _recipients(self) -> list[str]:
        refs: dict[str, None] = {}
        for sourced in self.register.controller_activities:
            refs.update(dict.fromkeys(sourced.model.recipient_ids))
            refs.update(dict.fromkeys(t.recipient for t in sourced.model.transfers))
        return list(refs)

    def recipient(self, ref: str) -> dict[str, Any]:
        kind = terms()["recipient"][self.register.recipient_kind(ref)]
        country = self.register.country_of(ref)
        return {"@id": self.node("recipient", ref), "@type": kind,
                "dpv:hasName": self.t.name_of(self.register, ref),
                **({"dpv:hasLocation": _ref(f"loc:{country}")} if country in country_names() else {})}

    def activity(self, sourced: SourcedActivity) -> dict[str, Any]:
        model = sourced.model
        assert isinstance(model, Activity)
        mapping = terms()
        created, updated = self.register.dates_of(sourced)
        node: dict[str, Any] = {
            "@id": self.node("activity", model.id), "@type": "dpv:Process",
            "dct:identifier": model.reference or model.id, "dct:title": self.text(model.name),
            "dct:description": self.text(model.description),
            "dpv:hasDataController": _ref(self.node("controller")),
            "dpv:hasPurpose": [self.purpose(model.id, i, p) for i, p in enumerate(model.purposes.all())],
            "dpv:hasLegalBasis": [_ref(mapping["basis"][b]) for b in
                                  dict.fromkeys(p.basis for p in model.purposes.all()) if b != TODO],
            "dpv:hasDataSubject": [_ref(mapping["subject"][s.category]) for s in model.data_subjects],
            "dpv:hasPersonalData": [_ref(mapping["data_category"][c.category]) for c in model.data_categories]
            + [_ref(mapping["special_category"][c.category]) for c in model.special_categories],
            "dpv:hasStorageCondition": [s for s in (self.storage(e.retention) for _, _, e in model.retained) if s],
            "dpv:hasTechnicalOrganisationalMeasure": [
                _ref(mapping["security"][self.register.measure(m.ref).category]) for m in model.security_measures],
        }
        recipients = [_ref(self.node("recipient", ref)) for ref in model.recipient_ids]
        processors = [r for ref, r in zip(model.recipient_ids, recipients)
                      if self.register.recipient_kind(ref) == "processors"]
        node["dpv:hasRecipient"] = recipients
        if processors:
            node["dpv:hasDataProcessor"] = processors
        if model.transfers:
            node["dpv:hasThirdCountry"] = [_ref(f"loc:{c}") for c in dict.fromkeys(t.country for t in model.transfers)]
            node["dpv:hasProcess"] = [self.transfer(model.id, i, t) for i, t in enumerate(model.transfers)]
        if created:
            node["dct:created"] = {"@value": created.isoformat(), "@type": "xsd:date"}
        if updated:
            node["dct:modified"] = {"@value": updated.isoformat(), "@type": "xsd:date"}
        return {key: value for key, value in node.items() if value not in (None, [])}

    def purpose(self, activity: str, index: int, purpose: Any) -> dict[str, Any]:
        node = {"@id": self.node("activity", activity, "purpose", index), "@type": "dpv:Purpose",
                "dct:description": self.text(purpose.label)}
        if purpose.kind:
            node["skos:broader"] = _ref(terms()["purpose_kind"][purpose.kind])
        return node

    def storage(self, retention: Any) -> dict[str, Any] | None:
        kept = given(retention)
        if not isinstance(kept, Retention):
            return None
        node: dict[str, Any] = {"@type": "dpv:StorageDuration",
                                "dct:description": {"@value": retention_sentence(kept, self.t),
                                                    "@language": self.t.language}}
        if kept.duration:
            node["dpv:hasDuration"] = {"@type": "dpv:TemporalDuration",
                                       "rdf:value": {"@value": str(kept.duration), "@type": "xsd:duration"}}
        elif kept.until:
            node["dpv:hasDuration"] = {"@type": "dpv:UntilEventDuration"}
        return node

    def transfer(self, activity: str, index: int, transfer: Any) -> dict[str, Any]:
        node: dict[str, Any] = {"@id": self.node("activity", activity, "transfer", index), "@type": "dpv:Transfer",
                                "dpv:hasRecipient": _ref(self.node("recipient", transfer.recipient)),
                                "dpv:hasThirdCountry": _ref(f"loc:{transfer.country}")}
        if transfer.tool != TODO:
            node["dpv:hasLegalBasis"] = _ref(terms()["transfer_tool"][transfer.tool])
        return node


def _slug(text: str) -> str:
    from ..cnil.labels import normalise

    return "-".join(normalise(text).split())


def jsonld_document(register: Register, messages: Messages, day: date) -> bytes:
    document = {"@context": CONTEXT, "@graph": Graph(register, messages).nodes()}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
