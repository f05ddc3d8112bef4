"""The register's version as page furniture: kept out of what is cached, filled in when a page is written.

Every notice and gallery page names the version, so a commit used to make all of them new: every page
rendered again, and a new cache entry for each, at every commit. Content is rendered instead with a
stand-in of the version's shape (its length, its spaces where it has them), made of characters a
register never holds (control characters, refused as V016) and that neither Markdown, HTML escaping nor
wrapping at spaces alter; :func:`fill` puts the version's words in their place. A wrap made at the
stand-in's spaces falls where the version's would, so the page comes out byte for byte as if rendered
with the version itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_MARKS = "\x0e\x0f\x10\x11"
"""One mark per slot (a language of a gallery page): none is whitespace, a word character, Markdown syntax,
nor one of Python-Markdown's own placeholders (\\x02, \\x03)."""
_PLAIN = re.compile(r"[\w ().,:/]+")
"""What a version label may hold to pass through Markdown, wrapping and HTML escaping unchanged."""
_WORDS = re.compile(r"[^ ]+")


def stand_in(label: str, slot: int) -> str:
    """``label``'s stand-in in ``slot``: the same length, with its spaces, every other character the slot's
    mark. A label that markup could alter (never one the tool writes) stands for itself."""
    if not _PLAIN.fullmatch(label) or label != label.strip() or "  " in label:
        return label
    mark = _MARKS[slot]
    return "".join(" " if char == " " else mark for char in label)


def shape(stand_ins: Sequence[str]) -> str:
    """What content rendered with these stand-ins follows from: their lengths and spaces, not the version."""
    return "|".join(stand_ins)


def fill(text: str, labels: Sequence[str]) -> str | None:
    """``text`` with each stand-in of slot *n* replaced by ``labels[n]``, word by word, whatever a wrap put
    between the words; None if a stand-in was cut (a template that shortened it), for the caller to render
    with the labels themselves."""
    for slot, label in enumerate(labels):
        mark = _MARKS[slot]
        marks = text.count(mark)
        if not marks:
            continue
        whole = stand_in(label, slot)
        if text.count(whole) * (len(whole) - whole.count(" ")) == marks:  # no wrap fell inside: one pass
            text = text.replace(whole, label)
            continue
        words = _WORDS.findall(label)
        runs = re.findall(f"{re.escape(mark)}+", text)
        if len(runs) % len(words) or any(len(run) != len(words[n % len(words)]) for n, run in enumerate(runs)):
            return None
        replacements = iter(words[n % len(words)] for n in range(len(runs)))
        text = re.sub(f"{re.escape(mark)}+", lambda _: next(replacements), text)
    return text
