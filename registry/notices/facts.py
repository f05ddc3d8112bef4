"""The facts a notice states, read from the register, with a located problem for each one missing.

Art. 13 and 14 GDPR list what a notice must say; when the register lacks a
fact that applies, the notice cannot be written: the problem names the file,
the line and the field to fill. In draft mode a visible placeholder takes the
fact's place instead and the problem is only a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import codes
from ..codes import Code
from ..i18n import Messages
from ..loading.locator import locate
from ..loading.register import Register, SourcedActivity
from ..models import Text
from ..models.vocabulary import TODO
from ..problems import Problem, Severity

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class RequiredFact:
    what: str
    """In English, for the problem printed by the CLI; the document's own words are in the catalogue."""
    why: str
    rule: Code | None = None
    """The compliance rule (an error) that already reports this fact missing; IN001 reports the others."""


REQUIRED_FACTS: dict[str, RequiredFact] = {
    "basis": RequiredFact("the legal basis of this purpose", "Art. 13(1)(c), 14(1)(c)", codes.A30005),
    "data_categories": RequiredFact("the categories of data", "Art. 14(1)(d)", codes.A30005),
    "controller_contact": RequiredFact("the controller's address and email", "Art. 13(1)(a), 14(1)(a)", codes.A30005),
    "processor_service": RequiredFact("what the processor does", "Art. 13(1)(e)", codes.A30006),
    "transfer_tool": RequiredFact("the safeguard of the transfer", "Art. 13(1)(f), 14(1)(f)", codes.A30005),
    "adequacy": RequiredFact("a safeguard for the transfer: no adequacy decision covers this recipient",
                             "Art. 13(1)(f), 45, 46", codes.TR001),
    "privacy_policy": RequiredFact("the address of the full notice", "the short notice links to it"),
    "partner_list": RequiredFact("the address of the partner list", "CNIL: the list is reachable from the form",
                                 codes.PT003),
    "interest": RequiredFact("the legitimate interest pursued", "Art. 13(1)(d), 14(2)(b)", codes.LB001),
    "withdrawal": RequiredFact("how consent is withdrawn", "Art. 7(3), 13(2)(c)", codes.LB008),
    "mandatory": RequiredFact("whether these data are mandatory", "Art. 13(2)(e)"),
    "requirement": RequiredFact("what requires these data: the law, the contract or entering into it "
                                "('requirement')", "Art. 13(2)(e)"),
    "if_not_provided": RequiredFact("what happens if they are not given", "Art. 13(2)(e)"),
    "safeguards": RequiredFact("the safeguards of the transfer", "Art. 13(1)(f), 49(1)", codes.TR002),
    "retention": RequiredFact("how long these data are kept", "Art. 13(2)(a), 14(2)(a)", codes.RT001),
    "logic": RequiredFact("the logic of the automated decision", "Art. 13(2)(f), 14(2)(g)"),
    "consequences": RequiredFact("the consequences of the automated decision", "Art. 13(2)(f), 14(2)(g)"),
    "source": RequiredFact("which source the data come from", "Art. 14(2)(f)"),
    "joint_arrangement": RequiredFact("the essence of the arrangement between joint controllers", "Art. 26(2)"),
    "joint_contact": RequiredFact("how to reach the joint controller", "Art. 26(3), 13(1)(a)"),
    "to_complete": RequiredFact("this fact, still written 'todo'", "Art. 13, 14", codes.A30005),
}
"""Every fact a notice cannot do without, once: ``registry notice`` refuses (or drafts) without it,
and ``registry check`` reports its absence (rule IN001), through the same composer."""


@dataclass
class Facts:
    """Reads facts for one language and records what is missing."""

    register: Register
    messages: Messages
    draft: bool
    problems: list[Problem] = field(default_factory=list)
    missing_facts: list[tuple[str, bool, Loc, str]] = field(default_factory=list)
    """Each missing fact as (fact, in registry.yaml?, where, message), for ``registry check`` (IN001)."""

    def _report(self, problem: Problem) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    def missing(self, activity: SourcedActivity | None, loc: Loc, fact: str) -> str:
        """Record a missing fact (in the activity, or in registry.yaml when ``activity`` is None);
        the placeholder names it in the document's language."""
        field_name = ".".join(str(part) for part in loc)
        required = REQUIRED_FACTS[fact]
        problem = codes.N001.at(*locate(self.register, activity, loc), what=required.what, why=required.why, field=field_name)
        self._report(problem.graded(Severity.WARNING) if self.draft else problem)
        self.missing_facts.append((fact, activity is None, loc, problem.message))
        return self.messages("notice.missing", what=self.messages(f"notice.fact.{fact}"))

    def text(self, activity: SourcedActivity | None, loc: Loc, text: Text) -> str:
        """The text in the notice's language; a warning when only another language is written."""
        if not text.has(self.messages.language):
            self._report(codes.N002.at(*locate(self.register, activity, loc), language=self.messages.language))
        written = text.get(self.messages.language, self.register.settings.settings.language)
        return self.missing(activity, loc, "to_complete") if written == TODO else written

    def require(self, activity: SourcedActivity | None, loc: Loc, text: Text | None, fact: str) -> str:
        return self.text(activity, loc, text) if text is not None else self.missing(activity, loc, fact)
