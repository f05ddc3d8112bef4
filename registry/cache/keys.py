"""What a cache key is made of: the tool's own code, first, then what the stage declares it reads.

A key that held only the version string let a warm build serve the sentences of the code before an
edit or an upgrade installed from git. Every key now starts with a digest of the installed tool: the
bytes of its Python files, locales, data files and built-in templates, hashed once per process (about
2 ms for some 130 files). Work done by WeasyPrint, fontTools and pikepdf (PDF chunks, font unions,
running header specimens) is keyed by their versions as well.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from ..resources import templates_dir

_PACKAGE = Path(__file__).resolve().parent.parent
_SKIPPED = ("__pycache__",)


@cache
def tool_digest() -> bytes:
    """The installed tool's files, hashed: the package (code, locales, data) and the built-in templates."""
    hasher = hashlib.sha256()
    for top in (_PACKAGE, templates_dir()):
        for folder, subfolders, files in os.walk(top):
            subfolders[:] = sorted(name for name in subfolders if name not in _SKIPPED)
            for name in sorted(files):
                if name.endswith((".pyc", ".pyo")):
                    continue
                path = os.path.join(folder, name)
                with open(path, "rb") as stream:
                    content = stream.read()
                _part(hasher, os.path.relpath(path, top).encode())
                _part(hasher, content)
    return hasher.digest()


def pdf_libraries() -> str:
    """The versions of the libraries that lay out and assemble the PDF (read as they are now: a test may
    pretend another version is installed)."""
    import fontTools
    import pikepdf
    import weasyprint

    return f"weasyprint {weasyprint.__version__}, fonttools {fontTools.version}, pikepdf {pikepdf.__version__}"


def digest(*parts: bytes | str) -> str:
    """The key of what was made from ``parts`` by this very tool."""
    hasher = hashlib.sha256(tool_digest())
    for part in parts:
        _part(hasher, part.encode() if isinstance(part, str) else part)
    return hasher.hexdigest()


def _part(hasher: hashlib._Hash, data: bytes) -> None:
    """One part, with its length: ("ab", "c") and ("a", "bc") give different keys."""
    hasher.update(len(data).to_bytes(8, "big"))
    hasher.update(data)
