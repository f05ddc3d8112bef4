"""The register through time, read from git: file dates, revisions by name or date, the register at a revision.

Everything here reads the repository and never touches the working tree,
through :func:`~registry.loading.git.git` (nothing of the repository's own
configuration runs). Files are listed with their exact names and sizes and
admitted under the loader's limits (:mod:`~registry.loading.reader`) before a
blob is read. A register outside git, a shallow clone, an unknown revision or
a damaged repository is a clear :class:`~registry.errors.RegistryError`, never
a traceback.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache, partial
from pathlib import Path

from ..codes import V010
from ..errors import RegistryError
from ..kept import NOTHING, Kept
from ..problems import Problem
from .git import GitFailed, git, git_text
from .reader import (
    MAX_ACTIVITIES,
    MAX_REGISTER_BYTES,
    SETTINGS_FILE,
    is_activity_file,
    link_out,
    over_size,
    too_heavy,
    too_many,
)
from .yamlsource import MAX_FILE_BYTES


class HistoryUnavailable(RegistryError):
    """The history cannot answer; ``reason`` names why, for a document to say it in its own language."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Revision:
    commit: str
    """The full hash."""
    short: str
    day: date

    def label(self) -> str:
        return self.short


def refuse_option(spec: str) -> None:
    """A revision is never an option: ``--output=FILE`` given as a revision would have git write FILE."""
    if spec.startswith("-"):
        raise RegistryError(f"'{spec}' is not a revision: a revision or a date cannot start with '-'")


def resolve(root: Path, spec: str) -> Revision:
    """A revision named by git (a hash, a tag, HEAD~3) or a date (YYYY-MM-DD: the last commit on or before it)."""
    refuse_option(spec)
    try:
        day = date.fromisoformat(spec)
    except ValueError:
        day = None
    if day is not None:
        found = git_text(root, "rev-list", "-1", f"--before={day.isoformat()} 23:59:59", "HEAD", "--")
        if found is None:
            _inside_git(root)
        if not found or not found.strip():
            raise HistoryUnavailable("no_commit", f"no commit on or before {spec}" + _shallow_hint(root))
        spec = found.strip()
    line = git_text(root, "log", "-1", "--no-walk", "--no-show-signature", "--format=%H %h %as", "--end-of-options",
                    f"{spec}^{{commit}}", "--")
    if not line:
        _inside_git(root)
        raise RegistryError(f"no revision '{spec}' in this repository" + _shallow_hint(root))
    full, short, when = line.split()
    return Revision(full, short, date.fromisoformat(when))


def _inside_git(root: Path) -> None:
    """Nothing, when git can read the register's repository; why not, otherwise. A repository that belongs to
    another user is refused by git itself (its ``safe.directory``), as it should be: its owner's configuration
    is theirs, whatever this tool overrides."""
    try:
        git(root, "rev-parse", "--is-inside-work-tree")
    except GitFailed as error:
        if "dubious ownership" in error.message:
            raise RegistryError(f"git refuses to read the register's history: {error.message}, which belongs to "
                                "another user (if you trust it: git config --global --add safe.directory PATH)") from None
        raise HistoryUnavailable("not_git", "the register is not in a git repository, so its history is unknown") \
            from None


def _shallow_hint(root: Path) -> str:
    shallow = git_text(root, "rev-parse", "--is-shallow-repository")
    return " (this clone is shallow: fetch the full history with 'git fetch --unshallow')" \
        if shallow and shallow.strip() == "true" else ""


def _prefix(root: Path) -> str:
    """Where the register sits inside its repository, e.g. "" or "registers/fr/"."""
    return (git_text(root, "rev-parse", "--show-prefix") or "").strip()


def _damaged(error: GitFailed) -> RegistryError:
    return RegistryError(f"cannot read the register's history from git: {error.message}")


LINK = "120000"
"""The mode git gives a symbolic link: its blob holds where it leads."""
MAX_LINK_BYTES = 4096
"""The longest path a system lets a link hold (PATH_MAX)."""


@dataclass(frozen=True)
class _Entry:
    mode: str
    kind: str
    sha: str
    size: int


@dataclass
class TreeFiles:
    """The blobs of ``registry.yaml`` and of each activity file at a revision, by their paths in the register,
    and the problems of the files refused unread (links out of the register, files over the size limit)."""

    blobs: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def register_tree(root: Path, revision: Revision) -> TreeFiles:
    """The register's files at ``revision``, listed with their sizes and admitted under the loader's limits;
    names are read exactly (``-z``), whatever characters they hold."""
    prefix = _prefix(root)
    entries = _listed(root, revision, f"{prefix}{SETTINGS_FILE}", f"{prefix}activities")
    entries = {path[len(prefix):]: entry for path, entry in entries.items()}
    files = TreeFiles()
    wanted = {path: entry for path, entry in entries.items() if path == SETTINGS_FILE or is_activity_file(path)}
    if sum(1 for path in wanted if path != SETTINGS_FILE) > MAX_ACTIVITIES:
        files.problems.append(too_many(len(wanted) - (SETTINGS_FILE in wanted)))
        wanted = {path: entry for path, entry in wanted.items() if path == SETTINGS_FILE}
    links = {path: entry.sha for path, entry in wanted.items() if entry.mode == LINK and entry.size <= MAX_LINK_BYTES}
    targets = read_blobs(root, links) if links else {}
    for path, entry in wanted.items():
        if entry.mode == LINK and path not in targets:
            files.problems.append(link_out(path))  # no link leads anywhere with a name that long
            continue
        if path in targets:
            found = _link_target(root, revision, prefix, path, targets[path], entries)
            if isinstance(found, Problem):
                files.problems.append(found)
                continue
            entry = found
        if entry.kind != "blob":
            continue
        if (problem := over_size(path, entry.size)) is not None:
            files.problems.append(problem)
        else:
            files.blobs[path] = entry.sha
    total = sum(entries[path].size if path in entries else 0 for path in files.blobs)
    if total > MAX_REGISTER_BYTES:  # known from the listing: nothing is read
        files.problems.append(too_heavy(total))
        files.blobs = {path: sha for path, sha in files.blobs.items() if path == SETTINGS_FILE}
    return files


def _listed(root: Path, revision: Revision, *paths: str) -> dict[str, _Entry]:
    try:
        listed = git(root, "ls-tree", "-r", "-z", "-l", "--full-tree", revision.commit, "--", *paths)
    except GitFailed as error:
        raise _damaged(error) from None
    entries = {}
    for record in listed.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, sha, size = meta.decode().split()
        entries[name.decode("utf-8", "replace")] = _Entry(mode, kind, sha, int(size) if size.isdigit() else 0)
    return entries


def _link_target(root: Path, revision: Revision, prefix: str, path: str, target: bytes,
                 entries: dict[str, _Entry]) -> _Entry | Problem:
    """The file a link committed in the register leads to, if it stays inside the register: a link out is
    refused as the loader refuses it in the working tree."""
    lands = posixpath.normpath(posixpath.join(posixpath.dirname(path), target.decode("utf-8", "replace")))
    if target.startswith(b"/") or lands == ".." or lands.startswith("../") or any(
            part.startswith(".") for part in lands.split("/")):  # out, or to a hidden file (.env), as in the working tree
        return link_out(path)
    entry = entries.get(lands) or _listed(root, revision, f"{prefix}{lands}").get(f"{prefix}{lands}")
    if entry is None or entry.mode == LINK:
        return V010.at(path, 1, 1, "cannot read file: this link leads to no file at this revision")
    return entry


def read_blobs(root: Path, blobs: dict[str, str]) -> dict[str, bytes]:
    """What each path's blob holds, read in one pass (two paths may hold the same blob)."""
    contents = _cat(root, sorted(set(blobs.values())))
    return {path: contents[sha] for path, sha in blobs.items()}


def _cat(root: Path, shas: list[str]) -> dict[str, bytes]:
    """Many blobs through one ``git cat-file --batch``, which applies no filter. Each blob's size was read from
    its listing (``ls-tree -l``, ``--batch-check``) and found within the limit before it is asked for here; a
    missing object stops with one line."""
    if not shas:
        return {}
    try:
        out = git(root, "cat-file", "--batch", stdin="\n".join(shas).encode() + b"\n")
    except GitFailed as error:
        raise _damaged(error) from None
    position, blobs = 0, {}
    for sha in shas:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        if len(header) != 3:  # "<sha> missing"
            raise RegistryError(f"the repository is damaged: object {sha} is missing (run 'git fsck')")
        size = int(header[2])
        blobs[sha] = out[end + 1:end + 1 + size]
        position = end + 1 + size + 1
    return blobs


@dataclass(frozen=True)
class FileDates:
    created: date
    """The first commit of the file, following renames."""
    updated: date
    """Its last commit."""


def file_dates(root: Path, kept: Kept = NOTHING) -> dict[str, FileDates]:
    """Each activity file's first and last commit dates, following renames, from one ``git log``.

    Kept for the commit the working tree is at, in this process and in ``cache``: reading a history
    of 400 commits took a quarter of a second at every build and check; ``kept`` is the loader's memory."""
    head = git_text(root, "rev-parse", "--verify", "--quiet", "HEAD")
    if head is None:  # outside git, or before the first commit
        return {}
    current = tuple(sorted(p.relative_to(root).as_posix() for p in (root / "activities").glob("*.y*ml")))
    return kept.remember("file-dates", (str(root.resolve()), head.strip(), *current),
                         partial(_file_dates, root, head.strip(), current))


_HEADER = "\x01"
"""Starts each commit's header in the ``-z`` logs read here."""


def _log(root: Path, *args: str) -> Iterator[tuple[str, list[list[str]]]]:
    """Each commit of a ``git log -z`` as its header and its changes (the fields of each: a status, or a
    ``--raw`` line, then one path, or two for a rename or copy); paths exactly as committed."""
    try:
        out = git(root, "log", "-z", "--no-show-signature", "--no-ext-diff", "--no-textconv", f"--format={_HEADER}%H %h %as",
                  *args).decode("utf-8", "replace")
    except GitFailed:
        return
    fields = iter(out.split("\0"))
    header: str | None = None
    changes: list[list[str]] = []
    for field_ in fields:
        field_ = field_.lstrip("\n")
        if field_.startswith(_HEADER):
            if header is not None:
                yield header, changes
            header, changes = field_[1:], []
        elif field_ and header is not None:
            status = field_.split()[-1]
            paths = 2 if status[:1] in ("R", "C") else 1
            changes.append([field_, *(next(fields, "") for _ in range(paths))])
    if header is not None:
        yield header, changes


@lru_cache(maxsize=8)
def _file_dates(root: Path, head: str, current: tuple[str, ...]) -> dict[str, FileDates]:
    alias = {path: path for path in current}
    created: dict[str, date] = {}
    updated: dict[str, date] = {}
    for header, changes in _log(root, "--relative", "--name-status", "-M", head, "--", "activities"):
        day = date.fromisoformat(header.split()[2])
        for status, *paths in changes:
            now = alias.get(paths[-1])
            if now is None:
                continue
            updated.setdefault(now, day)
            created[now] = day
            if status.startswith("R") and len(paths) == 2:
                alias[paths[0]] = now
    return {path: FileDates(created[path], updated[path]) for path in created}


def _sizes(root: Path, shas: list[str]) -> dict[str, int]:
    """Each present blob's size, from ``cat-file --batch-check`` (missing objects are left out)."""
    if not shas:
        return {}
    try:
        out = git(root, "cat-file", "--batch-check", stdin="\n".join(shas).encode() + b"\n").decode()
    except GitFailed as error:
        raise _damaged(error) from None
    return {sha: int(size[0]) for sha, kind, *size in (line.split() for line in out.splitlines())
            if kind == "blob" and size}


def last_changes_of_substance(root: Path, kept: Kept = NOTHING) -> dict[str, Revision]:
    """Each activity file's newest commit that changed what it says (its parsed data, its ``updated`` date
    aside), not merely its comments, layout or quoting, following renames.

    From one ``git log`` of the activities, one listing of sizes and one read of the blobs, kept for the
    commit the working tree is at: FR002 used to start three git processes per fiche at every check."""
    head = git_text(root, "rev-parse", "--verify", "--quiet", "HEAD")
    if head is None:
        return {}
    current = tuple(sorted(p.relative_to(root).as_posix() for p in (root / "activities").glob("*.y*ml")))
    return kept.remember("substance-changes", (str(root.resolve()), head.strip(), *current),
                         partial(_last_changes, root, head.strip(), current))


def _last_changes(root: Path, head: str, current: tuple[str, ...]) -> dict[str, Revision]:
    from .yamlsource import parse_bytes

    alias = {path: path for path in current}
    versions: dict[str, list[tuple[Revision, str]]] = {}
    for header, changes in _log(root, "--relative", "--raw", "--no-abbrev", "-M", head, "--", "activities"):
        commit, short, when = header.split()
        for raw, *paths in changes:
            now = alias.get(paths[-1])
            if now is None:
                continue
            fields = raw.split()
            if set(fields[3]) != {"0"}:  # a deletion leaves no content
                versions.setdefault(now, []).append((Revision(commit, short, date.fromisoformat(when)), fields[3]))
            if fields[-1].startswith("R") and len(paths) == 2:
                alias[paths[0]] = now
    sizes = _sizes(root, sorted({blob for found in versions.values() for _, blob in found}))
    contents = _cat(root, sorted(blob for blob, size in sizes.items() if size <= MAX_FILE_BYTES))
    meanings: dict[str, object] = {}

    def meaning(blob: str) -> object:
        if blob not in meanings:
            data = parse_bytes(contents[blob], blob).data
            meanings[blob] = {k: v for k, v in data.items() if k != "updated"} if isinstance(data, dict) else data
        return meanings[blob]

    last = {}
    for path, found in versions.items():
        readable = [(revision, blob) for revision, blob in found if blob in contents]
        last[path] = next((newer for (newer, new), (_, old) in zip(readable, readable[1:], strict=False)
                           if meaning(new) != meaning(old)), readable[-1][0] if readable else None)
    return {path: revision for path, revision in last.items() if revision is not None}
