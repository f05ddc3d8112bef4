"""What a compliance rule is, and how it reports.

A rule is a function decorated with its code, declared in ``registry.codes``
with a readable name and a default severity. Its docstring is its
documentation, with four sections that ``registry explain`` prints: *What it checks*, *Why*, *Fails* and *Fix*.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ...codes import Code
from ...loading.register import Register
from ...problems import Severity

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


Target = Literal["activity", "controller_activity", "register"]
"""What a rule runs on, and so what it receives after the context:

* ``activity``: every activity of either kind of register, as a :data:`SourcedActivity`;
* ``controller_activity``: each activity of a controller's register (Art. 30(1)), as a
  :data:`ControllerActivity`; never called for a processor's register;
* ``register``: the register as a whole, once (nothing beyond the context).
"""


@dataclass(frozen=True)
class Rule:
    declared: Code
    on: Target
    check: Callable[..., Iterator[Finding]]

    @property
    def code(self) -> str:
        return self.declared.code

    @property
    def name(self) -> str:
        return self.declared.name

    @property
    def severity(self) -> Severity:
        return self.declared.severity

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        """The first sentence of *What it checks*."""
        section = self.section("What it checks")
        return section.split("\n\n")[0].replace("\n", " ")

    def section(self, title: str) -> str:
        headings = "|".join(map(re.escape, DOC_SECTIONS))
        match = re.search(rf"^{re.escape(title)}:\n(.*?)(?=^(?:{headings}):\n|\Z)", self.doc, re.S | re.M)
        return inspect.cleandoc(match.group(1)) if match else ""


_REGISTERED: list[Rule] = []


def rule(code: Code, *, on: Target) -> Callable[[Callable[..., Iterator[Finding]]], Callable[..., Iterator[Finding]]]:
    """Register a check under its declared code; ``on`` says what it runs on (see :data:`Target`)."""

    def register(check: Callable[..., Iterator[Finding]]) -> Callable[..., Iterator[Finding]]:
        _REGISTERED.append(Rule(code, on, check))
        return check

    return register


def registered() -> list[Rule]:
    return list(_REGISTERED)
