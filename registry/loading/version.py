"""Which version of the register a document shows: the git commit, and whether files changed since."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..resources import override_templates

REGISTER_FILES = ("registry.yaml", "activities")
"""What a register is made of, besides its own template overrides."""


@dataclass(frozen=True)
class Version:
    commit: str | None
    """Short hash of HEAD; None when the register is not in a git repository."""
    modified: bool
    """Register files differ from the commit (uncommitted or untracked changes)."""


def register_version(root: Path) -> Version:
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "--short", "HEAD")
    if commit is None:
        return Version(None, False)
    overrides = override_templates(root)
    status = git("status", "--porcelain", "--", *REGISTER_FILES, *([str(overrides)] if overrides else []))
    return Version(commit, bool(status))


def generation_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, so that builds can be reproduced byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(tz=timezone.utc)
