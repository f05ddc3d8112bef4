"""What registry last wrote into an output folder, so that it removes its own files and nobody else's.

The manifest lives beside the folder (``.output.registry-manifest.json`` beside ``output``), not in
it: the folder is what people publish. Each file it lists is recorded with its digest and with its
inode, size and modification time when written: a file that matches neither any more was changed by
someone, and is no longer registry's to remove or keep unread.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import RegistryError

FORMAT = 1
LARGEST = 64 * 1024 * 1024
"""A manifest larger than this was not written by registry (5,000 activities take about 2 MiB)."""


@dataclass(frozen=True)
class Entry:
    digest: str
    """SHA-256 of the content written."""
    size: int
    inode: int
    mtime_ns: int
    series: str | None = None
    """The files this one is renewed with: a later write of the same series that no longer makes it
    removes it (a build's HTML in one language); None: only ever replaced, never removed."""
    made_from: str | None = None
    """What the content followed from (:attr:`~registry.write.staged.Artifact.made_from`)."""

    def matches(self, status: os.stat_result) -> bool:
        """Whether ``status`` is still the file written then (a plain file, same inode, size and time)."""
        return (stat.S_ISREG(status.st_mode) and
                (status.st_ino, status.st_size, status.st_mtime_ns) == (self.inode, self.size, self.mtime_ns))


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def entry_for(path: Path, digest_hex: str, series: str | None, made_from: str | None) -> Entry:
    status = os.lstat(path)
    return Entry(digest_hex, status.st_size, status.st_ino, status.st_mtime_ns, series, made_from)


def read_manifest(path: Path) -> dict[str, Entry]:
    """The manifest at ``path``; one that is absent, unreadable or unexpected in any way is ignored whole
    (then nothing is removed); one that is a link is refused."""
    if os.path.islink(path):
        raise RegistryError(f"{path} is a link: registry follows no link when writing")
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return {}
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode) or status.st_size > LARGEST:
            return {}
        try:
            found = json.loads(stream.read(LARGEST + 1))
        except (OSError, ValueError):
            return {}
    return _entries(found)


FIELDS = tuple(Entry.__dataclass_fields__)
"""Each file's fields, in the order the manifest lists their values."""


def _entries(found: object) -> dict[str, Entry]:
    if not (isinstance(found, dict) and found.get("format") == FORMAT and found.get("fields") == list(FIELDS)
            and isinstance(found.get("files"), dict)):
        return {}
    entries = {}
    for name, values in found["files"].items():
        if not (safe_name(name) and isinstance(values, list) and len(values) == len(FIELDS)):
            return {}
        entry = Entry(*values)
        if not (isinstance(entry.digest, str) and all(type(number) is int for number in values[1:4])
                and all(text is None or isinstance(text, str) for text in (entry.series, entry.made_from))):
            return {}
        entries[name] = entry
    return entries


def safe_name(name: object) -> bool:
    """A relative path with '/' separators that stays inside its folder."""
    return (isinstance(name, str) and bool(name) and not name.startswith("/") and "\\" not in name and "\0" not in name
            and all(part not in ("", ".", "..") for part in name.split("/")))


def manifest_bytes(entries: dict[str, Entry]) -> bytes:
    files = {name: [getattr(entry, field) for field in FIELDS] for name, entry in sorted(entries.items())}
    return json.dumps({"format": FORMAT, "fields": FIELDS, "files": files}, separators=(",", ":")).encode()
