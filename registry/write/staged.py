"""Outputs as values, and writing them into plain folders without ever losing a file that is not registry's.

* :func:`write_outputs` (``build``, ``notice --out``) renders nothing itself: it writes every file into
  a staging folder beside the output folder, then moves each into place with an atomic rename, so
  that every file is either old or new, never half-written, even for a build killed at any moment.
  A file whose content did not change is left as it is, and one made from the same inputs (see
  :attr:`Artifact.made_from`) is not even made. The manifest beside the folder records what registry
  wrote: a file registry wrote for a series of outputs (a build's HTML in one language) that the
  same series no longer makes is removed, if nobody changed it since. Every other file is kept.
* :func:`replace_files` and :func:`replace_file` (``schema --out``, ``import --force``, ``export --out``,
  ``diff --out``) replace the named files the same way, and touch nothing else.
* :func:`create_files` adds new files (``registry init``, ``registry import``): all of them or none,
  never over an existing file.

None follows a link: one in the way is refused. Files and folders get the modes the umask gives
(0644 and 0755 by default), so that a web server can read what is published.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from ..errors import RegistryError
from .folders import Folders, link_refused, plain_folder, status_of, target_status
from .lock import locked
from .manifest import Entry, digest, entry_for, manifest_bytes, read_manifest, safe_name
from .old_layout import OLD_OUTPUTS, migrate

Series = Callable[[str], "str | None"]
"""The series an output file belongs to (see :attr:`~registry.write.manifest.Entry.series`)."""


@dataclass(frozen=True)
class Artifact:
    path: str
    """Relative to the output folder, with '/' separators."""
    made: bytes | Callable[[], bytes] = field(repr=False)
    """The content, or how to make it when it is needed (see ``made_from``)."""
    made_from: str | None = None
    """What the content follows from, hashed, when the renderer knows it: a file the previous output
    made from the same, and unchanged since, is kept without making the content or reading the file."""

    @cached_property
    def content(self) -> bytes:
        return self.made if isinstance(self.made, bytes) else self.made()


@dataclass(frozen=True)
class Written:
    folder: Path
    """The folder written into, as an absolute path."""
    written: list[Path]
    """Every file the write makes, as the user sees it (those that did not change included)."""
    removed: list[Path]
    """Files registry wrote before for a series it renewed, that it no longer makes."""
    kept: list[Path]
    """Every other file in the folder: the user's own, and other series' (another format, language)."""


@dataclass(frozen=True)
class _Staged:
    file: Path
    path: str
    digest: str
    made_from: str | None
    size: int = 0


@contextmanager
def _os_errors(what: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise RegistryError(f"cannot write {what}: {exc.strerror or exc}") from None


def _check_paths(paths: list[str]) -> None:
    if len(set(paths)) != len(paths):
        raise RegistryError("two outputs would be written to the same file")
    for path in paths:
        if not safe_name(path):
            raise RegistryError(f"refused to write an output named {path!r}")


def _no_series(path: str) -> None:
    return None


def write_outputs(artifacts: list[Artifact], out: Path, series: Series = _no_series) -> Written:
    """Write ``artifacts`` into the plain folder ``out``, each file replaced whole.

    ``series`` tells which series each file belongs to: a series this write makes is renewed, its
    files of the previous write that this one no longer makes are removed. By default nothing is.
    """
    out = Path(os.path.abspath(out))
    if not out.name:
        raise RegistryError(f"{out} cannot be an output folder: choose a folder inside it")
    _check_paths([a.path for a in artifacts])
    side, stem = out.parent, f".{out.name}.registry"
    with _os_errors(out):
        side.mkdir(parents=True, exist_ok=True)
        with locked(side / f"{stem}-lock", out):
            migrated = migrate(out)
            plain_folder(out)
            manifest = side / f"{stem}-manifest.json"
            previous = _recorded(out, series) if migrated else read_manifest(manifest)
            with _staging(side, f"{stem}-staging-") as staging:
                folders = Folders(out)
                made, staged = _stage(artifacts, out, folders, staging, previous, series, guard=True)
                renewed = {name for a in artifacts if (name := series(a.path)) is not None}
                carried, stale = _sort_previous(previous, {a.path for a in artifacts}, renewed, out, folders)
                # recorded before any file moves in: a build killed while moving leaves files the next one knows
                intended = {each.path: Entry(each.digest, each.size, 0, 0, series(each.path), each.made_from)
                            for each in staged}
                (staging / "manifest").write_bytes(manifest_bytes(previous | made | intended))
                os.replace(staging / "manifest", manifest)
                _move_in(staged, out, folders, made, series)
                removed = _remove(stale, out)
                (staging / "manifest").write_bytes(manifest_bytes(made | carried))
                os.replace(staging / "manifest", manifest)
            kept = _others(out, set(made), removed)
    return Written(out, [out / a.path for a in artifacts], [out / p for p in removed], kept)


def _recorded(out: Path, series: Series) -> dict[str, Entry]:
    """A migrated folder's files that registry wrote, as if this version had written them."""
    entries = {}
    for name in _files(out):
        path = out / name
        if OLD_OUTPUTS.fullmatch(name) and stat.S_ISREG(os.lstat(path).st_mode):
            entries[name] = entry_for(path, digest(path.read_bytes()), series(name), None)
    return entries


@contextmanager
def _staging(side: Path, prefix: str) -> Iterator[Path]:
    """A new staging folder beside the output (on the same file system, so files move by a rename);
    what builds killed half-way left there is removed first."""
    for entry in side.iterdir():
        if entry.name.startswith(prefix):
            status = os.lstat(entry)
            if stat.S_ISLNK(status.st_mode):
                raise link_refused(entry)
            if stat.S_ISDIR(status.st_mode):
                shutil.rmtree(entry)
            else:
                os.unlink(entry)
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=side))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stage(artifacts: list[Artifact], out: Path, folders: Folders, staging: Path, previous: dict[str, Entry],
           series: Series, guard: bool = False) -> tuple[dict[str, Entry], list[_Staged]]:
    """Write into ``staging`` what changed; the entries of the files that stay as they are.

    Every file about to be replaced and every folder on the way is checked here, before anything in
    ``out`` changes: a link or a folder in the way stops the write with nothing done. With ``guard``, so
    does a file that ``previous`` does not record (registry did not write it: someone's own
    ``privacy-policy.fr.md``), unless it holds what would be written.
    """
    unchanged: dict[str, Entry] = {}
    staged = []
    foreign = []
    for number, artifact in enumerate(artifacts):
        folder = artifact.path.rpartition("/")[0]
        status = target_status(out / artifact.path) if folders.exists(folder) else None
        known = previous.get(artifact.path)
        in_place = known if known is not None and status is not None and known.matches(status) else None
        if in_place is not None and artifact.made_from is not None and in_place.made_from == artifact.made_from:
            unchanged[artifact.path] = replace(in_place, series=series(artifact.path))
            continue
        content_digest = digest(artifact.content)
        if in_place is not None and in_place.digest == content_digest:
            unchanged[artifact.path] = replace(in_place, series=series(artifact.path), made_from=artifact.made_from)
            continue
        if guard and known is None and status is not None:
            target = out / artifact.path
            if not _holds(target, status, Entry(content_digest, len(artifact.content), 0, 0)):
                foreign.append(target)
                continue
            unchanged[artifact.path] = entry_for(target, content_digest, series(artifact.path), artifact.made_from)
            continue
        file = staging / str(number)
        with open(file, "xb") as stream:  # the umask gives the mode: 0644 by default
            stream.write(artifact.content)
        staged.append(_Staged(file, artifact.path, content_digest, artifact.made_from, len(artifact.content)))
    if foreign:
        which = f"{foreign[0]} and {len(foreign) - 1} more files" if len(foreign) > 1 else f"{foreign[0]}"
        raise RegistryError(f"{which} already there, not written by registry, would be overwritten: move it away or "
                            "choose another folder; nothing was written")
    return unchanged, staged


def _sort_previous(previous: dict[str, Entry], made: set[str], renewed: set[str], out: Path,
                   folders: Folders) -> tuple[dict[str, Entry], list[str]]:
    """The previous write's other files still as registry wrote them: those of a series renewed are
    stale (to remove), the others carried over to the new manifest. A file changed since is the user's to
    keep (never removed), yet still one registry wrote: carried over too, so that asking for it again
    replaces it."""
    carried, stale = {}, []
    for path, entry in previous.items():
        if path in made or not folders.exists(path.rpartition("/")[0]):
            continue
        status = status_of(out / path)  # a link or a folder there now is someone else's: kept
        if status is None or not stat.S_ISREG(status.st_mode):
            continue
        if not (entry.matches(status) or _holds(out / path, status, entry)):
            carried[path] = entry  # it never matches again: never removed
            continue
        if entry.series in renewed:
            stale.append(path)
        else:
            carried[path] = entry
    return carried, stale


def _holds(path: Path, status: os.stat_result, entry: Entry) -> bool:
    """Whether the plain file ``path`` still holds what ``entry`` records (a copy put back, a touch)."""
    if not stat.S_ISREG(status.st_mode) or status.st_size != entry.size:
        return False
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as stream:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode) and digest(stream.read(entry.size + 1)) == entry.digest


def _move_in(staged: list[_Staged], out: Path, folders: Folders, made: dict[str, Entry], series: Series) -> None:
    for each in staged:
        folders.exists(each.path.rpartition("/")[0], create=True)
        target = out / each.path
        target_status(target)
        os.replace(each.file, target)  # atomic: a reader, or a build killed now, sees the old file or the new
        made[each.path] = entry_for(target, each.digest, series(each.path), each.made_from)


def _remove(stale: list[str], out: Path) -> list[str]:
    """Remove ``stale`` files, then the folders they leave empty."""
    for path in stale:
        os.unlink(out / path)
    for folder in sorted({p.rpartition("/")[0] for p in stale} - {""}, key=len, reverse=True):
        _remove_empty(out, folder)
    return stale


def _remove_empty(out: Path, folder: str) -> None:
    """Remove ``folder`` and the folders above it inside ``out`` while they are empty."""
    while folder:
        try:
            os.rmdir(out / folder)  # only an empty folder; a link is not a folder to rmdir
        except OSError:
            return
        folder = folder.rpartition("/")[0]


def _files(folder: Path, under: str = "") -> Iterator[str]:
    """The name, relative to ``folder``, of every entry under it that is not a folder (links included,
    never followed)."""
    with os.scandir(folder / under if under else folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            name = f"{under}/{entry.name}" if under else entry.name
            if entry.is_dir(follow_symlinks=False):
                yield from _files(folder, name)
            else:
                yield name


def _others(out: Path, made: set[str], removed: list[str]) -> list[Path]:
    gone = set(removed)
    return [out / name for name in _files(out) if name not in made and name not in gone]


def replace_files(files: dict[str, bytes], target: Path) -> list[Path]:
    """Replace each of ``files`` in the plain folder ``target`` whole, and touch nothing else in it."""
    if os.path.islink(target):
        raise link_refused(target)
    return _replace(files, target)


def replace_file(path: Path, content: bytes) -> Path:
    """Replace the file ``path`` whole (the folder it is in is the user's choice, link or not)."""
    return _replace({path.name: content}, path.parent)[0]


def _replace(files: dict[str, bytes], target: Path) -> list[Path]:
    target = Path(os.path.abspath(target))
    _check_paths(list(files))
    artifacts = [Artifact(name, content) for name, content in files.items()]
    with _os_errors(target):
        target.mkdir(parents=True, exist_ok=True)
        with locked(target / ".registry-lock", target), _staging(target, ".registry-staging-") as staging:
            folders = Folders(target)
            _, staged = _stage(artifacts, target, folders, staging, {}, _no_series)
            _move_in(staged, target, folders, {}, _no_series)
    return [target / name for name in files]


def create_files(files: dict[str, bytes], target: Path) -> list[Path]:
    """Create every file under ``target``, or none: nothing existing is overwritten or followed, and a
    command killed half-way leaves each file whole or absent."""
    _check_paths(list(files))
    if os.path.islink(target):
        raise link_refused(target)
    paths = [target / name for name in files]
    taken = next((p for p in paths if os.path.lexists(p)), None)
    if taken is not None:
        raise RegistryError(f"{taken} already exists; nothing was changed")
    folders = Folders(target)
    with _os_errors(target):
        for name in files:
            folders.exists(name.rpartition("/")[0])  # a link or a file in the way is refused before any write
    created: list[Path] = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        with locked(target / ".registry-lock", target), _staging(target, ".registry-staging-") as staging:
            for number, (path, name, content) in enumerate(zip(paths, files, files.values(), strict=True)):
                folders.exists(name.rpartition("/")[0], create=True)
                staged = staging / str(number)
                with open(staged, "xb") as stream:
                    stream.write(content)
                _create_from(staged, path)
                created.append(path)
    except OSError as exc:
        for path in created:
            path.unlink(missing_ok=True)
        raise RegistryError(f"cannot write into {target}: {exc.strerror or exc}; nothing was changed") from None
    return paths


def _create_from(staged: Path, path: Path) -> None:
    """Give the whole file ``staged`` the new name ``path``: a hard link fails on any existing name,
    a dangling link included; where there are no hard links, a rename after checking the name is free."""
    try:
        os.link(staged, path)  # the new name is never followed: an existing one, link or not, fails
    except FileExistsError:
        raise
    except OSError:
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, "File exists", str(path)) from None
        os.rename(staged, path)
