"""What ``validate`` found, remembered for a register whose files did not change since.

A warm ``validate`` used to unpickle every activity's model only to find the problems it found the time
before; half of it was importing the model. The verdict (the problems, and how many activities) is kept
instead under the files' identity as the system gives it, without reading them: each file's name, type,
size, times and inode, and where a link leads, as git's index tells a file unchanged. A file written in
the last :data:`RACY_SECONDS` is not trusted to that (a second write in the same tick keeps its size and
time): then the register is loaded, and nothing is remembered.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..kept import Kept
from ..problems import Problem
from .layout import ACTIVITIES_DIR, SETTINGS_FILE

RACY_SECONDS = 2.0


@dataclass(frozen=True)
class Verdict:
    problems: list[Problem]
    ok: bool
    activities: int
    """Activity files loaded (for the summary line)."""


def remembered_verdict(root: Path, kept: Kept, judge: Callable[[], Verdict]) -> Verdict:
    """``judge()``'s verdict on the register at ``root``, or the one it gave for the same files."""
    identity = fingerprint(root)
    if identity is None:
        return judge()
    return kept.remember("verdict", (str(root), str(root.resolve()), identity), judge)


def fingerprint(root: Path, now: float | None = None) -> str | None:
    """The register's folder, ``registry.yaml``, the activities' folder and every entry in it, by their
    status; None when one was written too recently to be told from its next version, or cannot be listed."""
    hasher = hashlib.sha256()
    newest = (time.time() if now is None else now) - RACY_SECONDS
    folder = root / ACTIVITIES_DIR
    try:
        with os.scandir(folder) as scanned:
            names = sorted(entry.name for entry in scanned)
    except FileNotFoundError:
        names = []
    except OSError:
        return None
    for path in (root, root / SETTINGS_FILE, folder, *(folder / name for name in names)):
        hasher.update(os.fsencode(path.name) + b"\0")
        for follow in (False, True):
            try:
                status = os.stat(path, follow_symlinks=follow)
            except OSError:
                hasher.update(b"-\0")
                continue
            hasher.update(f"{status.st_mode} {status.st_ino} {status.st_dev}\0".encode())
            if path == root:
                continue  # its times change with every build's manifest beside the output: what it holds is below
            if max(status.st_mtime_ns, status.st_ctime_ns) / 1e9 > newest:
                return None
            hasher.update(f"{status.st_size} {status.st_mtime_ns} {status.st_ctime_ns}\0".encode())
            if stat.S_ISLNK(status.st_mode):
                hasher.update(os.fsencode(os.path.realpath(path)) + b"\0")
    return hasher.hexdigest()
