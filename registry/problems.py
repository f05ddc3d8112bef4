"""Problems found in user data: values with a location, never exceptions.

Every stage (loading, validation, compliance checks, notices) reports what a
DPO can fix as a :class:`Problem`; only the CLI decides how to print them and
which exit code they deserve.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from pathlib import Path


class Severity(enum.IntEnum):
    """Ordered so that ``max()`` over problems gives the worst one."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, pointing at the key or value concerned (1-based line and column)."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity
    """Its code's declared severity, unless the settings or draft mode re-graded it."""

    def graded(self, severity: Severity) -> Problem:
        """The same problem at another severity: only the settings (``checks.severity``) and draft mode
        re-grade what the code's declaration says."""
        return replace(self, severity=severity)

    def __str__(self) -> str:
        """One line, whatever the path or the message holds: control characters are shown escaped."""
        return one_line(f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.code} {self.message}")


_CONTROL = {code: f"\\u{code:04x}" for code in [*range(0x20), *range(0x7f, 0xa0), 0x2028, 0x2029]}
_CONTROL.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


def one_line(text: str) -> str:
    """Control characters and line separators written as escapes (``\\n``, ``\\u001b``)."""
    return text.translate(_CONTROL)


def display_path(path: Path, root: Path) -> str:
    """The path as the user knows it: relative to the register when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
