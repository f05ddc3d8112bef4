"""The register in the W3C Data Privacy Vocabulary, as JSON-LD (DPV 2.x terms).

Each activity is a ``dpv:Process`` of the controller with its purposes,
legal bases, data subjects, personal data, recipients, storage conditions,
measures and transfers. Terms are chosen by the vocabulary values the views
carry; every text (titles, descriptions, names, retention sentences, the
address) is the views', as the register document writes it. The context is
written inline: reading the file never fetches anything.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..i18n import Messages
from ..loading.register import Register
from ..views.fiche import DataView, PurposeView, RecipientView, SpecialDataView, TransferView
from .views import ControllerFiche, ExportView, export_view

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
    def __init__(self, view: ExportView) -> None:
        self.view = view
        self.base = "urn:registry:" + _slug(view.organisation.controller.name)

    def text(self, text: str | None) -> dict[str, str] | None:
        return {"@value": text, "@language": self.view.t.language} if text else None

    def node(self, kind: str, *parts: str | int) -> str:
        return "/".join([self.base, kind, *map(str, parts)])

    def nodes(self) -> list[dict[str, Any]]:
        organisation = self.view.organisation
        own = organisation.controller
        controller: dict[str, Any] = {
            "@id": self.node("controller"), "@type": ["dpv:DataController", "dpv:LegalEntity"], "dpv:hasName": own.name,
        }
        if own.postal:
            controller["dpv:hasLocation"] = _ref(f"loc:{own.postal.country_code}")
            controller["dpv:hasAddress"] = own.postal.text
        if own.email:
            controller["dpv:hasContact"] = own.email
        graph = [controller]
        if dpo := organisation.dpo:
            node = {"@id": self.node("dpo"), "@type": "dpv:DataProtectionOfficer", "dpv:hasName": dpo.name,
                    "dpv:hasEntity": _ref(self.node("controller"))}
            if dpo.email:
                node["dpv:hasContact"] = dpo.email
            controller["dpv:hasRepresentative"] = _ref(self.node("dpo"))
            graph.append(node)
        for custom, broader in terms()["custom_subject_broader"].items():
            graph.append({"@id": custom, "@type": "dpv:DataSubject", "skos:broader": _ref(broader)})
        graph += [self.recipient(recipient) for recipient in self.view.recipients.values()]
        graph += [self.activity(controller_fiche) for controller_fiche in self.view.controller]
        return graph

    def recipient(self, recipient: RecipientView) -> dict[str, Any]:
        located = {"dpv:hasLocation": _ref(f"loc:{recipient.country_code}")} if recipient.country_code else {}
        return {"@id": self.node("recipient", recipient.id), "@type": terms()["recipient"][recipient.kind_key],
                "dpv:hasName": recipient.name, **located}

    def activity(self, controller: ControllerFiche) -> dict[str, Any]:
        fiche, part = controller.fiche, controller.part
        mapping = terms()
        kept: list[DataView | SpecialDataView] = [*part.data, *part.special]
        storage = [self.storage(entry) for entry in kept]
        node: dict[str, Any] = {
            "@id": self.node("activity", fiche.id), "@type": "dpv:Process",
            "dct:identifier": fiche.reference, "dct:title": self.text(fiche.name),
            "dct:description": self.text(fiche.description),
            "dpv:hasDataController": _ref(self.node("controller")),
            "dpv:hasPurpose": [self.purpose(fiche.id, i, p) for i, p in enumerate(part.purposes)],
            "dpv:hasLegalBasis": [_ref(mapping["basis"][b]) for b in
                                  dict.fromkeys(p.basis_key for p in part.purposes) if b is not None],
            "dpv:hasDataSubject": [_ref(mapping["subject"][s.key]) for s in part.subjects],
            "dpv:hasPersonalData": [_ref(mapping["data_category"][c.key]) for c in part.data]
            + [_ref(mapping["special_category"][c.key]) for c in part.special],
            "dpv:hasStorageCondition": [s for s in storage if s],
            "dpv:hasTechnicalOrganisationalMeasure": [_ref(mapping["security"][m.category]) for m in fiche.security],
        }
        recipients = [_ref(self.node("recipient", r.id)) for r in part.recipients]
        processors = [node for r, node in zip(part.recipients, recipients) if r.kind_key == "processors"]
        node["dpv:hasRecipient"] = recipients
        if processors:
            node["dpv:hasDataProcessor"] = processors
        if fiche.transfers:
            node["dpv:hasThirdCountry"] = [_ref(f"loc:{c}") for c in dict.fromkeys(t.country_code for t in fiche.transfers)]
            node["dpv:hasProcess"] = [self.transfer(fiche.id, i, t) for i, t in enumerate(fiche.transfers)]
        if fiche.created_on:
            node["dct:created"] = {"@value": fiche.created_on.isoformat(), "@type": "xsd:date"}
        if fiche.updated_on:
            node["dct:modified"] = {"@value": fiche.updated_on.isoformat(), "@type": "xsd:date"}
        return {key: value for key, value in node.items() if value not in (None, [])}

    def purpose(self, activity: str, index: int, purpose: PurposeView) -> dict[str, Any]:
        node = {"@id": self.node("activity", activity, "purpose", index), "@type": "dpv:Purpose",
                "dct:description": self.text(purpose.label)}
        if purpose.kind_key:
            node["skos:broader"] = _ref(terms()["purpose_kind"][purpose.kind_key])
        return node

    def storage(self, entry: DataView | SpecialDataView) -> dict[str, Any] | None:
        kept = entry.kept
        if kept is None:
            return None
        node: dict[str, Any] = {"@type": "dpv:StorageDuration", "dct:description": self.text(entry.retention)}
        if kept.duration:
            node["dpv:hasDuration"] = {"@type": "dpv:TemporalDuration",
                                       "rdf:value": {"@value": str(kept.duration), "@type": "xsd:duration"}}
        elif kept.until:
            node["dpv:hasDuration"] = {"@type": "dpv:UntilEventDuration"}
        return node

    def transfer(self, activity: str, index: int, transfer: TransferView) -> dict[str, Any]:
        node: dict[str, Any] = {"@id": self.node("activity", activity, "transfer", index), "@type": "dpv:Transfer",
                                "dpv:hasRecipient": _ref(self.node("recipient", transfer.recipient_id)),
                                "dpv:hasThirdCountry": _ref(f"loc:{transfer.country_code}")}
        if transfer.tool_key:
            node["dpv:hasLegalBasis"] = _ref(terms()["transfer_tool"][transfer.tool_key])
        return node


def _slug(text: str) -> str:
    from ..cnil.labels import normalise

    return "-".join(normalise(text).split())


def jsonld_document(register: Register, messages: Messages, day: date) -> bytes:
    document = {"@context": CONTEXT, "@graph": Graph(export_view(register, messages)).nodes()}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
