"""Which version of the register a document shows: the git commit, and whether files changed since."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

from ..kept import NOTHING, Kept
from ..resources import override_templates
from .git import GitFailed, git, git_text
from .reader import ACTIVITIES_DIR, SETTINGS_FILE, TEMPLATES_DIR, activity_entries, is_activity_file, template_files
from .yamlsource import MAX_FILE_BYTES

T = TypeVar("T")


@dataclass(frozen=True)
class Version:
    commit: str | None
    """Short hash of HEAD; None when the register is not in a git repository."""
    modified: bool
    """Register files differ from the commit (uncommitted or untracked changes)."""


def register_version(root: Path, kept: Kept = NOTHING) -> Version:
    """The commit checked out and whether the register's files differ from it; ``kept`` remembers the
    working tree's blob ids by the files' status (size, times, inode), so a warm build reads no file again."""
    answer = git_text(root, "rev-parse", "--show-object-format", "--show-prefix", "--verify", "--quiet", "--short", "HEAD")
    if not answer:  # outside git, or before the first commit
        return Version(None, False)
    object_format, prefix, commit = answer.split("\n")[:3]
    return Version(commit, _modified(root, prefix, object_format, kept))


def _modified(root: Path, prefix: str, object_format: str, kept: Kept) -> bool:
    """Whether a file the tool reads differs from the commit, or is not in it, or one the commit holds is gone.

    The working tree's files are hashed here, as git hashes a blob, rather than asked of ``git status``:
    status refreshes the index, which runs the repository's clean filters on changed files, a command
    of whoever wrote ``.gitattributes``. A file whose lines end in CRLF matches a commit made with
    ``core.autocrlf``."""
    try:
        listed = git(root, "ls-tree", "-r", "-z", "--full-tree", "HEAD", "--",
                     *(prefix + name for name in (SETTINGS_FILE, ACTIVITIES_DIR, TEMPLATES_DIR)))
    except GitFailed:
        return True  # a damaged repository: the register cannot be said to be the commit's
    templates = override_templates(root) is not None
    committed = {}
    for record in filter(None, listed.split(b"\0")):
        meta, _, name = record.partition(b"\t")
        relative = name.decode("utf-8", "replace")[len(prefix):]
        if relative == SETTINGS_FILE or is_activity_file(relative) or (templates and relative.startswith(f"{TEMPLATES_DIR}/")):
            committed[relative] = meta.split()[2].decode()
    now = _working_blobs(root, object_format, kept)
    return committed.keys() != now.keys() or any(committed[path] not in ids for path, ids in now.items())


def _working_blobs(root: Path, object_format: str, kept: Kept) -> dict[str, list[str]]:
    """Each file's possible blob ids, remembered by the status of every file: a file written since has
    another modification and change time, and its bytes are read and hashed again."""
    status = _register_files(root, read=_status)
    return kept.remember("working-tree blobs", (object_format, repr(sorted(status.items()))),
                         lambda: {path: sorted(_blob_ids(content, object_format))
                                  for path, content in _register_files(root, read=_content).items()})


def _register_files(root: Path, read: Callable[[str, bool], T]) -> dict[str, T]:
    """What ``read`` gives of each file the tool reads from the working tree, by path in the register."""
    found: dict[str, T] = {}

    def add(relative: str, path: str, link: bool) -> None:
        try:
            found[relative] = read(path, link)
        except OSError:
            pass  # gone since it was listed, or unreadable: not what the commit holds

    settings = root / SETTINGS_FILE
    if settings.is_file() or settings.is_symlink():
        add(SETTINGS_FILE, str(settings), settings.is_symlink())
    for entry in activity_entries(root):
        add(f"{ACTIVITIES_DIR}/{entry.name}", entry.path, entry.is_symlink())
    if overrides := override_templates(root):
        for path in template_files(root, overrides):
            add(path.relative_to(root).as_posix(), str(path), path.is_symlink())
    return found


def _content(path: str, link: bool) -> bytes | None:
    """A file's bytes as git keeps them (a link by its target); None for a file too large, which no commit
    holds."""
    if link:
        return os.readlink(path).encode()
    with open(path, "rb") as stream:
        raw = stream.read(MAX_FILE_BYTES + 1)
    return raw if len(raw) <= MAX_FILE_BYTES else None


def _status(path: str, link: bool) -> tuple[int, int, int, int]:
    """What changes whenever a file is written: its size, its modification and change times, its inode."""
    found = os.lstat(path)
    return found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino


def _blob_ids(content: bytes | None, object_format: str) -> set[str]:
    """The ids git gives these bytes as a blob, as they are and with CRLF line ends made LF."""
    variants = {content, content.replace(b"\r\n", b"\n")} if content is not None else set()
    return {hashlib.new("sha256" if object_format == "sha256" else "sha1",
                        b"blob %d\0" % len(variant) + variant).hexdigest() for variant in variants}


def generation_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, so that builds can be reproduced byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(tz=timezone.utc)
