"""A loaded register: the validated model, where each part came from, and the answers derived from it.

Facts that several stages need (a recipient's country, the order of the
activities, a catalogue entry's display name) are answered here once, so the
register document, the notices and the checks can never disagree on them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Generic, TypeGuard, TypeVar

from ..models import Activity, ProcessorActivity, RegistryFile
from ..models.organisation import Department, Partner, Processor, SecurityMeasure, ThirdParty
from ..models.vocabulary import TODO
from .history import FileDates, Revision, file_dates, last_changes_of_substance
from .yamlsource import SourceNode

ONLINE = "online"
"""Where the public is when it reads data published on the internet: anywhere (see ``ThirdParty.online``)."""

CATALOGUES = ("departments", "processors", "partners", "recipients", "security_measures")
"""The lists of ``registry.yaml`` whose entries activities refer to by id."""

RecipientEntry = Department | Processor | Partner | ThirdParty
CatalogueEntry = RecipientEntry | SecurityMeasure

ModelT = TypeVar("ModelT", bound=Activity | ProcessorActivity, covariant=True)


@dataclass(frozen=True)
class Sourced(Generic[ModelT]):
    """An activity's model with the file it came from and the positions of its values."""

    path: str
    """Path of the file as shown to the user, relative to the register."""
    source: SourceNode
    model: ModelT
    digest: str
    """The file's path and content, hashed: what is derived from this activity alone is cached by it."""


SourcedActivity = Sourced[Activity | ProcessorActivity]
ControllerActivity = Sourced[Activity]


def is_controller(activity: SourcedActivity) -> TypeGuard[ControllerActivity]:
    """A controller's activity (Art. 30(1)), as opposed to a processor's (Art. 30(2))."""
    return isinstance(activity.model, Activity)


def natural_key(text: str) -> list[int | str]:
    """Order ids as people do: GC-2 before GC-10."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)]


@dataclass
class Register:
    root: Path
    settings_path: str
    settings: RegistryFile
    settings_source: SourceNode
    settings_digest: str
    """``registry.yaml``'s path and content, hashed (see :attr:`Sourced.digest`)."""
    activities: list[SourcedActivity] = field(default_factory=list)
    read_dates: Callable[[], dict[str, FileDates]] | None = field(default=None, repr=False, compare=False)
    """How the activities' dates are read from git, when the loader keeps them (by default, from the folder)."""
    read_changes: Callable[[], dict[str, Revision]] | None = field(default=None, repr=False, compare=False)
    """How each activity's last change of substance is read from git, when the loader keeps it."""

    @cached_property
    def _index(self) -> dict[str, tuple[str, CatalogueEntry]]:
        index: dict[str, tuple[str, CatalogueEntry]] = {}
        for catalogue in CATALOGUES:
            entries: list[CatalogueEntry] = getattr(self.settings, catalogue)
            for entry in entries:
                index.setdefault(entry.id, (catalogue, entry))
        return index

    @cached_property
    def ordered(self) -> list[SourcedActivity]:
        """The activities in the order every document lists them: by id, GC-2 before GC-10."""
        return sorted(self.activities, key=lambda a: natural_key(a.model.id))

    @property
    def controller_activities(self) -> list[ControllerActivity]:
        return [a for a in self.ordered if is_controller(a)]

    def catalogue_of(self, entry_id: str) -> str | None:
        """Which catalogue defines ``entry_id`` (None when no catalogue does)."""
        found = self._index.get(entry_id)
        return found[0] if found else None

    def entry(self, entry_id: str) -> CatalogueEntry:
        """The catalogue entry with this id; references were checked at load time."""
        return self._index[entry_id][1]

    def recipient(self, entry_id: str) -> RecipientEntry:
        entry = self.entry(entry_id)
        assert not isinstance(entry, SecurityMeasure), f"{entry_id} is a security measure, not a recipient"
        return entry

    def measure(self, entry_id: str) -> SecurityMeasure:
        entry = self.entry(entry_id)
        assert isinstance(entry, SecurityMeasure), f"{entry_id} is not a security measure"
        return entry

    def partner(self, entry_id: str) -> Partner:
        entry = self.entry(entry_id)
        assert isinstance(entry, Partner), f"{entry_id} is not a partner"
        return entry

    def recipient_kind(self, entry_id: str) -> str:
        """departments, processors, partners, or the kind of an entry of ``recipients``."""
        entry = self.recipient(entry_id)
        return entry.kind if isinstance(entry, ThirdParty) else self._index[entry_id][0]

    def country_of(self, entry_id: str) -> str | None:
        """Where a recipient processes the data, as the register says it: a country code, ``todo``,
        :data:`ONLINE` for the public reading what is published, or None when the register does not say.

        Departments are the organisation itself, where it is established; no other recipient is ever
        assumed to be there.
        """
        entry = self.recipient(entry_id)
        if isinstance(entry, Department):
            return self.settings.organisation.country or TODO  # the organisation's address is still todo
        if isinstance(entry, ThirdParty) and entry.online:
            return ONLINE
        return entry.country

    def name_of(self, entry_id: str, language: str) -> str:
        """Catalogue entries name themselves in plain text (processors, partners) or per language; a name
        still to be found is ``todo`` (documents show it through :meth:`registry.i18n.Messages.name_of`)."""
        entry = self.entry(entry_id)
        if isinstance(entry, SecurityMeasure):
            return entry.id
        name = entry.name
        return name if isinstance(name, str) else name.get(language, self.settings.settings.language)

    @cached_property
    def git_dates(self) -> dict[str, FileDates]:
        """Each activity file's first and last commits (none outside git)."""
        return self.read_dates() if self.read_dates is not None else file_dates(self.root)

    @cached_property
    def last_changes(self) -> dict[str, Revision]:
        """Each activity file's last commit that changed what it says, its ``updated`` date aside (none
        outside git)."""
        return self.read_changes() if self.read_changes is not None else last_changes_of_substance(self.root)

    def dates_of(self, activity: SourcedActivity) -> tuple[date | None, date | None]:
        """Created and last updated: as written in YAML, else from the file's git history (None outside git)."""
        model = activity.model
        if model.created and model.updated:
            return model.created, model.updated
        from_git = self.git_dates.get(activity.path)
        return (model.created or (from_git.created if from_git else None),
                model.updated or (from_git.updated if from_git else None))

    @property
    def is_processor(self) -> bool:
        return self.settings.settings.kind == "processor"


def waived(activity: SourcedActivity) -> set[str]:
    """Rules this activity waives with a reason (a waiver without reason waives nothing): what the checks
    skip."""
    return {w.rule for w in activity.model.waivers if w.reason is not None}
