"""``registry build``: view the register, render every requested format in memory, hand back the files.

Writing them is :func:`registry.write.staged.write_outputs`'s job, once everything
here has succeeded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from .cache.memo import Memo
from .cache.store import Cache
from .cache.templates import CompiledTemplates
from .diff.changeset import RegisterChanges
from .diff.compare import compare, register_at
from .errors import RegistryError
from .i18n import Messages
from .kept import NOTHING, Kept
from .loading.history import HistoryUnavailable, Revision, resolve
from .loading.register import Register
from .loading.version import Version, generation_time, register_version
from .problems import Problem
from .render.environment import Templates
from .render.register import FORMATS, RegisterDocument, gallery_pages
from .resources import templates_dir
from .views import BuildInfo, ChangeAnnex, change_annex, register_view
from .write.staged import Artifact

Progress = Callable[[int, int], None]
"""Told (steps done, steps in all) as the build advances."""


@dataclass(frozen=True)
class BuildResult:
    artifacts: list[Artifact]
    warnings: list[str]
    """Renderer warnings (WeasyPrint), for the CLI to show."""
    problems: list[Problem]
    """Facts the document marks "À compléter" (B001)."""
    deferred: Callable[[], list[Artifact]] | None = None
    """The snippet gallery's pages, when the build left them for later (the live preview renders them
    when one is opened, so that a save shows in the register sooner)."""


@dataclass(frozen=True)
class Timeline:
    """Where the register stands in its history: built at a past revision, and the changes annex."""

    at: Revision | None = None
    since: str | None = None
    """A date or revision for the changes annex (annex E); None leaves the annex out."""
    source: Path | None = None
    """The register's folder in git, when the register built was read from a past revision."""
    asked: bool = False
    """Whether the user named ``since``: then a revision that cannot be read stops the build, as bad input does,
    instead of a published annex saying the history is unreadable."""


def build_register(register: Register, formats: list[str], language: str | None = None,
                   pdf_variant: str | None = None, progress: Progress | None = None,
                   timeline: Timeline = Timeline(), jobs: int = 1, cache: Cache | None = None,
                   gallery: bool = True) -> BuildResult:
    language = language or register.settings.settings.language
    suffix = "" if language == register.settings.settings.language else f".{language}"
    messages = Messages(language)
    cache = cache or Cache(None)
    with Memo(cache, register.root, language) as kept:  # the stages' work, kept in the cache by what it follows from
        view = register_view(register, messages, _stamp(register, timeline, messages, kept),
                             _changes(register, timeline, messages, cache, kept), kept)
        document = RegisterDocument(view, Templates(register.root, CompiledTemplates(cache)), register, suffix,
                                    templates_dir(), pdf_variant, jobs=jobs, kept=kept, gallery=gallery)
        total = sum(FORMATS[f][1](view) for f in formats)
        done = 0

        def advance() -> None:
            nonlocal done
            done += 1
            if progress:
                progress(done, total)

        artifacts = [artifact for f in formats for artifact in FORMATS[f][0](document, advance)]
    deferred = None if gallery or "html" not in formats else partial(gallery_pages, document)
    return BuildResult(artifacts, document.warnings, view.problems, deferred)


def _stamp(register: Register, timeline: Timeline, messages: Messages, kept: Kept = NOTHING) -> BuildInfo:
    """The version every output shows: the working copy's, or the past revision the register was read at."""
    at = timeline.at
    if at is None:
        return BuildInfo(register_version(register.root, kept), generation_time())
    return BuildInfo(Version(at.short, False), generation_time(),
                     messages("changes.at", date=messages.date(at.day), short=at.short))


def _created_by(register: Register, since: str) -> set[str]:
    """The activities whose creation date is on or before ``since`` (a date; none for a revision)."""
    try:
        day = date.fromisoformat(since)
    except ValueError:
        return set()
    return {a.model.id for a in register.activities if (created := register.dates_of(a)[0]) and created <= day}


def _changes(register: Register, timeline: Timeline, messages: Messages, cache: Cache, kept: Kept) -> ChangeAnnex | None:
    """Annex E from the same comparison as ``registry diff``, or the reason the history cannot be read;
    the earlier register is read through the cache (most of its files are those of today)."""
    if timeline.since is None:
        return None
    root = timeline.source or register.root
    until = (messages("changes.revision", short=timeline.at.short, date=messages.date(timeline.at.day))
             if timeline.at else messages("changes.working_tree"))
    changes: RegisterChanges | str
    try:
        since = resolve(root, timeline.since)
        before, _ = register_at(root, since, kept=cache, now=register)
        changes = compare(before, register, messages, messages("changes.revision", short=since.short,
                                                               date=messages.date(since.day)),
                          until, date.today(), with_findings=False, kept=kept)
    except HistoryUnavailable as exc:
        if exc.reason == "no_commit":  # the history starts later: everything in it is new
            empty = Register(register.root, register.settings_path, register.settings, register.settings_source,
                             register.settings_digest)
            changes = compare(empty, register, messages, messages("changes.origin"), until, date.today(),
                              with_findings=False, kept=kept).created_before(_created_by(register, timeline.since))
        else:
            changes = messages(f"changes.reason.{exc.reason}")
    except RegistryError:  # an unknown revision, a damaged repository: git's words are not the document's
        if timeline.asked:
            raise
        changes = messages("changes.reason.unreadable")
    label = timeline.since
    try:
        label = messages.date(date.fromisoformat(timeline.since)) or label
    except ValueError:
        pass
    return change_annex(changes, label, messages)
