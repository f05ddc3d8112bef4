"""A notice as plain structure: a title, then sections of sentences and lists.

Sentences are inline Markdown (our links, the DPO's emphasis); the renderers
turn the same structure into Markdown, an HTML fragment or wrapped text, so
the three formats can never say different things.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Section:
    title: str | None
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    """Paragraphs that follow the list."""
    level: int = 2
    anchor: str | None = None
    """An id to link to, e.g. ``activity-GC-01`` in the policy page."""
    checkboxes: bool = False
    """The items are boxes of a collection form: real checkboxes in HTML, ☐ in text."""
    in_messages: bool = False
    """The sentences every marketing message carries (how to unsubscribe)."""


@dataclass
class Notice:
    name: str
    """File stem when written to a folder, e.g. ``PR-01.full.fr``."""
    title: str
    intro: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    """The notice's date and version."""


def link(label: str, url: str) -> str:
    return f"[{label}]({url})"


@dataclass(frozen=True)
class NoticeDocument:
    """What a notice printed as a document carries besides its text."""

    organisation: str
    language: str
    generator: str
    generated_iso: str
    page: bool = False
    """HTML: a standalone page rather than a fragment to paste."""
    annex: bool = False
    """Compact layout, to append to general terms of sale or a contract."""
    pdf_variant: str | None = None
