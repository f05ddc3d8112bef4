"""Outputs as values, and writing them so that a reader never sees half of a change.

* :func:`write_outputs` replaces a whole output folder at once: each build
  goes into a new generation folder beside it, and the output path is a
  symbolic link switched to it in one atomic rename. A build killed at any
  moment leaves the previous output whole; leftovers are removed by the next.
  A file the previous generation holds byte for byte, or made from the same
  inputs (see :attr:`Artifact.made_from`), is hard-linked rather than written
  again: creating a file costs far more than linking one, and an edit changes
  few of a large register's pages.
* :func:`create_files` adds new files (``registry init``): all of them or none,
  never over an existing file or through a link.
* :func:`replace_files` rewrites files one by one (``registry schema --out``),
  each through a temporary file and a rename, so none is ever half-written.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import RegistryError

MARKER = ".registry-output"
"""Written into every generation: an output folder holding it was written by registry."""


@dataclass(frozen=True)
class Artifact:
    path: str
    """Relative to the output folder, with '/' separators."""
    made: bytes | Callable[[], bytes] = field(repr=False)
    """The content, or how to make it when it is needed (see ``made_from``)."""
    made_from: str | None = None
    """What the content follows from, hashed, when the renderer knows it: a file the previous output
    made from the same is kept without making the content or reading the file."""

    @cached_property
    def content(self) -> bytes:
        return self.made if isinstance(self.made, bytes) else self.made()


MANIFEST = ".manifest.json"
"""Beside each generation (``<generation>.manifest.json``), never in it: what each file kept by
``made_from`` was made from, and its inode, size and modification time when written. A file changed
since by hand no longer matches, and is made again."""


@contextmanager
def _os_errors(what: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise RegistryError(f"cannot write {what}: {exc.strerror or exc}") from None


def _generations(out: Path) -> Path:
    return out.parent / f".{out.name}.generations"


def _check_paths(artifacts: list[Artifact]) -> None:
    paths = [a.path for a in artifacts]
    if len(set(paths)) != len(paths):
        raise RegistryError("two outputs would be written to the same file")
    for path in paths:
        parts = path.split("/")
        if path.startswith("/") or any(part in ("", ".", "..") for part in parts) or path == MARKER:
            raise RegistryError(f"refused to write an output named {path!r}")


def _adopt(out: Path, generations: Path) -> None:
    """Turn an existing output folder into the first generation, if registry wrote it (or it is empty)."""
    if not out.is_dir() or out.is_symlink():
        return
    entries = list(out.iterdir())
    if entries and not (out / MARKER).exists() and not _looks_built(out):
        raise RegistryError(f"{out} holds files that registry did not write; choose an empty or new output folder")
    generations.mkdir(exist_ok=True)
    os.rename(out, generations / "adopted")


_BUILT = re.compile(r"(register(\.\w\w)?\.(html|pdf)|activities/[^/]+\.html|\.registry-build-[^/]+/.*"
                    r"|[^/]+\.(full|short)\.\w\w\.(md|html|txt)|(privacy-policy|partners)\.\w\w\.(md|html|txt))")
"""The files an earlier version of registry wrote into an output folder, and nothing else."""


def _looks_built(folder: Path) -> bool:
    """An output folder of an earlier version of registry: only files it writes, so adopting it loses nothing."""
    return all(_BUILT.fullmatch(path.relative_to(folder).as_posix())
               for path in folder.rglob("*") if not path.is_dir())


def write_outputs(artifacts: list[Artifact], out: Path) -> list[Path]:
    """Make ``out`` hold exactly ``artifacts``, switched in at once; returns the paths as the user sees them."""
    _check_paths(artifacts)
    generations = _generations(out)
    with _os_errors(out):
        out.parent.mkdir(parents=True, exist_ok=True)
        _adopt(out, generations)
        generations.mkdir(exist_ok=True)
        previous = _current_generation(out, generations)
        staging = Path(tempfile.mkdtemp(prefix="build-", dir=generations))
        known = _manifest(previous) if previous is not None else {}
        manifest: dict[str, list[object]] = {}
        linkable: dict[str, bool] = {}
        """Each folder of the output, once made: whether the previous generation has it as a real folder."""
        for artifact in artifacts:
            folder = os.path.dirname(artifact.path)
            if folder not in linkable:
                (staging / folder).mkdir(parents=True, exist_ok=True)
                linkable[folder] = previous is not None and (previous / folder).resolve() == previous / folder
            target = os.path.join(staging, artifact.path)
            candidate = os.path.join(previous, artifact.path) if linkable[folder] else None  # type: ignore[arg-type]
            if candidate is None or not (_link_made_from(candidate, artifact, known, target)
                                         or _link_unchanged(candidate, artifact.content, target)):
                with open(target, "wb") as stream:
                    stream.write(artifact.content)
            if artifact.made_from is not None:
                status = os.lstat(target)
                manifest[artifact.path] = [artifact.made_from, status.st_ino, status.st_size, status.st_mtime_ns]
        (staging / MARKER).write_text("Written by registry; replaced whole at each build.\n", encoding="utf-8")
        if manifest:
            Path(f"{staging}{MANIFEST}").write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
        link = generations / f"{staging.name}.link"
        os.symlink(os.path.relpath(staging, out.parent), link)
        os.replace(link, out)
    _remove_old_generations(generations, keep=staging)
    return [out / a.path for a in artifacts]


def _current_generation(out: Path, generations: Path) -> Path | None:
    """The generation ``out`` shows now, when registry wrote it there."""
    if not out.is_symlink():
        return None
    current = out.resolve()
    return current if current.parent == generations.resolve() and (current / MARKER).is_file() else None


def _manifest(generation: Path) -> dict[str, list[object]]:
    """The previous generation's manifest; anything unreadable or unexpected in it is ignored."""
    try:
        found = json.loads(Path(f"{generation}{MANIFEST}").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {path: entry for path, entry in found.items()
            if isinstance(entry, list) and len(entry) == 4 and isinstance(entry[0], str)
            and all(type(number) is int for number in entry[1:])} if isinstance(found, dict) else {}


def _link_made_from(candidate: str, artifact: Artifact, known: dict[str, list[object]], target: str) -> bool:
    """Hard-link ``candidate`` into ``target`` if it was made from what ``artifact`` is made from and is
    still the file then written: a plain file linked nowhere else, with the same inode, size and time."""
    if artifact.made_from is None or known.get(artifact.path, [None])[0] != artifact.made_from:
        return False
    try:
        status = os.lstat(candidate)
        if (not stat.S_ISREG(status.st_mode) or status.st_nlink != 1 or
                known[artifact.path][1:] != [status.st_ino, status.st_size, status.st_mtime_ns]):
            return False
        os.link(candidate, target, follow_symlinks=False)
    except OSError:
        return False
    return True


def _link_unchanged(candidate: str, content: bytes, target: str) -> bool:
    """Hard-link ``candidate``, a file of the previous generation in a real folder of it, into ``target``
    if it holds ``content``.

    Only a plain file (not a link, nor a pipe whose read would block), linked nowhere else, is reused:
    nothing outside the output can end up in it.
    """
    try:
        status = os.lstat(candidate)
        if not stat.S_ISREG(status.st_mode) or status.st_nlink != 1 or status.st_size != len(content):
            return False
        descriptor = os.open(candidate, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))  # not on Windows
        with os.fdopen(descriptor, "rb") as stream:
            if stream.read() != content:
                return False
        os.link(candidate, target, follow_symlinks=False)
    except OSError:  # gone, unreadable, or a file system without hard links: written instead
        return False
    return True


def _remove_old_generations(generations: Path, keep: Path) -> None:
    """Earlier generations, and what builds killed half-way left behind."""
    for entry in generations.iterdir():
        if entry not in (keep, Path(f"{keep}{MANIFEST}")):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def create_files(files: dict[str, bytes], target: Path) -> list[Path]:
    """Create every file under ``target``, or none: nothing existing is overwritten or followed."""
    paths = [target / name for name in files]
    taken = next((p for p in paths if os.path.lexists(p)), None)
    if taken is not None:
        raise RegistryError(f"{taken} already exists; nothing was changed")
    created: list[Path] = []
    try:
        for path, content in zip(paths, files.values(), strict=True):
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as handle:  # "x": fails on an existing file or a dangling link
                created.append(path)
                handle.write(content)
    except OSError as exc:
        for path in created:
            path.unlink(missing_ok=True)
        raise RegistryError(f"cannot write into {target}: {exc.strerror or exc}; nothing was changed") from None
    return paths


def replace_files(files: dict[str, bytes], target: Path) -> list[Path]:
    """Write each file through a temporary file and a rename: old or new, never half of either."""
    written = []
    with _os_errors(target):
        target.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            final = target / name
            final.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{final.name}.", dir=final.parent)
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(content)
                os.replace(temporary, final)
            finally:
                if os.path.exists(temporary):
                    os.unlink(temporary)
            written.append(final)
    return written
