"""The snippet gallery: ``notices/index.html`` lists the activities, and ``notices/<id>.html`` holds
each one's notice texts in every language, with buttons that copy them as formatted or as plain text: the
pages a salesperson opens. One page per activity keeps each small, however large the register."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import cache as remembered
from functools import partial

from markupsafe import Markup

from ..i18n import Messages
from ..kept import Kept
from ..loading.register import ControllerActivity, Register
from ..loading.version import Version
from ..models.vocabulary import Language, values
from ..notices import notice_writer
from ..notices.content import NoticeWriter
from ..notices.model import Notice, Section
from ..views.document import version_label
from ..views.fiche import anchor
from ..write.staged import Artifact
from .environment import Templates
from .furniture import fill, shape, stand_in


@dataclass(frozen=True)
class Snippet:
    id: str
    label: str
    html: Markup


@dataclass(frozen=True)
class LanguageSnippets:
    """One activity's texts in one language."""

    code: str
    name: str
    anchor: str
    snippets: list[Snippet]


@dataclass(frozen=True)
class LanguageNotices:
    """What one activity's texts in one language say, before they are rendered: (kind, label, notice)."""

    activity_id: str
    code: str
    name: str
    anchor: str
    pieces: list[tuple[str, str, Notice]]


@dataclass(frozen=True)
class ActivityLink:
    id: str
    name: str
    page: str


def gallery(register: Register, templates: Templates, language: str, suffix: str, generator: str,
            version: Version, kept: Kept) -> list[Artifact]:
    """The index, then a page per activity with its texts in each language, the register's first.

    A page is rendered again only when what its notices are written from changed: the activity, its
    file and dates, ``registry.yaml``, the wording, the templates; the register's version is furniture,
    filled in as the page is written, so that a commit renders no page again. Most pages
    of a large register are then found in the cache without composing a notice, and kept from the
    previous output without even being read (see :attr:`~registry.write.staged.Artifact.made_from`).
    """
    t = Messages(language)
    codes = [language, *(code for code in values(Language) if code != language)]
    labels = [version_label(version, Messages(code)) for code in codes]
    stand_ins = [stand_in(label, slot) for slot, label in enumerate(labels)]
    writer = remembered(lambda code, printed: notice_writer(register, code, True, printed))
    script = templates.render("gallery/copy.js", {})
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    common = {"t": t, "lang": language, "organisation": t.fact(register.settings.organisation.name),
              "generator": generator, "suffix": suffix}
    written_from = (templates.digest, *(Messages(code).digest for code in codes), language, suffix,
                    generator, shape(stand_ins), register.settings_digest)

    def page(sourced: ControllerActivity, name: str, printed: list[str]) -> str:
        return templates.render("gallery/gallery.html", {
            **common, "id": sourced.model.id, "name": name,
            "languages": [_snippets(templates, _notices(writer(code, version), sourced), kept)
                          for code, version in zip(codes, printed, strict=True)],
            "script": Markup(script), "script_hash": f"sha256-{digest}"})

    def content(parts: tuple[str, ...], sourced: ControllerActivity, name: str) -> bytes:
        """The page kept with the version's stand-ins, the version filled in (see :mod:`.furniture`)."""
        filled = fill(kept.remember("gallery-page", parts, partial(page, sourced, name, stand_ins)), labels)
        return (filled if filled is not None else page(sourced, name, labels)).encode()

    pages, links = [], []
    for sourced in register.controller_activities:
        activity_id, name = sourced.model.id, t.text(sourced.model.name) or ""
        links.append(ActivityLink(activity_id, name, f"{activity_id}{suffix}.html"))
        parts = (*written_from, sourced.digest, type(sourced.model).__name__, repr(register.dates_of(sourced)))
        pages.append(Artifact(f"notices/{activity_id}{suffix}.html",
                              partial(content, parts, sourced, name),
                              made_from=kept.made_from("gallery-page", (*parts, *labels))))
    index = templates.render("gallery/index.html", {**common, "activities": links})
    return [Artifact(f"notices/index{suffix}.html", index.encode()), *pages]


def _notices(writer: NoticeWriter, sourced: ControllerActivity) -> LanguageNotices:
    """One activity's notices in one language: the short one, the full one, and the full one's form
    boxes and message sentences as snippets of their own."""
    t = writer.t
    full = writer.full(sourced)
    pieces: list[tuple[str, str, Notice]] = [("short", t("gallery.short"), writer.short(sourced)),
                                             ("full", t("gallery.full"), full)]
    pieces += [(f"part{n}", section.title or "", _alone(full, section))
               for n, section in enumerate(full.sections) if section.checkboxes or section.in_messages]
    activity_id = sourced.model.id
    return LanguageNotices(activity_id, t.language, t.text(sourced.model.name) or "",
                           f"{anchor(activity_id)}-{t.language}", pieces)


def _snippets(templates: Templates, notices: LanguageNotices, kept: Kept) -> LanguageSnippets:
    key = f"{notices.activity_id}-{notices.code}"
    return LanguageSnippets(notices.code, notices.name, notices.anchor, [
        Snippet(f"{key}-{kind}", label, _render(templates, notice, notices.code, kept))
        for kind, label, notice in notices.pieces])


def _alone(notice: Notice, section: Section) -> Notice:
    """One section as a snippet of its own: the form's boxes, the sentences of each message."""
    return Notice(notice.name, section.title or notice.title, [], [Section(
        None, section.paragraphs, section.items, section.after, section.level, None, section.checkboxes,
        section.in_messages)])


def _render(templates: Templates, notice: Notice, code: str, kept: Kept) -> Markup:
    """A snippet, rendered once for what the notice says (most of a register's notices do not change). Its
    plain text is the browser's reading of this HTML (copy.js), so that both say the same."""
    return Markup(kept.remember("notice-snippet", (templates.digest, "html", code, repr(notice)),
                                lambda: templates.render("notice/notice.html", {}, notice=notice, lang=code,
                                                         top_level=2)))
