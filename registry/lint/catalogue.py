"""Every code the tool reports, with its documentation, as ``registry explain`` and ``registry rules --all`` show it.

The declarations (:mod:`registry.codes`) say what each code is called and how grave it is; the
documentation of a stage's code is declared with it, a rule's is its docstring, so the catalogue
is put together here, where the rules are known.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..codes import DECLARED, StageCode
from ..problems import Severity
from .rules import RULES
from .rules.rf_referentiels import cited_for


@dataclass(frozen=True)
class Described:
    """Any code, rule or not, as ``registry explain`` and ``registry rules --all`` show it."""

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str


def every_code() -> list[Described]:
    """The codes of the stages, then the compliance rules, each sorted."""
    own = [Described(c.code, c.name, c.severity, c.summary, c.doc) for c in DECLARED.values() if isinstance(c, StageCode)]
    rules = [Described(r.code, r.name, r.severity, r.summary, "\n\n".join(filter(None, (r.doc, cited_for(r.code)))))
             for r in RULES.values()]
    return sorted(own, key=lambda d: d.code) + rules


def describe(code: str) -> Described | None:
    return next((d for d in every_code() if d.code == code.upper()), None)
