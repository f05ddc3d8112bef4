"""One writer at a time per output: two commands writing into the same folder would interleave their files.

The lock is a file taken with ``flock`` (``msvcrt.locking`` on Windows). Its holder removes it before
letting go, so that no lock file stays behind; a process that locked a file removed meanwhile sees
that the path no longer names its file and tries again.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import RegistryError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

WAIT_SECONDS = 5.0
"""How long a second command waits for the first to finish writing before refusing: writing, unlike
rendering, takes a second or two."""

_BUSY = (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK)
_UNSUPPORTED = (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS)
"""A file system without locks (some network shares): the write goes on unlocked, as before locks."""


def _try_lock(descriptor: int) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
    except OSError as exc:
        if exc.errno in _BUSY:
            return False
        if exc.errno in _UNSUPPORTED:
            return True
        raise
    return True


def _still_named(descriptor: int, path: Path) -> bool:
    """Whether ``path`` still names the file locked (its holder may have removed it just before)."""
    try:
        return os.path.samestat(os.fstat(descriptor), os.lstat(path))
    except FileNotFoundError:
        return False


@contextmanager
def locked(path: Path, what: Path) -> Iterator[None]:
    """Hold the lock file ``path`` while writing into ``what``; refuse after :data:`WAIT_SECONDS`."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        if os.path.islink(path):  # O_NOFOLLOW below says so too, but Windows has none
            raise RegistryError(f"{path} is a link: registry follows no link when writing")
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0),
                                 0o666)
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # made a link since the check above
                raise RegistryError(f"{path} is a link: registry follows no link when writing") from None
            raise
        if _try_lock(descriptor):
            if _still_named(descriptor, path):
                break
        elif time.monotonic() >= deadline:
            os.close(descriptor)
            raise RegistryError(f"another registry command is writing into {what} (lock {path}); "
                                "run this one again when it has finished")
        else:
            time.sleep(0.05)
        os.close(descriptor)
    try:
        yield
    finally:
        try:
            os.unlink(path)  # while still held: a process waiting for it will see that it is gone
        except OSError:
            pass  # Windows cannot remove an open file: it stays, empty and unlocked
        os.close(descriptor)
