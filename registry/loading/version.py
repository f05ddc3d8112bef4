"""Which version of the register a document shows: the git commit, and whether files changed since."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..resources import override_templates
from .git import GitFailed, git, git_text
from .reader import ACTIVITIES_DIR, SETTINGS_FILE, TEMPLATES_DIR, activity_entries, is_activity_file, template_files
from .yamlsource import MAX_FILE_BYTES


@dataclass(frozen=True)
class Version:
    commit: str | None
    """Short hash of HEAD; None when the register is not in a git repository."""
    modified: bool
    """Register files differ from the commit (uncommitted or untracked changes)."""


def register_version(root: Path) -> Version:
    answer = git_text(root, "rev-parse", "--show-object-format", "--show-prefix", "--verify", "--quiet", "--short", "HEAD")
    if not answer:  # outside git, or before the first commit
        return Version(None, False)
    object_format, prefix, commit = answer.split("\n")[:3]
    return Version(commit, _modified(root, prefix, object_format))


def _modified(root: Path, prefix: str, object_format: str) -> bool:
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
    now = _register_files(root)
    return committed.keys() != now.keys() or any(committed[path] not in _blob_ids(content, object_format)
                                                for path, content in now.items())


def _register_files(root: Path) -> dict[str, bytes | None]:
    """The files the tool reads from the working tree, by path in the register (a link by its target, as git
    keeps it); a file too large to be read is None, which no commit holds."""
    found: dict[str, bytes | None] = {}

    def add(relative: str, path: str, link: bool) -> None:
        try:
            found[relative] = os.readlink(path).encode() if link else _read(path)
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


def _read(path: str) -> bytes | None:
    with open(path, "rb") as stream:
        raw = stream.read(MAX_FILE_BYTES + 1)
    return raw if len(raw) <= MAX_FILE_BYTES else None


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
