"""Conditions under which the tool cannot continue (problems in user data are :class:`~registry.problems.Problem`)."""

from __future__ import annotations

from .problems import Problem


class RegistryError(Exception):
    """Raised by the library; the CLI prints the message and exits with status 1."""


class ProblemsError(RegistryError):
    """The work stopped on problems in files the user wrote (a template, for instance)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems
