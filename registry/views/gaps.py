"""Recommended facts the register document marks "À compléter", as located problems.

A view that has no value for a fact the CNIL template asks for keeps ``None``
(the template shows the visible mark) and records a B001 warning pointing at
the field to fill, so ``registry build`` can say what it marked and where.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..codes import B001
from ..loading.locator import locate
from ..loading.register import Register, SourcedActivity
from ..problems import Problem

Loc = tuple[str | int, ...]


@dataclass
class Gaps:
    register: Register
    found: dict[Problem, None] = field(default_factory=dict)
    """Problems in the order found, each once (the annexes repeat the fiches' gaps)."""

    def mark(self, activity: SourcedActivity | None, loc: Loc, what: str) -> str | None:
        """Record a missing fact of ``activity`` (or of registry.yaml) and return the "to complete" value."""
        name = ".".join(str(part) for part in loc)
        self.found[B001.at(*locate(self.register, activity, loc), what=what, field=name)] = None
        return None

    def either(self, value: str | None, activity: SourcedActivity | None, loc: Loc, what: str) -> str | None:
        """``value``, or the gap when it is missing."""
        return value if value is not None else self.mark(activity, loc, what)

    @property
    def problems(self) -> list[Problem]:
        return sorted(self.found)
