"""Same content, same bytes: both libraries stamp zip entries with the time of writing."""

from __future__ import annotations

import io
import zipfile
from datetime import date


def stable_zip(data: bytes, day: date) -> bytes:
    """``data`` re-packed with every entry dated ``day``, in the original order (``mimetype`` first, stored)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(day.year, day.month, day.day, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
