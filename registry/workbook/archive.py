"""An office file's zip checked before any library parses it: entry count, sizes, compression ratio,
and every entry read with a bounded reader, whatever its header declares."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .limits import OverLimit

MAX_ENTRIES = 10_000
"""An export of 5,000 activities (the most a register holds, V017) has a sheet, hence an entry, for each."""
MAX_ENTRY_SIZE = 64 * 1024 * 1024
"""Uncompressed bytes of one entry: a register of 5,000 activities writes a few megabytes of XML."""
MAX_TOTAL_SIZE = 128 * 1024 * 1024
MAX_RATIO = 200
"""Uncompressed / compressed size of a large entry: spreadsheet XML compresses 10 to 50 times; a zip bomb
thousands of times."""
RATIO_FROM = 1024 * 1024
"""Entries smaller than this are not judged by their ratio (a run of empty rows compresses well)."""
_CHUNK = 1024 * 1024


def read_archive(path: Path) -> dict[str, bytes]:
    """Every entry of the zip at ``path``, read within the limits; :class:`OverLimit` past any of them."""
    name = path.name
    with zipfile.ZipFile(path) as archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise OverLimit(name, f"{len(entries):,} entries in the archive, more than {MAX_ENTRIES:,}; "
                                  "this is not a spreadsheet")
        declared = sum(entry.file_size for entry in entries)
        if declared > MAX_TOTAL_SIZE:
            raise OverLimit(name, f"the archive unpacks to {declared:,} bytes, more than {MAX_TOTAL_SIZE:,}")
        contents: dict[str, bytes] = {}
        total = 0
        for entry in entries:
            if entry.is_dir():
                continue
            _check_declared(name, entry)
            content = _bounded(archive, entry, min(MAX_ENTRY_SIZE, MAX_TOTAL_SIZE - total), name)
            total += len(content)
            contents[entry.filename] = content
        return contents


def _check_declared(name: str, entry: zipfile.ZipInfo) -> None:
    where = f"{name}/{entry.filename}"
    if entry.file_size > MAX_ENTRY_SIZE:
        raise OverLimit(where, f"unpacks to {entry.file_size:,} bytes, more than {MAX_ENTRY_SIZE:,}")
    if entry.file_size > RATIO_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
        raise OverLimit(where, f"compressed {entry.file_size // max(entry.compress_size, 1):,} times, more than "
                               f"{MAX_RATIO} (a zip bomb)")


def _bounded(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limit: int, name: str) -> bytes:
    """The entry's bytes, stopping past ``limit`` (a header may lie about the size)."""
    buffer = io.BytesIO()
    with archive.open(entry) as stream:
        while chunk := stream.read(_CHUNK):
            buffer.write(chunk)
            if buffer.tell() > limit:
                raise OverLimit(f"{name}/{entry.filename}", f"unpacks to more than {limit:,} bytes")
    return buffer.getvalue()


def repacked(contents: dict[str, bytes]) -> io.BytesIO:
    """The checked entries as a new, stored zip in memory: what a library then opens holds nothing unchecked."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, content in contents.items():
            archive.writestr(name, content)
    out.seek(0)
    return out
