"""What a compliance rule is, and how it reports.

A rule is a function with a stable code, a readable name and a default
severity. Its docstring is its documentation, with four sections that
``registry explain`` prints: *What it checks*, *Why*, *Fails* and *Fix*.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..models import Activity
from ..problems import Severity
from ..register import Register, SourcedActivity

Loc = tuple[str | int, ...]

DOC_SECTIONS = ("What it checks", "Why", "Fails", "Fix")


@dataclass(frozen=True)
class Finding:
    """A rule's verdict on one place: ``loc`` inside the activity (or ``registry.yaml``)."""

    loc: Loc
    message: str
    in_settings: bool = False
    """The place is in registry.yaml rather than in the activity checked."""


@dataclass(frozen=True)
class Context:
    register: Register
    today: date


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    scope: Literal["activity", "register"]
    check: Callable[..., Iterator[Finding]]
    controller_only: bool

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        """The first sentence of *What it checks*."""
        section = self.section("What it checks")
        return section.split("\n\n")[0].replace("\n", " ")

    def section(self, title: str) -> str:
        match = re.search(rf"^{re.escape(title)}:\n(.*?)(?=^\w[\w ]*:\n|\Z)", self.doc, re.S | re.M)
        return inspect.cleandoc(match.group(1)) if match else ""


_REGISTERED: list[Rule] = []


def rule(code: str, name: str, severity: Severity, *, scope: Literal["activity", "register"] = "activity",
         controller_only: bool = True) -> Callable[[Callable[..., Iterator[Finding]]], Callable[..., Iterator[Finding]]]:
    """Register a check. Activity rules run once per activity; register rules once."""

    def register(check: Callable[..., Iterator[Finding]]) -> Callable[..., Iterator[Finding]]:
        _REGISTERED.append(Rule(code, name, severity, scope, check, controller_only))
        return check

    return register


def registered() -> list[Rule]:
    return list(_REGISTERED)


def controller_activity(activity: SourcedActivity) -> Activity | None:
    """The activity when it belongs to a controller's register (most rules only apply there)."""
    return activity.model if isinstance(activity.model, Activity) else None
