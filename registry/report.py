"""Formatters: a list of problems in, text out. No printing here."""

from __future__ import annotations

import json
from collections import Counter

from .problems import Problem


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
