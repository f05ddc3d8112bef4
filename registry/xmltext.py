"""Text as XML 1.0 can carry it: the office formats (xlsx, ods, docx) are XML, and one character it
forbids makes the whole file unwritable or unreadable."""

from __future__ import annotations

import re

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 forbids (its ``Char`` production), as a Python string can hold it."""

REPLACEMENT = "\ufffd"


def xml_text(text: str) -> str:
    """``text`` with every character XML forbids shown as U+FFFD: the reader refuses them in a register
    (V016), so this only guards the writers against a value that came another way."""
    return _ILLEGAL.sub(REPLACEMENT, text)
