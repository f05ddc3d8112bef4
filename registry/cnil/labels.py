"""The CNIL template's labels, from the message catalogues, and how to recognise them in a user's file.

A spreadsheet kept by hand spells labels its own way: accents dropped, a colon
added, "Adresse mél" or "Courriel", capitals. Labels are compared in a
normalised form, in French and in English (our own English exports), plus
the variants listed in ``data/cnil-aliases.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..i18n import Messages

ALIASES = Path(__file__).resolve().parent.parent / "data" / "cnil-aliases.yaml"

LANGUAGES = ("fr", "en")


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: 'Adresse mél :' -> 'adresse mel'."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


@lru_cache(maxsize=1)
def _aliases() -> dict[str, Any]:
    data = yaml.safe_load(ALIASES.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=None)
def spellings(key: str) -> frozenset[str]:
    """Every normalised way of writing the label ``cnil.<key>`` (both languages and the aliases)."""
    found = {normalise(Messages(language)(f"cnil.{key}")) for language in LANGUAGES}
    found |= {normalise(alias) for alias in _aliases().get(key, [])}
    return frozenset(found)


@lru_cache(maxsize=1)
def _to_complete() -> frozenset[str]:
    return frozenset(normalise(Messages(language)("document.to_complete")) for language in LANGUAGES)


def is_to_complete(text: str) -> bool:
    """The mark an export writes where the register says ``todo`` ("À compléter"): read back as nothing."""
    return normalise(text) in _to_complete()


def is_none(text: str) -> bool:
    """The word an export writes where the template's row has no one ("Aucun"): read back as nobody."""
    return normalise(text) in {normalise(Messages(language)("cnil.none")) for language in LANGUAGES}


def is_label(text: str, key: str) -> bool:
    return normalise(text) in spellings(key)


def numbered(text: str, key: str) -> int | None:
    """The number in a numbered row label ('Sous-finalité 3' -> 3), or None when it is not one."""
    plain = normalise(text)
    for language in LANGUAGES:
        pattern = normalise(Messages(language)(f"cnil.{key}", n="999")).replace("999", r"(\d+)")
        if match := re.fullmatch(pattern, plain):
            return int(match.group(1))
    return None


@lru_cache(maxsize=None)
def vocabulary(prefix: str, values: tuple[str, ...]) -> dict[str, str]:
    """Normalised label -> value for a vocabulary written in words (messages ``<prefix>.<value>``);
    aliases are listed under ``<last part of prefix>.<value>``."""
    group = prefix.rsplit(".", 1)[-1]
    table: dict[str, str] = {}
    for value in values:
        for language in LANGUAGES:
            table[normalise(Messages(language)(f"{prefix}.{value}"))] = value
        for alias in _aliases().get(f"{group}.{value}", []):
            table[normalise(alias)] = value
    return table


def lookup(text: str, prefix: str, values: tuple[str, ...]) -> str | None:
    """The value a label names: exactly, or as the start of it ('Données de connexion' for the long CNIL row)."""
    plain = normalise(text)
    if not plain:
        return None
    table = vocabulary(prefix, values)
    if plain in table:
        return table[plain]
    candidates = {value for label, value in table.items()
                  if len(plain) >= 6 and (label.startswith(plain) or plain.startswith(label + " "))}
    return candidates.pop() if len(candidates) == 1 else None


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    from babel import Locale

    table = {}
    for language in LANGUAGES:
        for code, name in Locale(language).territories.items():
            if re.fullmatch("[A-Z]{2}", code):
                table[normalise(name)] = code
                table[code.lower()] = code
    for code, names in _aliases().get("countries", {}).items():
        for name in names:
            table[normalise(name)] = code
    return table


def country(text: str) -> str | None:
    """The ISO code of a country written in French or English ('Etats-Unis', 'USA', 'us')."""
    return _countries().get(normalise(text))
