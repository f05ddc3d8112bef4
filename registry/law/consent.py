"""How consent is asked, as facts: the four conditions the CNIL sanctions most often.

A box ticked in advance is no consent (CJEU Planet49, C-673/17); consent given by
accepting the general terms is not specific (CNIL, Art. 7(2)); consent required to
order or sign up is not free (Art. 7(4)); one box for several purposes or channels is
not specific (Art. 7(2)). The register says each as a yes/no fact; where it does not,
the words of ``consent.collection`` can still reveal a breach, never vouch for
compliance, so that a notice's reassurance rests on stated facts only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models.activity import Consent

SAFEGUARDS = ("unticked", "separate_from_terms", "free", "one_choice_per_purpose")
"""Each safeguard, named after the fact that states it (``free`` is ``condition_of_service: false``)."""

NEGATION = re.compile(r"\b(?:non|pas|jamais|ni|sans|not|never|no|without)\b", re.IGNORECASE)
BREACH_WORDS: dict[str, re.Pattern[str]] = {
    "unticked": re.compile(r"pré-?coché|précoché|coché(?:e)? par défaut|pre-?ticked|pre-?checked|ticked by default",
                           re.IGNORECASE),
    "separate_from_terms": re.compile(r"(?:acceptation|accepter|acceptant|accepting|acceptance)\b.*\b(?:CGV|CGU|"
                                      r"conditions générales|terms)|(?:CGV|CGU|conditions générales|terms)\b.*\b"
                                      r"(?:vaut|valent|emporte|implies|means|counts as)", re.IGNORECASE),
    "free": re.compile(r"obligatoire pour|conditionne|condition (?:de|du|pour)|required to|mandatory to|"
                       r"needed to (?:order|sign)", re.IGNORECASE),
    "one_choice_per_purpose": re.compile(r"case unique|une seule case|même case|single box|one box for",
                                         re.IGNORECASE),
}
"""Words of a breach in one clause of ``consent.collection``, when no negation softens the clause."""


@dataclass(frozen=True)
class Safeguard:
    name: str
    holds: bool | None
    """True when the register states it, False when it states or words the breach, None when unknown."""
    field: str
    """The key that states it, or ``collection`` when the breach was read in the words."""


def safeguards(consent: Consent) -> list[Safeguard]:
    """The four safeguards of one consent, each stated, breached or unknown."""
    stated = {"unticked": consent.unticked, "separate_from_terms": consent.separate_from_terms,
              "free": None if consent.condition_of_service is None else not consent.condition_of_service,
              "one_choice_per_purpose": consent.one_choice_per_purpose}
    words = {name: _worded_breach(consent, name) for name in SAFEGUARDS}
    result = []
    for name in SAFEGUARDS:
        key = "condition_of_service" if name == "free" else name
        if stated[name] is not None:
            result.append(Safeguard(name, stated[name], key))
        else:
            result.append(Safeguard(name, False if words[name] else None, "collection" if words[name] else key))
    return result


def _worded_breach(consent: Consent, name: str) -> bool:
    for _, text in consent.collection.translations:
        for clause in re.split(r"[;,.]", text):
            if BREACH_WORDS[name].search(clause) and not NEGATION.search(clause):
                return True
    return False


def all_hold(consents: list[Consent], name: str) -> bool:
    """Whether every consent states the safeguard: a document may then say so."""
    return bool(consents) and all(next(s for s in safeguards(c) if s.name == name).holds is True for c in consents)
