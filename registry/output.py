"""Outputs as values, and writing them: nothing reaches the output folder until everything rendered."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import RegistryError


@dataclass(frozen=True)
class Artifact:
    path: str
    """Relative to the output folder, with '/' separators."""
    content: bytes


def write_outputs(artifacts: list[Artifact], out: Path) -> list[Path]:
    """Write into ``out`` only once everything is ready: files are staged beside it, then moved in."""
    paths = [a.path for a in artifacts]
    if len(set(paths)) != len(paths):
        raise RegistryError("two outputs would be written to the same file")
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".registry-build-", dir=out))
    except OSError as exc:
        raise RegistryError(f"cannot write into {out}: {exc.strerror or exc}") from None
    try:
        for artifact in artifacts:
            target = staging / artifact.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(artifact.content)
        written = []
        for artifact in artifacts:
            final = out / artifact.path
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / artifact.path, final)
            written.append(final)
    except OSError as exc:
        raise RegistryError(f"cannot write into {out}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written
