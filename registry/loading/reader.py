"""The one reader of a register's files: which files make a register, and which of them are refused unread.

The loader, ``registry serve`` and the history (files at a git revision) all
take a register's files from here, under the same limits: no link out of the
register's folder, no file over the size limit, no more activity files than a
register allows. A refused file is a located problem and its content is never
read, so no command can quote it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..codes import V013, V015, V017
from ..problems import Problem, display_path
from .layout import ACTIVITIES_DIR as ACTIVITIES_DIR
from .layout import ACTIVITY_SUFFIXES as ACTIVITY_SUFFIXES
from .layout import SETTINGS_FILE as SETTINGS_FILE
from .yamlsource import MAX_FILE_BYTES, ParsedFile, read_limited, too_large

MAX_ACTIVITIES = 5000
"""Twice the largest registers kept by groups; what a build may be asked to lay out stays bounded."""
MAX_REGISTER_BYTES = 256 * 1_048_576
"""All the activity files together: each may be 1 MiB, 5,000 of them would be 5 GB held at once; a large
real register is a few tens of megabytes."""


@dataclass
class RawFiles:
    """A register's files as bytes, by their paths in the register, with the problems of those refused."""

    settings: bytes | None
    """None when ``registry.yaml`` is absent or refused (a problem says why)."""
    activities: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def is_activity_file(relative: str) -> bool:
    """Whether a path inside the register names an activity file: ``activities/NAME.yaml`` (or ``.yml``)."""
    folder, _, name = relative.partition("/")
    return folder == ACTIVITIES_DIR and "/" not in name and name.endswith(ACTIVITY_SUFFIXES)


def no_settings(root: Path) -> Problem:
    return V013.at(SETTINGS_FILE, 1, 1, settings=SETTINGS_FILE, root=root)


def too_many(count: int) -> Problem:
    return V017.at(ACTIVITIES_DIR, 1, 1, f"{count} activity files; a register allows at most {MAX_ACTIVITIES}")


def too_heavy(size: int) -> Problem:
    return V017.at(ACTIVITIES_DIR, 1, 1, f"the activity files hold {size / 1_048_576:.0f} MiB together; a register "
                                         f"allows at most {MAX_REGISTER_BYTES // 1_048_576} MiB")


def over_size(path: str, size: int) -> Problem | None:
    """The problem of a file too large to be read, known from its size before reading it."""
    return V017.at(path, 1, 1, too_large(size)) if size > MAX_FILE_BYTES else None


def link_out(path: str) -> Problem:
    return V015.at(path, 1, 1)


def activity_files(root: Path) -> list[Path]:
    return [Path(entry.path) for entry in activity_entries(root)]


def activity_entries(root: Path) -> list[os.DirEntry[str]]:
    """The activity files, as the folder lists them: whether each is a link is known without asking again."""
    try:
        with os.scandir(root / ACTIVITIES_DIR) as entries:
            return sorted((e for e in entries if e.name.endswith(ACTIVITY_SUFFIXES) and e.is_file()),
                          key=lambda e: e.name)
    except OSError:  # no activities folder (or not a folder)
        return []


def leads_inside(path: Path, root: Path) -> bool:
    """Whether ``path``, its links followed, is a file of the register's own: inside its folder, and in none
    of its hidden files or folders (``.git/config`` holds a CI's token, ``.env`` a developer's secrets), which
    a link committed by a stranger would otherwise publish in a template's place."""
    try:
        inside = path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return not any(part.startswith(".") for part in inside.parts)


def located(path: Path, root: Path, linked: bool) -> str | Problem:
    """The file's path as the user knows it, or the problem of a link leading out of the register
    (refused, never read); ``linked`` when the file or a folder on its way is a symbolic link."""
    if not linked:
        return path.relative_to(root).as_posix()  # where it says it is: the common case, kept cheap
    if leads_inside(path, root):
        return display_path(path, root)
    return link_out(path.relative_to(root).as_posix() if path.is_relative_to(root) else display_path(path, root))


def read_register(root: Path) -> RawFiles:
    """``registry.yaml`` and the activity files of a register folder, each read once, within the limits."""
    files = RawFiles(None)
    settings_file = root / SETTINGS_FILE
    if not settings_file.is_file():
        files.problems.append(no_settings(root))
    else:
        files.settings = _read(settings_file, root, settings_file.is_symlink() or root.is_symlink(), files.problems)[1]
    entries = activity_entries(root)
    if len(entries) > MAX_ACTIVITIES:
        files.problems.append(too_many(len(entries)))
        entries = []
    folder_linked = (root / ACTIVITIES_DIR).is_symlink()
    total = 0
    for entry in entries:
        where, raw = _read(Path(entry.path), root, folder_linked or entry.is_symlink(), files.problems)
        if raw is not None:
            files.activities[where] = raw
            total += len(raw)
            if total > MAX_REGISTER_BYTES:  # refused as a whole before more is held in memory
                files.problems.append(too_heavy(total))
                files.activities.clear()
                break
    return files


def _read(path: Path, root: Path, linked: bool, problems: list[Problem]) -> tuple[str, bytes | None]:
    """The file's path as the user knows it and its bytes, or None when refused (its problem added)."""
    where = located(path, root, linked)
    if isinstance(where, Problem):
        problems.append(where)
        return where.path, None
    raw = read_limited(path, where)
    if isinstance(raw, ParsedFile):
        problems.extend(raw.problems)
        return where, None
    return where, raw


TEMPLATES_DIR = "templates"
MAX_TEMPLATES = 1000
"""Files a register's ``templates/`` may hold: the built-in set has about thirty."""


def templates_refused(root: Path, folder: Path) -> Problem | None:
    """The problem of a register's ``templates/`` folder that is a link out of the register (to /usr, say)."""
    return None if leads_inside(folder, root) else link_out(display_path(folder, root))


def read_template(root: Path, path: Path) -> bytes | Problem:
    """A template of the register's own, under the rules of every file read from a register: no link out of
    its folder, a regular file (not a device, a pipe or /proc), at most the size of a register file."""
    display = path.relative_to(root).as_posix() if path.is_relative_to(root) else display_path(path, root)
    if not leads_inside(path, root):
        return link_out(display)
    raw = read_limited(path, display)
    return raw.problems[0] if isinstance(raw, ParsedFile) else raw


def template_files(root: Path, folder: Path) -> list[Path]:
    """The regular files a register's ``templates/`` folder holds inside the register, in a stable order;
    links out, other kinds of files, files over the size limit and links to folders are left out (a template
    among them is refused when it is rendered)."""
    if templates_refused(root, folder) is not None:
        return []
    found: list[Path] = []
    for parent, folders, names in os.walk(folder):
        folders.sort()
        for name in sorted(names):
            path = Path(parent, name)
            if path.is_file() and leads_inside(path, root) and path.stat().st_size <= MAX_FILE_BYTES:
                found.append(path)
                if len(found) >= MAX_TEMPLATES:
                    return found
    return found
