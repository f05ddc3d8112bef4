"""Read a retention period written in words back into the model's structure.

The sentences are those the register itself writes (``retention.*`` in the
catalogues, French or English), plus what people type in the CNIL column:
"5 ans", "3 ans à compter du dernier contact", "6 mois, puis suppression".
What cannot be read entirely is kept whole as the retention's criterion, so
nothing the DPO wrote is lost or half-understood.
"""

from __future__ import annotations

import os
import re
import unicodedata
from typing import Any

from ..i18n import Messages
from ..models.vocabulary import EndAction, RetentionStart, RetentionUntil, values
from .labels import LANGUAGES

_UNITS = {"an": "Y", "ans": "Y", "annee": "Y", "annees": "Y", "year": "Y", "years": "Y", "mois": "M", "month": "M",
          "months": "M", "semaine": "W", "semaines": "W", "week": "W", "weeks": "W", "jour": "D", "jours": "D",
          "day": "D", "days": "D"}
_PART = r"(\d+)\s*(ans?|ann[ée]es?|years?|mois|months?|semaines?|weeks?|jours?|days?)\b"
_DURATION = rf"{_PART}(?:\s*(?:,|et|and)\s*{_PART})*"


def _fuzzy(phrase: str) -> str:
    """A regex matching ``phrase`` with or without accents and with any spacing."""
    parts = []
    for char in phrase:
        base = unicodedata.normalize("NFKD", char)[0]
        if char.isspace():
            parts.append(r"\s+")
        elif base != char:
            parts.append(f"[{re.escape(char)}{re.escape(base)}]")
        elif char in "'’":
            parts.append("['’]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _duration(text: str) -> str:
    amounts: dict[str, int] = {}
    for number, unit in re.findall(_PART, text, re.I):
        plain = unicodedata.normalize("NFKD", unit.lower()).encode("ascii", "ignore").decode()
        key = _UNITS[plain]
        amounts[key] = amounts.get(key, 0) + int(number)
    return "P" + "".join(f"{amounts[k]}{k}" for k in "YMWD" if k in amounts)


def parse_retention(text: str) -> dict[str, Any] | None:
    """The retention as YAML data, or None when the words are not entirely understood.

    A sentence the register wrote may be followed by the criterion in words ("… puis suppression.
    Un courriel prévient le client."): when the whole text is not understood, the first sentences
    that are become the structure and the rest the criterion."""
    text = text.strip()
    splits = [m.start() for m in re.finditer(r"\. ", text)]
    for language in LANGUAGES:
        messages = Messages(language)
        if (found := _parse(text.rstrip("."), messages)) is not None:
            return found
        for at in splits:
            if (found := _parse(text[:at], messages)) is not None:
                return {**found, "criterion": text[at + 2:].strip()}
    return None


def _cut(text: str, pattern: str) -> tuple[str, re.Match[str] | None]:
    match = re.search(pattern, text, re.I | re.S)
    return (text[:match.start()].rstrip(" ,"), match) if match else (text, None)


def _parse(text: str, t: Messages) -> dict[str, Any] | None:
    result: dict[str, Any] = {}
    for action in values(EndAction):
        text, match = _cut(text, rf",?\s*{_fuzzy(t(f'retention.end.{action}'))}$")
        if match:
            result["end"] = action
            break
    lead = t("retention.archive", duration="\0").split("\0")[0].strip()
    text, match = _cut(text, rf",?\s*{_fuzzy(lead)}\s*(?P<d>{_DURATION})(?:\s*\((?P<reason>.+)\))?$")
    if match:
        result["archive"] = {"duration": _duration(match.group("d"))}
        if match.group("reason"):
            result["archive"]["reason"] = match.group("reason").strip()
    if (until := _until(text, t)) is not None:
        return {"until": until, **result}
    before = t("retention.or_until", until="\0", period="\1").split("\0")[1].split("\1")[0]
    if match := re.fullmatch(rf"(?P<until>.+?){_fuzzy(before)}(?P<period>.+)", text, re.I | re.S):
        until, period = _until(match.group("until"), t), _period(match.group("period").strip(), t)
        if until is not None and period is not None:
            return {**period, "until": until, **result}
    period = _period(text, t)
    return None if period is None else {**period, **result}


def _until(text: str, t: Messages) -> str | None:
    return next((u for u in values(RetentionUntil) if re.fullmatch(_fuzzy(t(f"retention.until.{u}")), text.strip(),
                                                                       re.I)), None)


def _period(text: str, t: Messages) -> dict[str, Any] | None:
    """'3 ans', '3 ans à compter du dernier contact', '2 ans à compter de l'événement suivant : …'."""
    match = re.match(rf"(?P<d>{_DURATION})(?P<rest>.*)$", text, re.I | re.S)
    if not match:
        return None
    result: dict[str, Any] = {"duration": _duration(match.group("d"))}
    rest = match.group("rest").strip(" ,")
    if not rest:
        return result
    start = next((s for s in values(RetentionStart) if re.fullmatch(_fuzzy(t(f"retention.from.{s}")), rest, re.I)),
                 None)
    if start:
        return {**result, "from": start}
    event = t("retention.from_event", event="\0").split("\0")[0].strip()
    common = os.path.commonprefix([t(f"retention.from.{s}") for s in values(RetentionStart)])  # "à compter d", "from "
    for lead in (event, common.strip()):
        if found := re.fullmatch(rf"{_fuzzy(lead)}\S*\s*(?P<event>(?:(?!\. ).)+)", rest, re.I | re.S):
            return {**result, "from_event": found.group("event").strip()}
    return None
