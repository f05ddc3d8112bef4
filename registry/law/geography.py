"""Where data may go: the EEA, and the countries with an adequacy decision (kept as data)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from ..models.common import country_names

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


FRENCH_ACTS = ((re.compile(r"(\d{4}/\d+)/EC\b"), r"\1/CE"), (re.compile(r"(\d{4}/\d+)/EU\b"), r"\1/UE"),
               (re.compile(r"\(EU\) (\d{4}/\d+)"), r"(UE) \1"))
"""EU acts as French texts number them: Décision 2000/518/CE, 2010/625/UE, décision d'exécution (UE) 2019/419."""


@dataclass(frozen=True)
class Decision:
    reference: str
    scope: Scope | None
    note: dict[str, str] = field(default_factory=dict)
    """What the number does not say, per language (a renewal)."""

    def cited(self, language: str) -> str:
        """The decision as a document in ``language`` cites it: "2000/518/CE" in French, with its note."""
        reference = self.reference
        if language == "fr":
            for pattern, replacement in FRENCH_ACTS:
                reference = pattern.sub(replacement, reference)
        note = self.note.get(language) or self.note.get("en")
        return f"{reference}, {note}" if note else reference


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
                                                                                if k != "id"}) if scope else None,
                                   dict(entry.get("note", {})))
    return AdequacyList(data["as_of"], countries)


def covering_decision(country: str, scope: str | None) -> Decision | None:
    """The adequacy decision that covers a recipient in ``country`` declaring itself within ``scope``, if any:
    a partial decision covers only a recipient that records being within its scope."""
    decision = adequacy().countries.get(country)
    if decision is None or (decision.scope is not None and decision.scope.id != scope):
        return None
    return decision


def adequacy_covers(country: str, scope: str | None) -> bool:
    """Whether an adequacy decision covers a recipient in ``country`` that declares itself within ``scope``."""
    return covering_decision(country, scope) is not None


def scope_named(text: str) -> str | None:
    """The id of the partial-adequacy scope a text names (by id or by its wording in any language), if one."""
    plain = text.casefold()
    return next((decision.scope.id for decision in adequacy().countries.values() if decision.scope is not None
                 and any(re.search(rf"(?<!\w){re.escape(label.casefold())}(?!\w)", plain)
                         for label in (*decision.scope.labels.values(), decision.scope.id))), None)


def outside_eea(country: str | None) -> bool:
    """Whether a known country is outside the EEA; an unknown one (None, ``todo``, the public online) is
    never said to be, nor to be inside: the rules that need it report it unknown."""
    return country in country_names() and country not in EEA
