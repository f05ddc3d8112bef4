"""Work done before, found again by the content it was done on: parsed files, laid-out PDF chunks.

Entries are keyed by a hash of everything the result depends on (the tool's
version included), so a stale entry is never found, only unused. Values are
pickled, and pickles run code when read: every entry is signed with a secret
kept in the user's own cache folder, and an entry whose signature does not
match (corrupt, truncated, written by another version or copied from
elsewhere) is ignored and rebuilt, never trusted. The folder can be deleted
at any time, and does not grow for ever: an entry in use is touched (once a
day at most), and once a day the entries unused for ``UNUSED_DAYS`` days are
removed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..release import __version__

SIGNATURE = 32
UNUSED_DAYS = 30
SWEPT = "swept"
"""Touched at each sweep of a folder: the next is due a day later."""
DAY = 86_400
_BUCKET, _ENTRY = re.compile("[0-9a-f]{2}"), re.compile(r"[0-9a-f]{62}(\.[0-9]+)?")
"""An entry, or one being written aside by a process (left behind if it was stopped)."""
T = TypeVar("T")


def user_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "registry"


def _secret() -> bytes:
    """The signing key: created once, readable by the user only, never inside a register."""
    path = user_cache() / "secret"
    try:
        key = path.read_bytes()
        if len(key) == SIGNATURE:
            return key
    except OSError:
        pass
    import secrets  # once per user: not every command's start-up
    import tempfile

    key = secrets.token_bytes(SIGNATURE)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(key)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except OSError:
        pass  # a cache that cannot persist its key still works for this run
    return key


class Cache:
    """A folder of signed entries. ``Cache(None)`` remembers nothing (``--no-cache``);
    ``Cache(None, memory=True)`` remembers for the life of the process (``registry serve``)."""

    def __init__(self, folder: Path | None, memory: bool = False) -> None:
        self.folder = folder
        self.key = _secret() if folder is not None else b""
        self.hits = self.misses = 0
        self._folders: set[Path] = set()
        self._memory: dict[str, Any] | None = {} if memory else None
        self._shelves: dict[str, Shelf] = {}
        if folder is not None:
            _sweep_if_due(folder, time.time())

    @property
    def remembers(self) -> bool:
        """Whether what is put is found again (not with ``--no-cache``)."""
        return self.folder is not None or self._memory is not None

    @staticmethod
    def digest(*parts: bytes | str) -> str:
        hasher = hashlib.sha256(__version__.encode())
        for part in parts:
            data = part.encode() if isinstance(part, str) else part
            hasher.update(len(data).to_bytes(8, "big"))
            hasher.update(data)
        return hasher.hexdigest()

    def remember(self, parts: tuple[bytes | str, ...], make: Callable[[], T]) -> T:
        """The value made from ``parts`` before, or ``make()`` now, kept for next time."""
        digest = self.digest(*parts)
        found = self.get(digest)
        if found is not None:
            return found  # type: ignore[no-any-return]
        value = make()
        self.put(digest, value)
        return value

    def _path(self, digest: str) -> Path:
        assert self.folder is not None
        return self.folder / digest[:2] / digest[2:]

    def get(self, digest: str) -> Any:
        """The value stored under ``digest``, or None."""
        if self._memory is not None:
            return self._memory.get(digest)
        if self.folder is None:
            return None
        try:
            with open(self._path(digest), "rb") as stream:
                content = stream.read()
                if time.time() - os.fstat(stream.fileno()).st_mtime > DAY:
                    os.utime(stream.fileno())  # in use: kept by the sweep (touched once a day at most)
        except OSError:
            self.misses += 1
            return None
        signature, payload = content[:SIGNATURE], content[SIGNATURE:]
        if not hmac.compare_digest(signature, hmac.new(self.key, digest.encode() + payload, "sha256").digest()):
            self.misses += 1
            return None
        try:
            value = pickle.loads(payload)
        except Exception:  # signed by us, yet unreadable (a class that changed): rebuilt like a miss
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, digest: str, value: Any, replace: bool = False) -> None:
        """Keep ``value``. An entry is written in place: one cut short by a crash fails its signature and
        is rebuilt. With ``replace``, it is written aside and then put in place, so that another process
        reading meanwhile finds the old entry whole (for a shelf, which costs much to lose)."""
        if self._memory is not None:
            self._memory[digest] = value
            return
        if self.folder is None:
            return
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        signature = hmac.new(self.key, digest.encode() + payload, "sha256").digest()
        path = self._path(digest)
        try:
            if path.parent not in self._folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(path.parent)
            if not replace:
                path.write_bytes(signature + payload)
                return
            aside = path.with_name(f"{path.name}.{os.getpid()}")
            aside.write_bytes(signature + payload)
            os.replace(aside, path)
        except OSError:
            pass  # a full disk or a read-only folder costs speed, never the result

    def shelf(self, name: str, *identity: str) -> Shelf:
        """The shelf of this name and owner: read once by this cache, whatever the blocks that use it."""
        shelf = Shelf(self, name, *identity)
        return self._shelves.setdefault(shelf.key, shelf)


class Shelf:
    """Many small entries of one kind kept as a few cache entries, its parts: each read in one go, and
    written back in one go, at the end of a ``with`` block, when an entry was added to it.

    A value per activity file is a thousand files to open on a large register; a shelf is sixteen.
    An edit adds one entry, and one part is written again. The shelf is found by a name and what
    identifies its owner (a register's folder), its entries by their content, as in the cache. An
    entry unused for ``UNUSED_DAYS`` days is dropped when its part is written back. In a cache kept in
    memory (``registry serve``), values are kept as they are."""

    PARTS = 16
    """Parts by the first hexadecimal digit of the entries' digests."""

    def __init__(self, cache: Cache, name: str, *identity: str) -> None:
        self.cache = cache
        self.key = cache.digest("shelf", name, *identity)
        self._parts: dict[str, dict[str, tuple[int, Any]]] = {}
        """Each part read, by its digit: each entry's digest, the day it was last used, and its value
        (pickled in a folder's cache)."""
        self._changed: set[str] = set()
        self._pickled = cache.folder is not None

    def __enter__(self) -> Shelf:
        return self

    def __exit__(self, *exception: object) -> None:
        oldest = _today() - UNUSED_DAYS
        for digit in sorted(self._changed):
            self.cache.put(self.cache.digest(self.key, digit),
                           {digest: entry for digest, entry in self._parts[digit].items() if entry[0] >= oldest},
                           replace=True)
        self._changed.clear()

    def remember(self, parts: tuple[bytes | str, ...], make: Callable[[], T]) -> T:
        """As :meth:`Cache.remember`, in the shelf."""
        return self.remember_digest(self.cache.digest(*parts), make)

    def knows(self, digest: str) -> bool:
        """Whether a value is kept under ``digest``."""
        return self.cache.remembers and digest in self._part(digest[0])

    def remember_digest(self, digest: str, make: Callable[[], T], pickled: bytes | None = None) -> T:
        """The value kept under ``digest`` (see :meth:`Cache.digest`), or ``make()`` now, kept; ``pickled``
        is the value pickled already (by another process), kept as it is."""
        if not self.cache.remembers:
            return make()
        today = _today()
        entries = self._part(digest[0])
        if digest in entries:
            day, kept = entries[digest]
            try:
                value = pickle.loads(kept) if self._pickled else kept
            except Exception:  # signed by us, yet unreadable (a class that changed): made again
                pass
            else:
                if day != today:
                    entries[digest] = (today, kept)
                    self._changed.add(digest[0])
                self.cache.hits += 1
                return value  # type: ignore[no-any-return]
        value = make()
        self.cache.misses += 1
        if self._pickled and pickled is None:
            pickled = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        entries[digest] = (today, pickled if self._pickled else value)
        self._changed.add(digest[0])
        return value

    def _part(self, digit: str) -> dict[str, tuple[int, Any]]:
        if digit not in self._parts:
            found = self.cache.get(self.cache.digest(self.key, digit))
            self._parts[digit] = dict(found) if isinstance(found, dict) else {}
        return self._parts[digit]


def _today() -> int:
    return int(time.time() // DAY)


def _sweep_if_due(folder: Path, now: float) -> None:
    """Remove the entries unused for ``UNUSED_DAYS`` days, if the last sweep was a day ago or more.

    Only entries are removed (a SHA-256 in hexadecimal, cut after two digits: ``ab/cdef…``), never
    another file of a folder given with ``--cache``."""
    stamp = folder / SWEPT
    try:
        if now - stamp.stat().st_mtime < DAY:
            return
    except OSError:
        pass  # never swept
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stamp.touch()
        for bucket in folder.iterdir():
            if _BUCKET.fullmatch(bucket.name) and bucket.is_dir() and not bucket.is_symlink():
                for entry in bucket.iterdir():
                    if (_ENTRY.fullmatch(entry.name) and entry.is_file() and not entry.is_symlink()
                            and now - entry.stat().st_mtime > UNUSED_DAYS * DAY):
                        entry.unlink(missing_ok=True)
    except OSError:
        pass  # a folder that cannot be swept now is swept another day
