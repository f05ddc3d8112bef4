"""A loaded register: the validated model plus where each part came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .models import Activity, ProcessorActivity, RegistryFile
from .yamlsource import SourceNode

CATALOGUES = ("departments", "processors", "partners", "recipients", "security_measures")
"""The lists of ``registry.yaml`` whose entries activities refer to by id."""


@dataclass(frozen=True)
class SourcedActivity:
    path: str
    """Path of the file as shown to the user, relative to the register."""
    source: SourceNode
    model: Activity | ProcessorActivity


@dataclass
class Register:
    root: Path
    settings_path: str
    settings: RegistryFile
    settings_source: SourceNode
    activities: list[SourcedActivity] = field(default_factory=list)

    @cached_property
    def _index(self) -> dict[str, tuple[str, Any]]:
        index: dict[str, tuple[str, Any]] = {}
        for catalogue in CATALOGUES:
            for entry in getattr(self.settings, catalogue):
                index.setdefault(entry.id, (catalogue, entry))
        return index

    def catalogue_of(self, entry_id: str) -> str | None:
        """Which catalogue defines ``entry_id`` (None when no catalogue does)."""
        found = self._index.get(entry_id)
        return found[0] if found else None

    def entry(self, entry_id: str) -> Any:
        """The catalogue entry with this id; references were checked at load time."""
        return self._index[entry_id][1]

    def recipient_kind(self, entry_id: str) -> str:
        """departments, processors, partners, or the kind of an entry of ``recipients``."""
        catalogue = self.catalogue_of(entry_id) or "recipients"
        return self.entry(entry_id).kind if catalogue == "recipients" else catalogue

    def name_of(self, entry_id: str, language: str) -> str:
        """Catalogue entries name themselves in plain text (processors, partners) or per language."""
        name = self.entry(entry_id).name
        return name if isinstance(name, str) else name.get(language, self.settings.settings.language)

    @property
    def is_processor(self) -> bool:
        return self.settings.settings.kind == "processor"
