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
    from .law.referentiels import Kind


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


def as_kinds(rows: list[tuple[str, str, str]]) -> str:
    """One line per kind of activity: its name, its label and the texts it comes from."""
    return "".join(f"{name:24} {label:48} {sources}\n" for name, label, sources in rows)


def as_kind(kind: Kind) -> str:
    """A kind of activity as the table of référentiels describes it, each figure with its source and date."""
    lines = [f"{kind.name}: {kind.label['fr']} ({kind.label['en']})", kind.description["en"], "",
             f"Bases admitted: {', '.join(kind.bases)}"]
    lines += [f"Never: {r.basis} ({r.reason['en']})" for r in kind.never]
    for figure in kind.figures:
        bounds = ", ".join(f"{word} {value}" for word, value in (("recommended", figure.recommended),
                           ("ceiling (warning)", figure.ceiling), ("floor (legal archive)", figure.floor)) if value)
        scope = f" [{', '.join(figure.categories)}]" if figure.categories else ""
        lines.append(f"Retention{scope}: {bounds}; {figure.note['en']} ({figure.source.cited}"
                     f"{'' if figure.source.binding else ', a recommendation'})")
    if kind.dpia.listed != "none" and kind.dpia.source:
        condition = f", below {kind.dpia.headcount_below} people" if kind.dpia.headcount_below else ""
        lines.append(f"DPIA: {kind.dpia.listed}, item {kind.dpia.item}{condition} ({kind.dpia.source.cited})")
    if kind.criteria:
        lines.append(f"WP248 criteria: {', '.join(kind.criteria)}")
    if kind.notice:
        lines.append(f"Notice adds: {kind.notice['en']}")
    lines += ["", "Sources:"] + [f"- {s.title['en']}: {s.cited}, {s.url}" for s in kind.sources]
    return "\n".join(lines) + "\n"


def as_codes(rows: list[tuple[str, str, str, str]]) -> str:
    """One line per code: code, default severity, name, summary."""
    return "".join(f"{code:7} {severity:8} {name:42} {summary}\n" for code, severity, name, summary in rows)
