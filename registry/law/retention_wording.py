"""Sentences built from the model, shared by the register and the notices."""

from __future__ import annotations

import re

from ..i18n import Messages, catalogue
from ..models.activity import Archive, Retention

FRENCH_CONTRACTIONS = ((re.compile(r"\bde le "), "du "), (re.compile(r"\bde les "), "des "),
                       (re.compile(r"\bde (?=[aeiouyàâéèêëîïôû])", re.IGNORECASE), "d'"))
""""à compter de le versement" is "à compter du versement", "de embauche" is "d'embauche"."""
INNER_ASIDE = re.compile(r"\s*\(([^()]*)\)")
"""A parenthesis inside text that will itself sit between parentheses."""
ARTICLE = re.compile(r"^(?:le|la|les|un|une|des|the|a|an)\s|^l['’]", re.IGNORECASE)
"""An event written with its article ("le versement de la paie") follows "à compter de" as it is; a bare one
("versement de la paie") follows "à compter de la date de"."""


def retention_sentence(retention: Retention, messages: Messages, to_you: bool = False) -> str:
    """E.g. "3 ans à compter de la fin de la relation commerciale, puis suppression"; ``to_you`` for a notice,
    which says "votre dernier contact avec nous" where the register says "le dernier contact de la personne"."""
    period = None
    if retention.duration:
        period = messages.duration(retention.duration)
        if retention.start:
            period += " " + _phrase(messages, "from", retention.start, to_you)
        elif retention.from_event:
            event = messages.text(retention.from_event) or ""
            key = "retention.from_event" if ARTICLE.match(event) else "retention.from_event_bare"
            period += " " + _contracted(messages(key, event=event), messages.language)
    if retention.until:
        until = _phrase(messages, "until", retention.until, to_you)
        period = messages("retention.or_until", period=period, until=until) if period else until
    parts = [period] if period else []
    if retention.archive:
        duration = messages.duration(retention.archive.duration)
        reason = messages.text(retention.archive.reason)
        parts.append(messages("retention.archive_reason", duration=duration, reason=aside(reason)) if reason
                     else messages("retention.archive", duration=duration))
    criterion = messages.text(retention.criterion)
    if parts:
        parts.append(messages(f"retention.end.{retention.end}"))
        sentence = _capitalised(", ".join(parts)) + "."
        return f"{sentence} {_sentence(criterion)}" if criterion else sentence
    return f"{_capitalised((criterion or '').rstrip(' .'))}, {messages(f'retention.end.{retention.end}')}."


def aside(text: str, keep_case: bool = False) -> str:
    """Text to put between parentheses: its own parentheses become commas, and its first word, unless an
    acronym or ``keep_case`` (a name), loses its capital ("(obligation comptable, Code de commerce, art. L.123-22)")."""
    text = INNER_ASIDE.sub(r", \1", text.strip().rstrip("."))
    return text[:1].lower() + text[1:] if text[1:2].islower() and not keep_case else text


def _phrase(messages: Messages, kind: str, value: str, to_you: bool) -> str:
    """The start or end event, in the second person when a notice addresses the reader and the catalogue says
    it otherwise there ("votre opposition" rather than "l'opposition de la personne")."""
    addressed = f"retention.to_you.{kind}.{value}"
    return messages(addressed if to_you and addressed in catalogue(messages.language) else f"retention.{kind}.{value}")


def _contracted(text: str, language: str) -> str:
    """A French event written with its article reads "à compter du versement de la paie"."""
    if language == "fr":
        for pattern, replacement in FRENCH_CONTRACTIONS:
            text = pattern.sub(replacement, text)
    return text


def _sentence(text: str) -> str:
    text = _capitalised(text.strip())
    return text if text.endswith((".", "!", "?", "…", "»")) else text + "."


def archive_text(archive: Archive, messages: Messages) -> str:
    """The archiving period with its reason, for the retention schedule: "5 ans (preuve en cas de litige…)"."""
    duration = messages.duration(archive.duration)
    reason = messages.text(archive.reason)
    return f"{duration} ({aside(reason)})" if reason else duration


def active_period(retention: Retention, messages: Messages) -> str:
    """The active-base part only, for the retention schedule's first column."""
    without_archive = retention.model_copy(update={"archive": None})
    return retention_sentence(without_archive, messages)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
