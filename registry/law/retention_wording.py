"""Sentences built from the model, shared by the register and the notices."""

from __future__ import annotations

from ..i18n import Messages
from ..models.activity import Archive, Retention


def retention_sentence(retention: Retention, messages: Messages) -> str:
    """E.g. "3 ans à compter de la fin de la relation commerciale, puis suppression"."""
    period = None
    if retention.duration:
        period = messages.duration(retention.duration)
        if retention.start:
            period += " " + messages(f"retention.from.{retention.start}")
        elif retention.from_event:
            period += " " + messages("retention.from_event", event=messages.text(retention.from_event))
    if retention.until:
        until = messages(f"retention.until.{retention.until}")
        period = messages("retention.or_until", period=period, until=until) if period else until
    parts = [period] if period else []
    if retention.archive:
        duration = messages.duration(retention.archive.duration)
        reason = messages.text(retention.archive.reason)
        parts.append(messages("retention.archive_reason", duration=duration, reason=reason) if reason
                     else messages("retention.archive", duration=duration))
    criterion = messages.text(retention.criterion)
    if parts:
        parts.append(messages(f"retention.end.{retention.end}"))
        sentence = _capitalised(", ".join(parts)) + "."
        return f"{sentence} {criterion}" if criterion else sentence
    return f"{criterion} {messages(f'retention.end_only.{retention.end}')}."


def archive_text(archive: Archive, messages: Messages) -> str:
    """The archiving period with its reason, for the retention schedule: "5 ans (preuve en cas de litige…)"."""
    duration = messages.duration(archive.duration)
    reason = messages.text(archive.reason)
    return f"{duration} ({reason})" if reason else duration


def active_period(retention: Retention, messages: Messages) -> str:
    """The active-base part only, for the retention schedule's first column."""
    without_archive = retention.model_copy(update={"archive": None})
    return retention_sentence(without_archive, messages)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
