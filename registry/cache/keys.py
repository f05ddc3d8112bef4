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
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..resources import templates_dir

_PACKAGE = Path(__file__).resolve().parent.parent
_SKIPPED = ("__pycache__",)


@cache
def tool_digest() -> bytes:
    """The installed tool's files, hashed: the package (code, locales, data) and the built-in templates."""
    hasher = hashlib.sha256()
    templates = templates_dir()
    tops = [_PACKAGE, *([] if templates.is_relative_to(_PACKAGE) else [templates])]  # inside it, in a wheel
    for top in tops:
        _part(hasher, top.name.encode())
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


@cache
def pdf_libraries() -> str:
    """The versions of the libraries that lay out and assemble the PDF; WeasyPrint's is read from its
    metadata, not by importing it, which a build that finds every chunk laid out never does."""
    from importlib.metadata import version

    import fontTools
    import pikepdf

    return f"weasyprint {version('weasyprint')}, fonttools {fontTools.version}, pikepdf {pikepdf.__version__}"


def digest(*parts: bytes | str) -> str:
    """The key of what was made from ``parts`` by this very tool."""
    hasher = _tool_hasher().copy()
    for part in parts:
        _part(hasher, part.encode() if isinstance(part, str) else part)
    return hasher.hexdigest()


@cache
def _tool_hasher() -> hashlib._Hash:
    """A hasher fed with the tool's digest, copied for each key: a large build makes some ten thousand keys."""
    return hashlib.sha256(tool_digest())


def _part(hasher: hashlib._Hash, data: bytes) -> None:
    """One part, with its length: ("ab", "c") and ("a", "bc") give different keys."""
    hasher.update(len(data).to_bytes(8, "big") + data)


@dataclass(frozen=True)
class Stage:
    """A stage whose results are kept: its name, what its key is made of besides the tool, and where it
    is kept."""

    name: str
    inputs: str
    """What the stage's result follows from, in the order its callers give it."""
    pdf: bool = False
    """Done by the PDF libraries: their versions are part of the key."""
    shelf: str | None = None
    """One per activity: kept on this shelf of the register (see :class:`~registry.cache.store.Shelf`)."""


STAGES = {stage.name: stage for stage in (
    Stage("parsed", "the file's path as shown, its bytes"),
    Stage("validated", "the model's name, the file's digest (path and bytes)"),
    Stage("loaded", "the activity file's path, its bytes, the register's kind", shelf="loaded"),
    Stage("verdict", "the register's folder as given and resolved, its files' names, types, sizes, times, inodes "
          "and links' targets"),
    Stage("file-dates", "the register's folder, the commit checked out, the activity files"),
    Stage("substance-changes", "the register's folder, the commit checked out, the activity files"),
    Stage("digests of tree", "each activity file's path and blob at a revision"),
    Stage("working-tree blobs", "the object format, each register file's path, size, times and inode"),
    Stage("fiche view", "the wording, registry.yaml, the activity's file, its dates", shelf="fiches"),
    Stage("annex rows", "as a fiche", shelf="fiches"),
    Stage("fiche-html", "the templates and wording, the organisation, what the fiche was written from",
          shelf="fiche html"),
    Stage("activity page", "as a fiche's HTML, and the document as the page names it (the version's stand-in)"),
    Stage("gallery-page", "the templates, the wording of each language, the language, the version's shape (its "
          "length and spaces, see render/furniture.py), registry.yaml, the activity's file, its model and dates"),
    Stage("notice-snippet", "the templates, the format, the language, what the notice says"),
    Stage("template-code", "Jinja's version, the environment's kind, the template's name, its source's checksum"),
    Stage("pdf-chunk", "what a worker reports, the PDF variant, the chunk's HTML", pdf=True),
    Stage("font-union", "each subset's SHA-256", pdf=True),
)}
"""Every stage whose results are kept, declared once: a key is made only for a declared stage."""


def key(stage: str, *inputs: bytes | str) -> str:
    """The key of what ``stage`` made from ``inputs``, with this very tool (and these PDF libraries)."""
    declared = STAGES[stage]
    return digest(stage, *((pdf_libraries(),) if declared.pdf else ()), *inputs)


def shelf(name: str, *identity: str) -> str:
    """A shelf, by its name and what identifies its owner (a register's folder, a language)."""
    return digest("shelf", name, *identity)


def shelf_part(shelf_key: str, digit: str) -> str:
    return digest(shelf_key, digit)
