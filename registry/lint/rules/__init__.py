"""The compliance rules, registered in one place: ``RULES`` maps each code to its rule.

Rules live one per function, in modules named after their code prefix
(``lb_legal_basis`` holds LB001…); importing a module registers its rules.
"""

from __future__ import annotations

import re

from . import (  # noqa: F401  (imported for their rules)
    a30_record,
    cs_consent,
    dp_dpia,
    fr_freshness,
    in_information,
    lb_legal_basis,
    mn_minimisation,
    pr_prospecting,
    pt_transmission,
    rf_referentiels,
    rt_retention,
    sc_special_categories,
    tr_transfers,
    w_waivers,
)
from .base import DOC_SECTIONS, Context, Finding, Rule, Target, registered

RULES: dict[str, Rule] = {r.code: r for r in sorted(registered(), key=lambda r: r.code)}

_CODE = re.compile(r"^[A-Z][A-Z0-9]{0,3}[0-9]{3}$")
assert len(RULES) == len(registered()), "two rules share a code"
assert all(_CODE.match(code) for code in RULES), "rule codes look like PR001"

__all__ = ["DOC_SECTIONS", "RULES", "Context", "Finding", "Rule", "Target"]
