"""The whole register as one normalised JSON document, with a schema version and a JSON Schema.

Normalised: every default written out, absent facts left out, dates resolved
as the register document resolves them (from git where the YAML gives none), activities in the register's order and
keys in the model's order, so two exports of the same register are the same
bytes and a diff between two is a diff of facts.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from ..i18n import Messages
from ..loading.register import Register
from ..models import Activity, ProcessorActivity, RegistryFile
from ..release import __version__
from .views import ExportView, export_view

SCHEMA_VERSION = 1


class ExportDocument(BaseModel):
    """What ``registry export --format json`` writes; ``registry schema export`` prints its JSON Schema."""

    schema_version: Literal[1]
    generator: str
    """The tool and version that wrote the document."""
    registry: RegistryFile
    """The contents of registry.yaml: organisation, DPO, catalogues, settings."""
    activities: list[Activity | ProcessorActivity] = Field(default_factory=list)
    """Every activity in the register's order, with its creation and update dates resolved."""


def document(register: Register, messages: Messages, view: ExportView | None = None) -> dict[str, Any]:
    """The model as it is (the schema is public), with what is derived from it taken from the views: the
    dates, which the fiche resolves from git where the YAML gives none."""
    fiches = {fiche.id: fiche for fiche in (view or export_view(register, messages)).fiches}
    activities = []
    for sourced in register.ordered:
        fiche = fiches[sourced.model.id]
        activity = sourced.model.model_dump(mode="json", by_alias=True, exclude_none=True)
        activity.update({key: day.isoformat() for key, day in (("created", fiche.created_on),
                                                                ("updated", fiche.updated_on)) if day})
        activities.append(activity)
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": f"registry {__version__}",
        "registry": register.settings.model_dump(mode="json", by_alias=True, exclude_none=True),
        "activities": activities,
    }


def json_document(register: Register, messages: Messages, day: date) -> bytes:
    return (json.dumps(document(register, messages), ensure_ascii=False, indent=2) + "\n").encode()
