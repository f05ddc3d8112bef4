"""Cross-file checks: catalogue ids are unique, and every reference resolves.

Reference fields are marked in the model with :class:`~registry.models.RefTo`,
so adding a new kind of reference needs no change here.
"""

from __future__ import annotations

import difflib
import types
from collections.abc import Callable
from functools import lru_cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from ..codes import V007, V008
from ..models import RefTo
from ..models.vocabulary import TODO
from ..problems import Problem
from .register import CATALOGUES, Register, SourcedActivity


def check_references(register: Register) -> list[Problem]:
    problems = _duplicate_catalogue_ids(register)
    problems += _duplicate_activity_ids(register)
    for activity in register.activities:
        problems += _dangling(register, activity)
    return problems


def _duplicate_catalogue_ids(register: Register) -> list[Problem]:
    problems = []
    seen: dict[str, str] = {}
    for catalogue in CATALOGUES:
        for index, entry in enumerate(getattr(register.settings, catalogue)):
            if entry.id in seen:
                line, column = register.settings_source.locate((catalogue, index, "id"))
                problems.append(V008.at(register.settings_path, line, column,
                                        f"duplicate id '{entry.id}': already used in {seen[entry.id]}; "
                                        "ids must be unique across all catalogues"))
            else:
                seen[entry.id] = catalogue
    return problems


def _duplicate_activity_ids(register: Register) -> list[Problem]:
    problems = []
    first: dict[str, str] = {}
    for activity in register.activities:
        known = first.setdefault(activity.model.id, activity.path)
        if known != activity.path:
            line, column = activity.source.locate(("id",))
            problems.append(V008.at(activity.path, line, column,
                                    f"duplicate activity id '{activity.model.id}': already used by {known}"))
    return problems


def _dangling(register: Register, activity: SourcedActivity) -> list[Problem]:
    problems = []
    for loc, value, target in iter_references(activity.model):
        if register.catalogue_of(value) in target.catalogues:
            continue
        candidates = [entry.id for name in target.catalogues for entry in getattr(register.settings, name)]
        close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        line, column = activity.source.locate(loc)
        problems.append(V007.at(activity.path, line, column,
                                f"unknown reference '{value}': registry.yaml has no {_nouns(target)} with this id{hint}"))
    return problems


_NOUNS = {"departments": "department", "processors": "processor", "partners": "partner",
          "recipients": "recipient", "security_measures": "security measure"}


def _nouns(target: RefTo) -> str:
    nouns = [_NOUNS[name] for name in target.catalogues]
    return nouns[0] if len(nouns) == 1 else ", ".join(nouns[:-1]) + " or " + nouns[-1]


Found = tuple[tuple[str | int, ...], str, RefTo]
Walker = Callable[[Any, tuple[str | int, ...]], list[Found]]


def iter_references(model: BaseModel) -> list[Found]:
    """Every reference in ``model``: its path, the id it names and the catalogues it may point to."""
    walker = _model_walker(type(model))
    return walker(model, ()) if walker else []


@lru_cache(maxsize=None)
def _walker(annotation: Any) -> Walker | None:
    """A function collecting the references under a value of this type; None when there can be none.

    Built once per type, so a register of a thousand activities does not
    re-inspect annotations for every value.
    """
    origin = get_origin(annotation)
    if origin is Annotated:
        target = next((m for m in annotation.__metadata__ if isinstance(m, RefTo)), None)
        if target is not None:
            return lambda value, loc: [] if value == TODO else [(loc, value, target)]
        return _walker(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        inner = [w for arg in get_args(annotation) if arg is not type(None) and (w := _walker(arg))]
        return inner[0] if len(inner) == 1 else None
    if origin is list:
        item = _walker(get_args(annotation)[0])
        if item is None:
            return None
        return lambda value, loc: [found for i, v in enumerate(value) for found in item(v, (*loc, i))]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_walker(annotation)
    return None


@lru_cache(maxsize=None)
def _model_walker(model: type[BaseModel]) -> Walker | None:
    fields = []
    for name, field in model.model_fields.items():
        annotation: Any = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
        walker = _walker(annotation)
        if walker is not None:
            fields.append((name, field.alias or name, walker))
    if not fields:
        return None

    def walk(value: Any, loc: tuple[str | int, ...]) -> list[Found]:
        found: list[Found] = []
        for name, key, walker in fields:
            item = getattr(value, name)
            if item is not None:
                found += walker(item, (*loc, key))
        return found

    return walk
