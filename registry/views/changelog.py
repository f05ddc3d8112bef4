"""Changes of the register as an auditor reads them, in the document's language: per activity, each field
with its value before and after, the words that changed marked; then the compliance findings that appeared
or went. Shared by the diff report and the build's annex."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from ..diff.changeset import ActivityChange, FactChange, Finding, RegisterChanges
from ..i18n import Messages

Kind = Literal["same", "del", "ins"]


@dataclass(frozen=True)
class Segment:
    """A piece of a value: unchanged, or removed from the value before, or added to the value after."""

    kind: Kind
    text: str


@dataclass(frozen=True)
class FieldChangeView:
    label: str
    before: list[Segment] | None
    """None when the field is new."""
    after: list[Segment] | None
    """None when the field was removed."""


@dataclass(frozen=True)
class ActivityChangeView:
    id: str
    name: str
    headline: str
    """"Activité ajoutée", "Activité modifiée"…"""
    moved: str | None
    """"Fichier renommé (auparavant …)", when the activity's file was renamed."""
    fields: list[FieldChangeView]


@dataclass(frozen=True)
class FindingView:
    code: str
    severity: str
    """In the document's language."""
    activity: str
    message: str
    """The rule's own words, in English whatever the document's language (``message_lang``)."""


@dataclass(frozen=True)
class ChangesView:
    title: str
    period: str
    activities: list[ActivityChangeView]
    findings_new: list[FindingView]
    findings_gone: list[FindingView]
    empty: str | None
    """The sentence saying nothing changed, when nothing did."""
    message_lang: str = "en"
    """The language of the findings' messages: the rules speak English only."""


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def segments(before: str, after: str) -> tuple[list[Segment], list[Segment]]:
    """Both values cut into words, those removed from ``before`` and those added to ``after`` marked. A mark
    never starts or ends with a space, so that every format can show it (Markdown's ``~~`` needs that)."""
    was, now = _TOKEN.findall(before), _TOKEN.findall(after)
    old: list[Segment] = []
    new: list[Segment] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, was, now, autojunk=False).get_opcodes():
        if op == "equal":
            _add(old, "same", "".join(was[i1:i2]))
            _add(new, "same", "".join(now[j1:j2]))
        else:
            _add(old, "del", "".join(was[i1:i2]))
            _add(new, "ins", "".join(now[j1:j2]))
    return _bridged(old), _bridged(new)


def _bridged(pieces: list[Segment]) -> list[Segment]:
    """Two marks separated by a space only are one ("[-Exécution d'un contrat-]", not "[-Exécution-] [-d'un…")."""
    out: list[Segment] = []
    for piece in pieces:
        if (len(out) >= 2 and out[-1].kind == "same" and not out[-1].text.strip()
                and out[-2].kind == piece.kind != "same"):
            space = out.pop()
            out[-1] = Segment(piece.kind, out[-1].text + space.text + piece.text)
        else:
            out.append(piece)
    return out


def _add(pieces: list[Segment], kind: Kind, text: str) -> None:
    if kind == "same":
        _join(pieces, kind, text)
        return
    core = text.strip()
    lead = text[:len(text) - len(text.lstrip())]
    _join(pieces, "same", lead)
    _join(pieces, kind, core)
    _join(pieces, "same", text[len(lead) + len(core):])


def _join(pieces: list[Segment], kind: Kind, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].kind == kind:
        pieces[-1] = Segment(kind, pieces[-1].text + text)
    else:
        pieces.append(Segment(kind, text))


def _field(change: FactChange) -> FieldChangeView:
    if change.before is None:
        return FieldChangeView(change.label, None, [Segment("ins", change.after or "")])
    if change.after is None:
        return FieldChangeView(change.label, [Segment("del", change.before)], None)
    before, after = segments(change.before, change.after)
    return FieldChangeView(change.label, before, after)


def _activity(change: ActivityChange, t: Messages) -> ActivityChangeView:
    return ActivityChangeView(change.id, change.name, t(f"changes.{change.status}"),
                              t("changes.moved", path=change.moved_from) if change.moved_from else None,
                              [_field(fact) for fact in change.facts])


def _finding(finding: Finding, t: Messages) -> FindingView:
    return FindingView(finding.code, t(f"changes.severity.{finding.severity}"), finding.activity, finding.message)


def changes_view(changes: RegisterChanges, t: Messages) -> ChangesView:
    return ChangesView(
        title=t("changes.title"),
        period=t("changes.between", before=changes.before, after=changes.after),
        activities=[_activity(a, t) for a in changes.activities],
        findings_new=[_finding(f, t) for f in changes.findings_new],
        findings_gone=[_finding(f, t) for f in changes.findings_gone],
        empty=t("changes.none") if changes.empty else None,
    )
