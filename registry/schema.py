"""JSON Schemas of the two file kinds, for editors (autocompletion, hover docs) and other tools."""

from __future__ import annotations

import ast
import inspect
import json
import textwrap
from typing import Any

from pydantic import BaseModel

from .law import referentiels
from .models import Activity, ProcessorActivity, RegistryFile
from .models.common import Strict
from .models.vocabulary import PurposeKind, values


def model(name: str) -> type[BaseModel]:
    """The model behind a schema; the export's is imported only when asked for (``validate`` never is)."""
    from .export.data import ExportDocument

    models: dict[str, type[BaseModel]] = {"registry": RegistryFile, "activity": Activity,
                                          "processor-activity": ProcessorActivity, "export": ExportDocument}
    return models[name]


def schema(name: str) -> dict[str, Any]:
    root = model(name)
    document = root.model_json_schema(by_alias=True)
    _describe(document, root)
    models = _strict_models()
    for definition, part in document.get("$defs", {}).items():
        if definition in models:
            _describe(part, models[definition])
    _describe_kinds(document)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{name}.schema.json", **document}


def _describe_kinds(part: Any) -> None:
    """Each purpose kind offered with its label, its description and the text it comes from (the table of
    référentiels), as editors show beside each value they complete."""
    kinds = list(values(PurposeKind))
    if isinstance(part, dict):
        if part.get("enum") == kinds:
            entries = [referentiels.kind(name) for name in kinds]
            part["enumDescriptions"] = [f"{k.label['fr']}: {k.description['fr']} ({k.sources[0].cited})"
                                        for k in entries]
            part["markdownEnumDescriptions"] = [
                f"**{k.label['fr']}** — {k.description['fr']}\n\n{k.sources[0].reference}, <{k.sources[0].url}>"
                for k in entries]
        for value in part.values():
            _describe_kinds(value)
    elif isinstance(part, list):
        for value in part:
            _describe_kinds(value)


def _strict_models() -> dict[str, type[Strict]]:
    """The register's models by name, as the schema's definitions name them."""
    found: dict[str, type[Strict]] = {}
    waiting: list[type[Strict]] = [Strict]
    while waiting:
        for subclass in waiting.pop().__subclasses__():
            found[subclass.__name__] = subclass
            waiting.append(subclass)
    return found


def _describe(part: dict[str, Any], model: type[BaseModel]) -> None:
    """Each property of a model's schema described by its attribute's docstring, as editors show on hover.

    The docstrings are read here, not when the models are defined: reading every model's source took
    0.03 s of every command's start-up."""
    if not issubclass(model, Strict):
        return
    docs: dict[str, str] = {}
    for base in reversed(model.__mro__):
        if issubclass(base, Strict):
            docs.update(_attribute_docstrings(base))
    fields = {(info.alias or name): (name, info) for name, info in model.model_fields.items()}
    for key, property_schema in part.get("properties", {}).items():
        name, info = fields[key]
        doc = docs.get(name)
        if doc and info.description is None:  # over the description of the field's type, as pydantic does
            property_schema["description"] = doc
            ordered = dict(sorted(property_schema.items()))
            property_schema.clear()
            property_schema.update(ordered)


def _attribute_docstrings(cls: type) -> dict[str, str]:
    """The string under each annotated attribute of the class's own body."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return {}
    docs, previous = {}, None
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    for node in body:
        if (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                and isinstance(previous, ast.AnnAssign) and isinstance(previous.target, ast.Name)):
            docs[previous.target.id] = inspect.cleandoc(node.value.value)
        previous = node
    return docs


def schema_text(name: str) -> str:
    return json.dumps(schema(name), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
