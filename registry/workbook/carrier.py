"""What an export carries for its own import: the register as data, and a fingerprint of each sheet.

A person reads the fiches; ids, kinds and translations have no cell an auditor wants to read, so the
export also writes the register's data (its JSON form) on a hidden sheet, one row per activity with the
fingerprint of the sheet that shows it. The import takes the data of a sheet whose cells are still those
the export wrote, and reads the cells of a sheet someone changed: the cells always win.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import zlib
from typing import Any

from ..xmltext import xml_text
from .book import Sheet
from .grid import Grid, clean
from .limits import MAX_CELL_TEXT

CHUNK = MAX_CELL_TEXT // 2
"""Characters of data per cell: a cell holds at most 32,767."""
MAX_DATA = 64 * 1024 * 1024
"""Bytes one row of the data sheet may unpack to: an activity's JSON is a few kilobytes, registry.yaml's
catalogues at most a few megabytes."""


def grid_of(sheet: Sheet) -> Grid:
    """The sheet as an import reads it back: the same cells, trimmed, a merged cell's value in its first."""
    cells = {}
    for r, row in enumerate(sheet.rows, start=1):
        c = 1
        for cell in row:
            value = clean(xml_text(cell.value) if isinstance(cell.value, str) else cell.value)
            if value is not None:
                cells[(r, c)] = value
            c += cell.span
    return Grid(sheet.name, cells)


def row_prints(grid: Grid) -> list[str]:
    """A short digest of each row's filled cells (row number, column and text), from the first row to the last."""
    return [hashlib.sha256(json.dumps(grid.row(r), ensure_ascii=False).encode()).hexdigest()[:10]
            for r in range(1, grid.rows + 1)]


def chunks(data: Any) -> list[str]:
    """The data as compressed JSON in base64, cut into cells: a register of 5,000 activities stays far within
    the characters an import reads (``limits.MAX_CHARACTERS``), and no cell starts or ends with a space."""
    text = base64.b64encode(zlib.compress(json.dumps(data, ensure_ascii=False).encode(), 9)).decode("ascii")
    return [text[i:i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]


def joined(parts: list[str]) -> Any:
    """The data :func:`chunks` cut into cells, unpacked no further than an export ever holds; ``ValueError``
    when the cells do not hold it."""
    try:
        packed = base64.b64decode("".join(parts), validate=True)
        inflater = zlib.decompressobj()
        text = inflater.decompress(packed, MAX_DATA)
    except (binascii.Error, zlib.error) as error:
        raise ValueError(str(error)) from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise ValueError(f"the data unpack to more than {MAX_DATA:,} bytes, or are cut")
    return json.loads(text)
