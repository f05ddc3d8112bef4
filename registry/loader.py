"""Load a register folder: ``registry.yaml`` and ``activities/*.yaml``, every problem of every file."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .models import Activity, ProcessorActivity, RegistryFile
from .problems import Problem, display_path
from .references import check_references
from .register import Register, SourcedActivity
from .validation import validate
from .yamlsource import ParsedFile, parse_file

SETTINGS_FILE = "registry.yaml"
ACTIVITIES_DIR = "activities"
MAX_ACTIVITIES = 5000
"""Twice the largest registers kept by groups; what a build may be asked to lay out stays bounded."""


@dataclass
class LoadResult:
    register: Register | None
    """None when ``registry.yaml`` itself is unusable."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.register is not None and not self.problems


def activity_files(root: Path) -> list[Path]:
    folder = root / ACTIVITIES_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def _outside(path: Path, root: Path) -> Problem | None:
    """A file (or the activities folder) that is a link leading out of the register: refused, never read."""
    real = path.resolve()
    if real.is_relative_to(root.resolve()):
        return None
    return Problem(display_path(path, root), 1, 1, "V015",
                   "this is a link to a file outside the register's folder: copy the file into the register")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Parsing creates and keeps many small objects without cycles; reference counting
    frees them, while the cyclic collector would rescan the growing register again
    and again (a third of the load time on 1,000 activities)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load(root: Path) -> LoadResult:
    """Parse and validate everything; cross-references are checked once every file is valid."""
    with _collector_paused():
        return _load(root)


def _load(root: Path) -> LoadResult:
    problems: list[Problem] = []
    settings_file = root / SETTINGS_FILE
    settings_display = display_path(settings_file, root)
    if not settings_file.is_file():
        problems.append(Problem(settings_display, 1, 1, "V013",
                                f"no {SETTINGS_FILE} in {root}: a register needs one (create it with 'registry init')"))
        parsed_settings = ParsedFile(settings_display)
        settings = None
    elif (outside := _outside(settings_file, root)) is not None:
        problems.append(outside)
        parsed_settings = ParsedFile(settings_display)
        settings = None
    else:
        parsed_settings = parse_file(settings_file, settings_display)
        settings = validate(RegistryFile, parsed_settings) if parsed_settings.ok else None
        problems += parsed_settings.problems

    processor_register = _is_processor_register(parsed_settings, settings)
    activities = []
    files = activity_files(root)
    if len(files) > MAX_ACTIVITIES:
        problems.append(Problem(ACTIVITIES_DIR, 1, 1, "V017", f"{len(files)} activity files; a register allows at "
                                                              f"most {MAX_ACTIVITIES}"))
        files = []
    for path in files:
        if (outside := _outside(path, root)) is not None:
            problems.append(outside)
            continue
        parsed = parse_file(path, display_path(path, root))
        activity = validate(_model_of(parsed, processor_register), parsed) if parsed.ok else None
        problems += parsed.problems
        if activity is not None:
            activities.append(SourcedActivity(parsed.path, parsed.source, activity))

    if settings is None:
        return LoadResult(None, sorted(problems))
    register = Register(root, settings_display, settings, parsed_settings.source, activities)
    problems += check_references(register)
    return LoadResult(register, sorted(problems))


def _model_of(parsed: ParsedFile, processor_register: bool) -> type[Activity] | type[ProcessorActivity]:
    """An activity's own ``role`` decides its model; without one, the register's kind does."""
    role = parsed.data.get("role") if isinstance(parsed.data, dict) else None
    if role in ("controller", "processor"):
        return ProcessorActivity if role == "processor" else Activity
    return ProcessorActivity if processor_register else Activity


def _is_processor_register(parsed: ParsedFile, settings: RegistryFile | None) -> bool:
    """The register's kind, read from the raw data when ``registry.yaml`` is invalid elsewhere."""
    if settings is not None:
        return settings.settings.kind == "processor"
    data = parsed.data if isinstance(parsed.data, dict) else {}
    section = data.get("register")
    return isinstance(section, dict) and section.get("kind") == "processor"
