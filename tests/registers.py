"""Registers made by Hypothesis from the model itself: every field of every class, optional ones included.

The strategy walks the pydantic models (``RegistryFile``, ``Activity``) field by field, so a field added
to the model is generated without touching this file: text written once or per language, vocabulary
values, ``todo`` where a fact may be, ids that resolve to the catalogues, dates, durations, countries.
"""

from __future__ import annotations

import types
import typing
from datetime import date
from typing import Annotated, Any, Literal

from hypothesis import strategies as st
from pydantic import BaseModel

from registry.models import Activity
from registry.models.common import RefTo, Text
from registry.models.organisation import RegistryFile

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàçô ABCDEFXYZ0123456789,'-", min_size=1, max_size=24).map(
    str.strip).filter(lambda s: s and s != "todo")
TEXT = st.one_of(WORDS, st.fixed_dictionaries({"fr": WORDS, "en": WORDS}))
IDS = {"departments": ["dep-a", "dep-b"], "processors": ["proc-a"], "partners": ["part-a"],
       "recipients": ["rec-a"], "security_measures": ["mes-a", "mes-b"]}
SPECIAL = {"id": None, "email": st.just("dpo@example.org"), "country": st.sampled_from(["FR", "US", "IN", "CH"]),
           "duration": st.sampled_from(["P3Y", "P6M", "P10Y", "P30D"]),
           "review_interval": st.sampled_from(["P12M", "P2Y"]),
           "website": st.just("https://example.org"), "privacy_policy": st.just("https://example.org/vie-privee"),
           "partner_list": st.just("https://example.org/partenaires"), "copy_url": st.just("https://example.org/cct"),
           "adequacy_scope": st.just("dpf"), "rule": st.sampled_from(["RT003", "LB002", "PR005"]),
           "select": st.just([]), "ignore": st.just([]), "severity": st.just({"RT003": "error"}),
           "headcount": st.integers(0, 300), "postcode": st.just("69007")}
"""Fields whose form a plain type does not say (an id, an address, a code), by name."""


def strategy(annotation: Any, name: str = "") -> st.SearchStrategy[Any]:
    """Data for one field of the model: every optional part present, so every field is exercised."""
    if name in SPECIAL and SPECIAL[name] is not None:
        return SPECIAL[name]
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Annotated:
        ref = next((m for m in args[1:] if isinstance(m, RefTo)), None)
        if ref is not None:
            return st.sampled_from([i for c in ref.catalogues for i in IDS.get(c, [])])
        return strategy(args[0], name)
    if origin in (typing.Union, types.UnionType):
        given = [a for a in args if a is not type(None)]
        return st.one_of(*(strategy(a, name) for a in given))
    if origin is Literal:
        return st.sampled_from(args)
    if origin is list:
        return st.lists(strategy(args[0], name), min_size=1, max_size=2, unique_by=_key)
    if origin is dict:
        return st.just({})
    if annotation is Text:
        return TEXT
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return st.integers(0, 300)
    if annotation is str:
        return WORDS
    if annotation is date:
        return st.dates(date(2019, 1, 1), date(2026, 6, 30))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model(annotation)
    raise TypeError(f"no strategy for {annotation!r} ({name})")


def _key(value: Any) -> Any:
    return repr(value)


def model(cls: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """Every field of ``cls``; pydantic keeps a field's own ``Annotated`` marks (a reference) in its metadata."""
    return st.fixed_dictionaries({(info.alias or field): strategy(Annotated[(info.annotation, *info.metadata)]
                                                                  if info.metadata else info.annotation, field)
                                  for field, info in cls.model_fields.items() if field != "id"})


@st.composite
def registers(draw: st.DrawFn, activities: int = 2) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """registry.yaml and a few activities, their references resolved; dates in order, an external DPO with its
    company, a controller's register."""
    settings = draw(model(RegistryFile))
    settings["register"] = {"kind": "controller", "language": draw(st.sampled_from(["fr", "en"]))}
    for catalogue, ids in IDS.items():
        entries = draw(st.lists(model(typing.get_args(RegistryFile.model_fields[catalogue].annotation)[0]),
                                min_size=len(ids), max_size=len(ids)))
        settings[catalogue] = [{"id": i, **entry} for i, entry in zip(ids, entries)]
    settings["dpo"]["company"] = "Conseil RGPD"
    made = []
    for n in range(activities):
        activity = {"id": f"ACT-{n + 1}", **draw(model(Activity))}
        activity["role"] = "controller"
        if activity["created"] > activity["updated"]:
            activity["created"], activity["updated"] = activity["updated"], activity["created"]
        made.append(activity)
    return settings, made
