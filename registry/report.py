"""Formatters: values in, text out, registered in one place. No printing here."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import quote

from .problems import Problem, Severity, one_line
from .release import __version__

if TYPE_CHECKING:
    from .law.completeness import Score


def as_text(problems: list[Problem]) -> str:
    """One ``path:line:col: severity: CODE message`` line each, then a count."""
    if not problems:
        return ""
    counts = Counter(str(p.severity) for p in problems)
    summary = ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in sorted(counts.items()))
    return "\n".join([*map(str, problems), f"{summary} found"]) + "\n"


def as_json(problems: list[Problem]) -> str:
    rows = [
        {"path": p.path, "line": p.line, "column": p.column, "severity": str(p.severity),
         "code": p.code, "message": p.message}
        for p in problems
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def as_github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands: annotations on the changed files of a pull request."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = [
        f"::{level[p.severity]} file={_property(p.path)},line={p.line},col={p.column},title={_property(p.code)}"
        f"::{_data(p.message)}"
        for p in problems
    ]
    return "".join(line + "\n" for line in lines)


def _data(text: str) -> str:
    """A workflow command's message: '%', CR and LF escaped, so nothing can start a command of its own;
    other line separators and control characters shown as escapes."""
    return one_line(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    """A workflow command's property value: also ':' and ',', which would end it."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def as_sarif(problems: list[Problem]) -> str:
    """SARIF 2.1.0 for code-scanning tools, describing every code the tool can report."""
    from .lint.catalogue import every_code  # the rules' documentation: only for SARIF

    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    descriptors = [
        {"id": d.code, "name": d.name, "shortDescription": {"text": d.summary}, "fullDescription": {"text": d.doc}}
        for d in every_code()
    ]
    results = [
        {
            "ruleId": p.code,
            "level": level[p.severity],
            "message": {"text": p.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": quote(p.path)},
                "region": {"startLine": p.line, "startColumn": p.column},
            }}],
        }
        for p in problems
    ]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "registry", "version": __version__, "rules": descriptors}},
                  "results": results}],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


PROBLEM_FORMATS: dict[str, Callable[[list[Problem]], str]] = {
    "text": as_text,
    "json": as_json,
    "sarif": as_sarif,
    "github": as_github,
}
"""Every way problems can be printed; the CLI offers exactly these."""


def as_scores(scores: list[Score], total: int) -> str:
    """Each activity's Art. 30 completeness and DPIA screening, then the register's score."""
    lines = []
    for each in scores:
        missing = "; missing: " + ", ".join(f"{i.key} {i.label}" for i in each.missing) if each.missing else ""
        dpia = ""
        if each.screening is not None:
            reasons = [*each.screening.criteria, *(f"CNIL list item {n}" for n in each.screening.cnil_items),
                       *([f"exempt by the CNIL list item {each.screening.exemption}"] if each.screening.exemption else [])]
            dpia = f"; DPIA {each.screening.verdict.replace('_', ' ')}" + (f" ({', '.join(reasons)})" if reasons else "")
        lines.append(f"{each.activity.path}: Art. 30 completeness {each.percent}%{missing}{dpia}")
    lines.append(f"register: Art. 30 completeness {total}%")
    return "".join(line + "\n" for line in lines)


def as_codes(rows: list[tuple[str, str, str, str]]) -> str:
    """One line per code: code, default severity, name, summary."""
    return "".join(f"{code:7} {severity:8} {name:42} {summary}\n" for code, severity, name, summary in rows)
