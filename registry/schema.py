"""JSON Schemas of the two file kinds, for editors (autocompletion, hover docs) and other tools."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from .models import Activity, ProcessorActivity, RegistryFile

SCHEMAS = ("registry", "activity", "processor-activity", "export")
"""``registry.yaml``, a controller's activity, a processor's activity, and the document
``registry export --format json`` writes."""


def model(name: str) -> type[BaseModel]:
    """The model behind a schema; the export's is imported only when asked for (``validate`` never is)."""
    from .export.data import ExportDocument

    models: dict[str, type[BaseModel]] = {"registry": RegistryFile, "activity": Activity,
                                          "processor-activity": ProcessorActivity, "export": ExportDocument}
    return models[name]


def schema(name: str) -> dict[str, Any]:
    document = model(name).model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{name}.schema.json", **document}


def schema_text(name: str) -> str:
    return json.dumps(schema(name), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
