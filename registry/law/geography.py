"""Where data may go: the EEA, and the countries with an adequacy decision (kept as data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

EEA: frozenset[str] = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
    + ["IS", "LI", "NO"]
)
"""The 27 EU member states plus Iceland, Liechtenstein and Norway."""


@dataclass(frozen=True)
class Scope:
    """The part of a country an adequacy decision covers, e.g. organisations certified under the DPF."""

    id: str
    labels: dict[str, str]


@dataclass(frozen=True)
class Decision:
    reference: str
    scope: Scope | None


@dataclass(frozen=True)
class AdequacyList:
    as_of: date
    countries: dict[str, Decision]


@lru_cache(maxsize=1)
def adequacy() -> AdequacyList:
    data = yaml.safe_load((Path(__file__).parent.parent / "data" / "adequacy.yaml").read_text(encoding="utf-8"))
    countries = {}
    for code, entry in data["countries"].items():
        scope = entry.get("scope")
        countries[code] = Decision(str(entry["decision"]), Scope(scope["id"], {k: v for k, v in scope.items()
                                                                                if k != "id"}) if scope else None)
    return AdequacyList(data["as_of"], countries)


def adequacy_covers(country: str, scope: str | None) -> bool:
    """Whether an adequacy decision covers a recipient in ``country`` that declares itself within ``scope``."""
    decision = adequacy().countries.get(country)
    return decision is not None and (decision.scope is None or decision.scope.id == scope)


def outside_eea(country: str) -> bool:
    return country not in EEA
