"""The register through time, read from git: file dates, revisions by name or date, the register at a revision.

Everything here reads the repository and never touches the working tree. A
register outside git, a shallow clone or an unknown revision is a clear
:class:`~registry.errors.RegistryError`, never a traceback.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, partial
from pathlib import Path

from ..cache.keys import key
from ..cache.store import Cache
from ..errors import RegistryError


class HistoryUnavailable(RegistryError):
    """The history cannot answer; ``reason`` names why, for a document to say it in its own language."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def git(root: Path, *args: str, binary: bool = False) -> str | bytes | None:
    """The output of a git command run in ``root``, or None when git or the repository cannot answer."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout if binary else done.stdout.decode("utf-8", "replace")


def _text(root: Path, *args: str) -> str | None:
    out = git(root, *args)
    return out if isinstance(out, str) else None


@dataclass(frozen=True)
class Revision:
    commit: str
    """The full hash."""
    short: str
    day: date

    def label(self) -> str:
        return self.short


def resolve(root: Path, spec: str) -> Revision:
    """A revision named by git (a hash, a tag, HEAD~3) or a date (YYYY-MM-DD: the last commit on or before it)."""
    if _text(root, "rev-parse", "--is-inside-work-tree") is None:
        raise HistoryUnavailable("not_git", "the register is not in a git repository, so its history is unknown")
    try:
        day = date.fromisoformat(spec)
    except ValueError:
        day = None
    if day is not None:
        found = _text(root, "rev-list", "-1", f"--before={day.isoformat()} 23:59:59", "HEAD")
        if not found or not found.strip():
            raise HistoryUnavailable("no_commit", f"no commit on or before {spec}" + _shallow_hint(root))
        spec = found.strip()
    line = _text(root, "log", "-1", "--format=%H %h %as", spec, "--")
    if not line:
        raise RegistryError(f"no revision '{spec}' in this repository" + _shallow_hint(root))
    commit, short, when = line.split()
    return Revision(commit, short, date.fromisoformat(when))


def _shallow_hint(root: Path) -> str:
    shallow = _text(root, "rev-parse", "--is-shallow-repository")
    return " (this clone is shallow: fetch the full history with 'git fetch --unshallow')" \
        if shallow and shallow.strip() == "true" else ""


def _prefix(root: Path) -> str:
    """Where the register sits inside its repository, e.g. "" or "registers/fr/"."""
    return (_text(root, "rev-parse", "--show-prefix") or "").strip()


def register_tree(root: Path, revision: Revision) -> dict[str, str]:
    """The blob of ``registry.yaml`` and of each activity file at ``revision``, by their paths relative to
    the register's folder, as the working tree shows them."""
    prefix = _prefix(root)
    listed = _text(root, "ls-tree", "-r", "--full-tree", revision.commit, "--",
                   f"{prefix}registry.yaml", f"{prefix}activities")
    if listed is None:
        raise RegistryError(f"cannot read revision {revision.short} from git")
    tree = {}
    for line in listed.splitlines():
        meta, path = line.split("\t", 1)
        _, kind, sha = meta.split()
        relative = path[len(prefix):]
        if kind == "blob" and (relative == "registry.yaml" or (
                relative.count("/") == 1 and relative.endswith((".yaml", ".yml")))):
            tree[relative] = sha
    return tree


def read_blobs(root: Path, blobs: dict[str, str]) -> dict[str, bytes]:
    """What each path's blob holds, read in one pass (two paths may hold the same blob)."""
    contents = _cat(root, sorted(set(blobs.values())))
    return {path: contents[sha] for path, sha in blobs.items()}


def _cat(root: Path, shas: list[str]) -> dict[str, bytes]:
    """Many blobs through one ``git cat-file --batch``."""
    if not shas:
        return {}
    try:
        done = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], input="\n".join(shas).encode() + b"\n",
                              capture_output=True, timeout=120, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        raise RegistryError(f"cannot read the register's history from git: {exc}") from None
    out, position, blobs = done.stdout, 0, {}
    for sha in shas:
        end = out.index(b"\n", position)
        size = int(out[position:end].split()[2])
        blobs[sha] = out[end + 1:end + 1 + size]
        position = end + 1 + size + 1
    return blobs


@dataclass(frozen=True)
class FileDates:
    created: date
    """The first commit of the file, following renames."""
    updated: date
    """Its last commit."""


def file_dates(root: Path, cache: Cache | None = None) -> dict[str, FileDates]:
    """Each activity file's first and last commit dates, following renames, from one ``git log``.

    Kept for the commit the working tree is at, in this process and in ``cache``: reading a history
    of 400 commits took a quarter of a second at every build and check."""
    head = _text(root, "rev-parse", "HEAD")
    if head is None:  # outside git, or before the first commit
        return {}
    current = tuple(sorted(p.relative_to(root).as_posix() for p in (root / "activities").glob("*.y*ml")))
    return (cache or Cache(None)).remember(key("file-dates", str(root.resolve()), head.strip(), *current),
                                           partial(_file_dates, root, head.strip(), current))


@lru_cache(maxsize=8)
def _file_dates(root: Path, head: str, current: tuple[str, ...]) -> dict[str, FileDates]:
    log = _text(root, "log", "--relative", "--format=%x00%as", "--name-status", "-M", head, "--", "activities")
    if log is None:
        return {}
    alias: dict[str, str] = {}
    created: dict[str, date] = {}
    updated: dict[str, date] = {}
    for path in current:
        alias[path] = path
    for block in log.split("\x00")[1:]:
        lines = block.strip().splitlines()
        if not lines:
            continue
        day = date.fromisoformat(lines[0])
        for entry in lines[1:]:
            fields = entry.split("\t")
            if len(fields) < 2:
                continue
            status, name = fields[0], fields[-1]
            now = alias.get(name)
            if now is None:
                continue
            updated.setdefault(now, day)
            created[now] = day
            if status.startswith("R") and len(fields) == 3:
                alias[fields[1]] = now
    return {path: FileDates(created[path], updated[path]) for path in created}


def versions_of(root: Path, relative: str) -> list[tuple[Revision, bytes]]:
    """The file's content at each commit that touched it, newest first, following renames."""
    log = _text(root, "log", "--follow", "--format=%H %h %as", "--name-only", "--", relative)
    if not log:
        return []
    versions = []
    lines = [line for line in log.splitlines() if line.strip()]
    for header, path in zip(lines[::2], lines[1::2], strict=False):
        commit, short, when = header.split()
        content = git(root, "show", f"{commit}:{path}", binary=True)  # git prints paths from the repository's top
        if isinstance(content, bytes):
            versions.append((Revision(commit, short, date.fromisoformat(when)), content))
    return versions


def last_change_of_substance(root: Path, relative: str, ignored: frozenset[str]) -> Revision | None:
    """The newest commit that changed what the file says (its parsed data, the ``ignored`` keys aside),
    not merely its comments, layout or quoting."""
    from .yamlsource import parse_bytes

    def meaning(content: bytes) -> object:
        data = parse_bytes(content, relative).data
        return {k: v for k, v in data.items() if k not in ignored} if isinstance(data, dict) else data

    versions = versions_of(root, relative)
    for (newer, new_content), (_, old_content) in zip(versions, versions[1:], strict=False):
        if meaning(new_content) != meaning(old_content):
            return newer
    return versions[-1][0] if versions else None
