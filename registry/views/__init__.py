"""What the register templates see: the model turned into typed, localised views.

Templates do no logic beyond loops and conditionals and read named fields
(``organisation.controller.name``); every label comes from the message
catalogue, every value is already formatted for the language. ``None`` means
"recommended information missing": templates show it as a visible "À
compléter" mark, and :class:`~registry.views.gaps.Gaps` reports where to fill it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..diff.changeset import RegisterChanges
from ..i18n import Messages
from ..kept import NOTHING, Kept
from ..loading.register import Register
from ..loading.version import Version
from ..problems import Problem
from .annexes import CONTENTS_ON_COVER, AnnexesView, annexes_view, in_tables
from .changelog import ChangesView, changes_view
from .document import BuildInfo, DocumentView, OrganisationView, document_view, organisation_view
from .fiche import FicheView, FicheWriter
from .gaps import Gaps


@dataclass(frozen=True)
class RegisterView:
    lang: str
    t: Messages
    sep: str
    semi: str
    document: DocumentView
    version: Version
    """The register's version, which the document names (and the notices beside it)."""
    organisation: OrganisationView
    fiches: list[FicheView]
    fiche_tables: list[list[FicheView]]
    """The fiches as the list of activities groups them in tables (see ``in_tables``)."""
    contents_parts: list[list[FicheView]]
    """The fiches as the table of contents groups them: a part on the cover, then a part a page."""
    annexes: AnnexesView | None
    changes: ChangeAnnex | None
    problems: list[Problem]
    """The gaps the document marks "À compléter" (B001 warnings)."""

    def context(self) -> dict[str, object]:
        """The names templates read."""
        return {name: getattr(self, name) for name in
                ("lang", "t", "sep", "semi", "document", "organisation", "fiches", "fiche_tables", "contents_parts",
                  "annexes", "changes")}


@dataclass(frozen=True)
class ChangeAnnex:
    """Annex E: what changed since a date or revision, or why the history cannot be read."""

    heading: str
    changes: ChangesView | None
    unavailable: str | None


def change_annex(changes: RegisterChanges | str, since: str, messages: Messages) -> ChangeAnnex:
    """From the changes, or from the reason they could not be computed."""
    heading = messages("changes.annex", since=since)
    if isinstance(changes, str):
        return ChangeAnnex(heading, None, messages("changes.unavailable", reason=changes))
    return ChangeAnnex(heading, changes_view(changes, messages), None)


def register_view(register: Register, messages: Messages, info: BuildInfo,
                  changes: ChangeAnnex | None = None, kept: Kept = NOTHING) -> RegisterView:
    """The register's view; each activity's fiche and annex rows written once for what they follow from
    (see :meth:`FicheWriter.kept`)."""
    gaps = Gaps(register)
    organisation = organisation_view(register, messages, gaps)
    writer = FicheWriter(register, messages, gaps, kept)
    fiches = [writer.fiche(a) for a in register.ordered]
    controller = register.controller_activities
    annexes = annexes_view(writer, controller) if controller else None
    return RegisterView(
        lang=messages.language,
        t=messages,
        sep=messages("document.sep"),
        semi=messages("document.semi"),
        document=document_view(register, messages, info),
        version=info.version,
        organisation=organisation,
        fiches=fiches,
        fiche_tables=in_tables(fiches),
        contents_parts=in_tables(fiches, first=CONTENTS_ON_COVER),
        annexes=annexes,
        changes=changes,
        problems=gaps.problems,
    )


__all__ = ["BuildInfo", "ChangeAnnex", "RegisterView", "change_annex", "register_view"]
