"""The CNIL's référentiels as data: what each kind of purpose admits, keeps and needs (``data/referentiels.yaml``).

The checks, the DPIA screening, ``registry new`` and the editor schema all read
this one table, so a figure the CNIL changes is changed in one place, and every
finding can name the text and the date it comes from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from ..i18n import Messages
from ..models.duration import Duration
from ..models.vocabulary import Language, PurposeKind, values

TABLE_FILE = Path(__file__).resolve().parent.parent / "data" / "referentiels.yaml"

Localised = dict[str, str]
"""A text per language (``fr``, ``en``)."""



@dataclass(frozen=True, eq=False)
class Source:
    """A référentiel, délibération, recommendation or article of a code, as the findings cite it."""

    id: str
    title: Localised
    reference: str
    date: str
    url: str
    binding: bool
    """The law itself, or the CNIL's list under Art. 35(4)-(5); ``False`` for a recommendation. Each source is
    made once, so sources compare by identity."""

    @property
    def cited(self) -> str:
        return f"{self.reference} ({self.date})"


@dataclass(frozen=True)
class Figure:
    """A retention figure of a kind: a recommended period, a ceiling (warning) and a floor (legal archive)."""

    kind: str
    index: int
    categories: tuple[str, ...]
    """The data categories it concerns; every category when empty."""
    start: str | None
    """The retention event it is counted from (``from``); a figure without one applies to the other events."""
    counted_from: str | None
    """Where a fiche written from the table counts the period from (``from``)."""
    start_event: Localised | None
    """Or the organisation's own start event, in words (``from_event``)."""
    recommended: Duration | None
    ceiling: Duration | None
    floor: Duration | None
    source: Source
    note: Localised

    def covers(self, category: str) -> bool:
        return not self.categories or category in self.categories


@dataclass(frozen=True)
class Refused:
    """A basis the kind never rests on, with why."""

    basis: str
    reason: Localised


@dataclass(frozen=True)
class DpiaListing:
    """Where the CNIL's lists put the kind: ``required`` (Délib. 2018-327), ``exempt`` (Délib. 2019-118), or neither."""

    listed: Literal["required", "exempt", "none"]
    item: int | None
    headcount_below: int | None
    """For an exemption that holds only below a headcount (staff management, item 1)."""
    source: Source | None


@dataclass(frozen=True)
class TypicalCategory:
    category: str
    description: Localised
    start: str | None
    mandatory: bool | None
    requirement: str | None
    source: str | None
    reason: Localised | None


@dataclass(frozen=True)
class Typical:
    """What the CNIL's texts describe for the kind: a starting point for a new fiche, never a fact of the register."""

    owner: str | None
    data_subjects: tuple[str, ...]
    data_categories: tuple[TypicalCategory, ...]
    recipients: tuple[str, ...]
    """Catalogue ids a register started from the example uses for these recipients."""
    measures: tuple[str, ...]
    """Categories of security measures."""


@dataclass(frozen=True)
class Kind:
    name: str
    description: Localised
    sources: tuple[Source, ...]
    bases: tuple[str, ...]
    never: tuple[Refused, ...]
    marketing: bool
    staff: bool
    restricted: bool
    """Data only the people in charge may see (staff, candidates, images, alerts): never every department."""
    legal_reference: Localised | None
    figures: tuple[Figure, ...]
    dpia: DpiaListing
    criteria: tuple[str, ...]
    """WP248 criteria the kind itself meets (systematic monitoring for cameras, geolocation, badges)."""
    notice: Localised | None
    typical: Typical

    @property
    def label(self) -> Localised:
        """The kind's name as the documents print it, from the message catalogues."""
        return {language: Messages(language)(f"vocabulary.purpose_kind.{self.name}") for language in values(Language)}

    def refused(self, basis: str) -> Refused | None:
        return next((r for r in self.never if r.basis == basis), None)

    def figures_for(self, category: str, start: str | None) -> tuple[Figure, ...]:
        """The figures that apply to a category kept from ``start``: those counted from that very event, or,
        when the kind has none, those counted from no event in particular."""
        covering = [f for f in self.figures if f.covers(category)]
        own = tuple(f for f in covering if f.start is not None and f.start == start)
        return own or tuple(f for f in covering if f.start is None)


@dataclass(frozen=True)
class Table:
    version: str
    every_department: re.Pattern[str]
    sources: dict[str, Source]
    kinds: dict[str, Kind]


def _duration(text: str | None) -> Duration | None:
    return None if text is None else Duration.parse(text)


def _figure(kind: str, index: int, data: dict[str, Any], sources: dict[str, Source]) -> Figure:
    return Figure(kind, index, tuple(data.get("categories", ())), data.get("from"),
                  data.get("counted_from", data.get("from")), data.get("from_event"),
                  _duration(data.get("recommended")), _duration(data.get("ceiling")), _duration(data.get("floor")),
                  sources[data["source"]], data["note"])


def _typical(data: dict[str, Any]) -> Typical:
    categories = tuple(TypicalCategory(c["category"], c["description"], c.get("from"), c.get("mandatory"),
                                       c.get("requirement"), c.get("source"), c.get("reason"))
                       for c in data.get("data_categories", ()))
    return Typical(data.get("owner"), tuple(data.get("data_subjects", ())), categories,
                   tuple(data.get("recipients", ())), tuple(data.get("measures", ())))


def _kind(name: str, data: dict[str, Any], sources: dict[str, Source]) -> Kind:
    dpia = data.get("dpia", {"list": "none"})
    return Kind(
        name, data["description"], tuple(sources[s] for s in data["sources"]), tuple(data["bases"]),
        tuple(Refused(r["basis"], r["reason"]) for r in data.get("never", ())), data.get("marketing", False),
        data.get("staff", False), data.get("restricted", False), data.get("legal_reference"),
        tuple(_figure(name, i, f, sources) for i, f in enumerate(data.get("retention", ()))),
        DpiaListing(dpia["list"], dpia.get("item"), dpia.get("headcount_below"),
                    sources[dpia["source"]] if "source" in dpia else None),
        tuple(data.get("criteria", ())), data.get("notice"), _typical(data.get("typical", {})),
    )


@lru_cache(maxsize=1)
def table() -> Table:
    """The table, read once; its kinds are exactly the model's ``PurposeKind`` (tests/test_referentiels.py)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml reads it in a tenth of the time
    data = yaml.load(TABLE_FILE.read_text(encoding="utf-8"), Loader=loader)
    sources = {key: Source(key, s["title"], s["reference"], str(s["date"]), s["url"], s["binding"])
               for key, s in data["sources"].items()}
    kinds = {name: _kind(name, entry, sources) for name, entry in data["kinds"].items()}
    return Table(str(data["version"]), re.compile(data["every_department"], re.IGNORECASE), sources, kinds)


def kind(name: str) -> Kind:
    return table().kinds[name]


def kinds() -> list[Kind]:
    """Every kind, in the model's order."""
    return [kind(name) for name in values(PurposeKind)]


def admitted_bases(name: str) -> frozenset[str]:
    return frozenset(kind(name).bases)


def marketing_kinds() -> frozenset[str]:
    """Direct marketing (Art. 21(2)-(3) GDPR): objection is unconditional, and it never rests on the contract."""
    return frozenset(k.name for k in table().kinds.values() if k.marketing)


def staff_kinds() -> frozenset[str]:
    """Staff management, which Délib. 2019-118 (item 1) exempts from a DPIA below a headcount."""
    return frozenset(k.name for k in table().kinds.values() if k.staff)
