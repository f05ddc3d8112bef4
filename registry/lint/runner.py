"""Run the compliance rules over a loaded register: selection, waivers, severities."""

from __future__ import annotations

from datetime import date

from ..codes import X001
from ..loading.locator import locate
from ..loading.register import Register, SourcedActivity, waived
from ..problems import Problem, Severity
from .rules import RULES, Context, Finding, Rule


def selected_rules(register: Register, select: list[str] | None = None, ignore: list[str] | None = None) -> list[Rule]:
    """Rules to run: the command line's selection if given, else registry.yaml's; codes or prefixes."""
    checks = register.settings.checks
    chosen = tuple(select or checks.select)
    dropped = (*(ignore or []), *checks.ignore)
    return [
        rule for code, rule in RULES.items()
        if (not chosen or code.startswith(chosen)) and not (dropped and code.startswith(dropped))
    ]


def check(register: Register, today: date, select: list[str] | None = None,
          ignore: list[str] | None = None, only: set[str] | None = None) -> list[Problem]:
    """Every finding; with ``only``, activity rules run on those activity ids alone (register rules always)."""
    ctx = Context(register, today)
    severities = {code: Severity[name.upper()] for code, name in register.settings.checks.severity.items()}
    problems: list[Problem] = []
    for rule in selected_rules(register, select, ignore):
        severity = _severity(rule.code, severities, rule.severity)
        if rule.on == "register":
            problems += _run(register, rule, severity, None, ctx)
            continue
        subjects: list[SourcedActivity] = list(
            register.controller_activities if rule.on == "controller_activity" else register.ordered)
        for activity in subjects:
            if only is not None and activity.model.id not in only:
                continue
            if rule.code not in waived(activity):
                problems += _run(register, rule, severity, activity, ctx, activity)
    return sorted(set(problems))  # a fact of registry.yaml missing for several activities is one problem


def _run(register: Register, rule: Rule, severity: Severity, activity: SourcedActivity | None,
         *arguments: object) -> list[Problem]:
    """One rule's findings on one subject; a rule that fails is reported where it ran (X001), and the
    other rules still run: a defect of the tool never hides what the register gets wrong."""
    try:
        return [_problem(register, activity, f, rule, severity) for f in rule.check(*arguments)]
    except Exception as error:  # any defect of one rule, reported as such
        where = locate(register, activity, ())
        return [X001.at(*where, rule=rule.code, subject="activity" if activity else "register",
                        error=f"{type(error).__name__}: {error}")]


def _severity(code: str, overrides: dict[str, Severity], default: Severity) -> Severity:
    """The override with the longest matching prefix wins."""
    matching = [prefix for prefix in overrides if code.startswith(prefix)]
    return overrides[max(matching, key=len)] if matching else default


def _problem(register: Register, activity: SourcedActivity | None, finding: Finding, rule: Rule,
             severity: Severity) -> Problem:
    """The finding at its place, graded as the settings say."""
    where = locate(register, activity, finding.loc, in_settings=finding.in_settings)
    return rule.declared.at(*where, finding.message).graded(severity)
