"""The facts a notice states, read from the register, with a located problem for each one missing.

Art. 13 and 14 GDPR list what a notice must say; when the register lacks a
fact that applies, the notice cannot be written: the problem names the file,
the line and the field to fill. In draft mode a visible placeholder takes the
fact's place instead and the problem is only a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import Messages
from ..models import Text
from ..problems import Problem, Severity
from ..register import Register, SourcedActivity
from ..yamlsource import SourceNode

Loc = tuple[str | int, ...]


@dataclass
class Facts:
    """Reads facts for one language and records what is missing."""

    register: Register
    messages: Messages
    draft: bool
    problems: list[Problem] = field(default_factory=list)

    def _report(self, path: str, source: SourceNode, loc: Loc, message: str, code: str, severity: Severity) -> None:
        line, column = source.locate(loc, at_key=not source.has(loc))
        problem = Problem(path, line, column, code, message, severity)
        if problem not in self.problems:
            self.problems.append(problem)

    def missing(self, activity: SourcedActivity | None, loc: Loc, what: str, why: str) -> str:
        """Record a missing fact (in the activity, or in registry.yaml when ``activity`` is None)."""
        path, source = (activity.path, activity.source) if activity else (
            self.register.settings_path, self.register.settings_source)
        field_name = ".".join(str(part) for part in loc)
        severity = Severity.WARNING if self.draft else Severity.ERROR
        self._report(path, source, loc, f"the notice needs {what} ({why}): fill '{field_name}'", "N001", severity)
        return self.messages("notice.missing", what=what)

    def text(self, activity: SourcedActivity | None, loc: Loc, text: Text) -> str:
        """The text in the notice's language; a warning when only another language is written."""
        if not text.has(self.messages.language):
            path, source = (activity.path, activity.source) if activity else (
                self.register.settings_path, self.register.settings_source)
            self._report(path, source, loc, f"no '{self.messages.language}' text here: the notice shows the "
                                            "text of another language", "N002", Severity.WARNING)
        return text.get(self.messages.language, self.register.settings.settings.language)

    def require(self, activity: SourcedActivity | None, loc: Loc, text: Text | None, what: str, why: str) -> str:
        return self.text(activity, loc, text) if text is not None else self.missing(activity, loc, what, why)
