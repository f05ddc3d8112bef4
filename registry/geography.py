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
class AdequacyList:
    as_of: date
    countries: dict[str, str]


@lru_cache(maxsize=1)
def adequacy() -> AdequacyList:
    data = yaml.safe_load((Path(__file__).parent / "data" / "adequacy.yaml").read_text(encoding="utf-8"))
    return AdequacyList(data["as_of"], data["countries"])


def outside_eea(country: str) -> bool:
    return country not in EEA
