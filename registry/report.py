"""Formatters: a list of problems in, text out. No printing here."""

from __future__ import annotations

import json
from collections import Counter

from .problems import Problem, Severity


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
        f"::{level[p.severity]} file={p.path},line={p.line},col={p.column},title={p.code}::{_escape(p.message)}"
        for p in problems
    ]
    return "".join(line + "\n" for line in lines)


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def as_sarif(problems: list[Problem], rules: dict[str, tuple[str, str, str]], version: str) -> str:
    """SARIF 2.1.0 for code-scanning tools; ``rules`` maps code -> (name, summary, help text)."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    used = sorted({p.code for p in problems} | set(rules))
    descriptors = [
        {"id": code, "name": rules[code][0], "shortDescription": {"text": rules[code][1]},
         "fullDescription": {"text": rules[code][2]}}
        for code in used if code in rules
    ]
    results = [
        {
            "ruleId": p.code,
            "level": level[p.severity],
            "message": {"text": p.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": p.path},
                "region": {"startLine": p.line, "startColumn": p.column},
            }}],
        }
        for p in problems
    ]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "registry", "version": version, "rules": descriptors}},
                  "results": results}],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
