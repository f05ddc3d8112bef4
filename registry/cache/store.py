"""Work done before, found again by the content it was done on: parsed files, laid-out PDF chunks.

Entries are keyed by a hash of everything the result depends on (the tool's
own code first, see :mod:`.keys`), so a stale entry is never found, only
unused. Values are pickled, and pickles run code when read: every entry is
signed with a key kept apart, in a private folder of the user's own
(:func:`key_folder`), and an entry whose signature does not match (corrupt,
truncated, written by another tool or copied from elsewhere) is ignored and
rebuilt, never trusted. Nothing in the folder is trusted either: it must be
the user's own and closed to others, entries are opened without following
links, read only if they are regular files of a sensible size, and written
private, aside then renamed into place. The folder can be deleted
at any time, and does not grow for ever: an entry in use is touched (once a
day at most), and once a day the entries unused for ``UNUSED_DAYS`` days are
removed.
"""

from __future__ import annotations

import hmac
import os
import pickle
import re
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from . import keys

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


def key_folder() -> Path:
    """Where the signing key lives: the user's own state folder, never the folder it signs."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "registry"


KEY_FILE = "cache-key"
MAX_ENTRY = 512 * 1024 * 1024
"""The largest entry read back (a shelf of 5,000 activities, a chunk of a large table weigh far less): a
planted file of several gigabytes is never read into memory."""
_GUARDED = (all(hasattr(os, name) for name in ("O_NOFOLLOW", "O_NONBLOCK", "O_DIRECTORY", "O_CLOEXEC", "geteuid"))
            and os.open in os.supports_dir_fd)
"""Whether files can be opened here without following links, in a folder held open, and owners compared
(POSIX): without that, the cache is not used."""
_NOFOLLOW, _CLOEXEC = getattr(os, "O_NOFOLLOW", 0), getattr(os, "O_CLOEXEC", 0)
_READ = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | _CLOEXEC
_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | _CLOEXEC
_WRITE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC


class Untrusted(Exception):
    """A folder or file the cache must not use: the reason, for a one-line warning."""


def _private(status: os.stat_result, what: str, shared: int = 0o022) -> None:
    """Refuse what another user owns or may write (``shared``: the permission bits refused)."""
    if status.st_uid != os.geteuid():
        raise Untrusted(f"{what} belongs to another user")
    if status.st_mode & shared:
        raise Untrusted(f"{what} may be written by other users")


def _own_folder(folder: Path) -> None:
    """The folder, created private if it is missing, refused if it is not the user's own."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        link, status = os.lstat(folder), os.stat(folder)
    except OSError as exc:
        raise Untrusted(f"{folder} cannot be used ({exc.strerror})") from None
    if stat.S_ISLNK(link.st_mode):
        _private(link, f"the link {folder}", shared=0)  # planted by another user, to a folder of the user's
    if not stat.S_ISDIR(status.st_mode):
        raise Untrusted(f"{folder} is not a folder")
    _private(status, str(folder))


def _secret() -> bytes:
    """The signing key, created once: read only from a private file in a private folder of the user's own,
    so that nobody else can plant a key and the entries it signs."""
    folder = key_folder()
    _own_folder(folder)
    path = folder / KEY_FILE
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    import secrets  # once per user: not every command's start-up

    aside = folder / f"{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
    try:
        descriptor = os.open(aside, _WRITE, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(secrets.token_bytes(SIGNATURE))
        try:
            os.link(aside, path)  # never replaces a key another process made meanwhile
        except FileExistsError:
            pass
        finally:
            os.unlink(aside)
        return _read_key(path)
    except OSError as exc:
        raise Untrusted(f"the cache's key cannot be kept in {folder} ({exc.strerror})") from None


def _read_key(path: Path) -> bytes:
    try:
        descriptor = os.open(path, _READ)
    except FileNotFoundError:
        raise
    except OSError as exc:  # a link (ELOOP), or unreadable
        raise Untrusted(f"the cache's key {path} cannot be read safely ({exc.strerror})") from None
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise Untrusted(f"the cache's key {path} is not a regular file")
        _private(status, f"the cache's key {path}", shared=0o077)
        key = stream.read(SIGNATURE + 1)
    if len(key) != SIGNATURE:
        raise Untrusted(f"the cache's key {path} is damaged: delete it")
    return key


class Cache:
    """A folder of signed entries. ``Cache(None)`` remembers nothing (``--no-cache``);
    ``Cache(None, memory=True)`` remembers for the life of the process (``registry serve``).

    A folder that is not the user's own, or that others may write, is not used: the cache then
    remembers nothing, and :attr:`refused` says why, for the command to warn once."""

    def __init__(self, folder: Path | None, memory: bool = False) -> None:
        self.refused: str | None = None
        self.key = b""
        if folder is not None:
            try:
                if not _GUARDED:
                    raise Untrusted("this system cannot open its entries without following links")
                _own_folder(folder)
                self.key = _secret()
            except Untrusted as exc:
                self.refused, folder = f"the cache is not used: {exc}", None
        self.folder = folder
        self.hits = self.misses = 0
        self._buckets: set[str] = set()
        self._memory: dict[str, Any] | None = {} if memory else None
        self._shelves: dict[str, Shelf] = {}
        if folder is not None:
            _sweep_if_due(folder, time.time())

    @property
    def remembers(self) -> bool:
        """Whether what is put is found again (not with ``--no-cache``)."""
        return self.folder is not None or self._memory is not None

    def remember(self, digest: str, make: Callable[[], T]) -> T:
        """The value kept under ``digest`` (see :mod:`.keys`), or ``make()`` now, kept for next time."""
        found = self.get(digest)
        if found is not None:
            return found  # type: ignore[no-any-return]
        value = make()
        self.put(digest, value)
        return value

    def _bucket(self, digest: str, create: bool = False) -> int:
        """The entry's bucket folder, opened without following a link, and checked once as the user's own."""
        assert self.folder is not None
        name = digest[:2]
        path = self.folder / name
        if create and name not in self._buckets:
            try:
                os.mkdir(path, 0o700)
            except FileExistsError:
                pass
        descriptor = os.open(path, _FOLDER)
        if name not in self._buckets:
            try:
                _private(os.fstat(descriptor), str(path))
            except Untrusted:
                os.close(descriptor)
                raise OSError(f"{path} is not the user's own") from None
            self._buckets.add(name)
        return descriptor

    def get(self, digest: str) -> Any:
        """The value stored under ``digest``, or None. An entry is read only if it is a regular file (not a
        link, a pipe or a device) of a sensible size, and used only if it bears the user's signature."""
        if self._memory is not None:
            return self._memory.get(digest)
        if self.folder is None:
            return None
        try:
            content = self._read(digest)
        except OSError:
            content = None
        if content is None:
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

    def _read(self, digest: str) -> bytes | None:
        bucket = self._bucket(digest)
        try:
            descriptor = os.open(digest[2:], _READ, dir_fd=bucket)
        finally:
            os.close(bucket)
        with os.fdopen(descriptor, "rb") as stream:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY:
                return None
            content = stream.read(MAX_ENTRY + 1)
            if time.time() - status.st_mtime > DAY:
                os.utime(descriptor)  # in use: kept by the sweep (touched once a day at most)
        return content if len(content) <= MAX_ENTRY else None

    def put(self, digest: str, value: Any) -> None:
        """Keep ``value``, readable by the user only. It is written aside, under a new name, then put in
        place: a link planted in the folder is replaced, never written through, and another process
        reading meanwhile finds the old entry whole."""
        if self._memory is not None:
            self._memory[digest] = value
            return
        if self.folder is None:
            return
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        signature = hmac.new(self.key, digest.encode() + payload, "sha256").digest()
        try:
            bucket = self._bucket(digest, create=True)
        except OSError:
            return  # a full disk, a read-only folder, a planted link: costs speed, never the result
        aside = f"{digest[2:]}.{os.getpid()}{int.from_bytes(os.urandom(4), 'big')}"
        try:
            descriptor = os.open(aside, _WRITE, 0o600, dir_fd=bucket)
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(signature + payload)
            os.replace(aside, digest[2:], src_dir_fd=bucket, dst_dir_fd=bucket)
        except OSError:
            try:
                os.unlink(aside, dir_fd=bucket)
            except OSError:
                pass
        finally:
            os.close(bucket)

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
        self.key = keys.shelf(name, *identity)
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
            self.cache.put(keys.shelf_part(self.key, digit),
                           {digest: entry for digest, entry in self._parts[digit].items() if entry[0] >= oldest})
        self._changed.clear()

    def knows(self, digest: str) -> bool:
        """Whether a value is kept under ``digest``."""
        return self.cache.remembers and digest in self._part(digest[0])

    def remember(self, digest: str, make: Callable[[], T], pickled: bytes | None = None) -> T:
        """The value kept under ``digest`` (see :mod:`.keys`), or ``make()`` now, kept; ``pickled``
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
            found = self.cache.get(keys.shelf_part(self.key, digit))
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
        if now - os.lstat(stamp).st_mtime < DAY:
            return
    except OSError:
        pass  # never swept
    try:
        # a planted pipe would hold the open for ever: it is refused at once, as anything but a regular file
        descriptor = os.open(stamp, os.O_WRONLY | os.O_CREAT | _NOFOLLOW | _CLOEXEC | getattr(os, "O_NONBLOCK", 0), 0o600)
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                return
            os.utime(descriptor)
        finally:
            os.close(descriptor)
        for bucket in folder.iterdir():
            if _BUCKET.fullmatch(bucket.name) and bucket.is_dir() and not bucket.is_symlink():
                for entry in bucket.iterdir():
                    if (_ENTRY.fullmatch(entry.name) and entry.is_file() and not entry.is_symlink()
                            and now - entry.stat().st_mtime > UNUSED_DAYS * DAY):
                        entry.unlink(missing_ok=True)
    except OSError:
        pass  # a folder that cannot be swept now is swept another day
