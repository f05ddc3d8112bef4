"""Validate parsed YAML against the model and say what is wrong in the user's words.

pydantic reports errors by path (``loc``); the :class:`~registry.loading.yamlsource.SourceNode`
of the file turns that path into a line and column, and the messages are
rewritten for someone editing YAML, not Python: which key, what was expected,
and the closest allowed spelling.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..codes import V003, V004, V005, V006
from ..models.common import GIVEN_TAG, UNION_TAGS
from ..models.vocabulary import ToComplete
from ..problems import Problem
from .yamlsource import ParsedFile

ModelT = TypeVar("ModelT", bound=BaseModel)

_EXPECTED = {
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "list_type": "a list",
    "dict_type": "a mapping of keys and values",
    "model_type": "a mapping of keys and values",
    "model_attributes_type": "a mapping of keys and values",
    "date_type": "a date written YYYY-MM-DD",
    "date_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "a date written YYYY-MM-DD",
}


def validate(model: type[ModelT], parsed: ParsedFile) -> ModelT | None:
    """The validated model, or ``None`` with the problems added to ``parsed``."""
    try:
        return model.model_validate(parsed.data)
    except ValidationError as exc:
        parsed.problems.extend(_problem(model, parsed, error) for error in exc.errors(include_url=False))
        return None


def _problem(model: type[BaseModel], parsed: ParsedFile, error: Any) -> Problem:
    problem = _reworded(model, parsed, error, tuple(p for p in error["loc"] if p not in UNION_TAGS))
    if error["loc"][-1:] == (GIVEN_TAG,):
        return dataclasses.replace(problem, message=problem.message + "; or write todo while it is not known")
    return problem


def _reworded(model: type[BaseModel], parsed: ParsedFile, error: Any, loc: tuple[str | int, ...]) -> Problem:
    kind: str = error["type"]
    field = _field_name(loc)
    if kind == "missing":
        where = f" in '{_field_name(loc[:-1])}'" if _field_name(loc[:-1]) else ""
        line, column = parsed.source.locate(loc[:-1], at_key=True)
        return V004.at(parsed.path, line, column, f"missing required key '{loc[-1]}'{where}")
    if kind == "extra_forbidden":
        line, column = parsed.source.locate(loc, at_key=True)
        return V003.at(parsed.path, line, column, _unknown_key(model, loc))
    line, column = parsed.source.locate(loc)
    if kind in ("literal_error", "enum"):
        allowed = re.findall(r"'([^']*)'", error["ctx"]["expected"])
        value = error["input"]
        message = f"invalid value {_describe(value)} for '{field}'; expected one of: {', '.join(allowed)}"
        return V006.at(parsed.path, line, column, message + _did_you_mean(str(value), allowed))
    if kind in _EXPECTED:
        if not loc:
            return V005.at(parsed.path, 1, 1,
                           f"the file must be a mapping of keys and values, not {_describe(error['input'])}")
        message = f"'{field}' must be {_EXPECTED[kind]}, not {_describe(error['input'])}"
        return V005.at(parsed.path, line, column, message)
    if kind == "too_short":
        return V004.at(parsed.path, line, column, f"'{field}' needs at least one entry")
    if kind == "value_error":
        line, column = parsed.source.locate(loc, at_key=True)
        return V005.at(parsed.path, line, column, error["msg"].removeprefix("Value error, "))
    prefix = f"'{field}': " if field else ""
    return V005.at(parsed.path, line, column, prefix + error["msg"])


def _field_name(loc: tuple[str | int, ...]) -> str:
    """The last key of a path, e.g. 'basis' for ('purposes', 'sub', 0, 'basis')."""
    return next((str(part) for part in reversed(loc) if isinstance(part, str)), "")


def _describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _did_you_mean(value: str, allowed: list[str]) -> str:
    matches = difflib.get_close_matches(value.lower(), allowed, n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def _unknown_key(model: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    key = str(loc[-1])
    parent = _model_at(model, loc[:-1])
    allowed = [field.alias or name for name, field in parent.model_fields.items()] if parent else []
    hint = _did_you_mean(key, allowed)
    if not hint and allowed:
        hint = f"; allowed keys: {', '.join(allowed)}"
    return f"unknown key '{key}'{hint}"


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``loc``, if any."""
    current: Any = model
    for segment in loc:
        current = _unwrap(current)
        if isinstance(segment, int):
            current = get_args(current)[0] if get_origin(current) is list else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            current = next(
                (f.annotation for n, f in current.model_fields.items() if (f.alias or n) == segment), None
            )
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated``, ``Optional`` and the ``todo`` branch to the type that holds the data."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            annotation = next(arg for arg in get_args(annotation) if arg not in (type(None), ToComplete)
                              and get_args(arg)[:1] != (ToComplete,))
        else:
            return annotation
