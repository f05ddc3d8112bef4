"""Checks on the checks: waivers and rule settings must name real rules, with reasons."""

from __future__ import annotations

from collections.abc import Iterator

from ... import codes
from ...codes import RULE_CODES
from ...loading.register import SourcedActivity
from .base import Context, Finding, rule


def known_code(code: str) -> bool:
    return code in RULE_CODES


def known_selector(selector: str) -> bool:
    return any(code.startswith(selector) for code in RULE_CODES)


@rule(codes.W001, on="activity")
def waiver_rule(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    Each waiver names an existing rule code (see `registry rules`).

    Why:
    A waiver of a misspelt code waives nothing and misleads the reader of the register.

    Fails:
    A waiver naming no rule.

    ```yaml
    waivers: [{rule: RT03, reason: Durée justifiée par le cycle d'achat}]
    ```

    Fix:
    `rule: RT003`.
    """
    for index, waiver in enumerate(activity.model.waivers):
        if not known_code(waiver.rule):
            yield Finding(("waivers", index, "rule"), f"no rule has the code '{waiver.rule}' (see 'registry rules')")


@rule(codes.W002, on="activity")
def waiver_reason(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    Each waiver gives its reason.

    Why:
    Setting a rule aside is a decision the DPO must be able to justify (Art. 5(2),
    accountability; the référentiel allows departures "sous réserve de pouvoir justifier leurs
    choix"). The reason is printed in the register.

    Fails:
    A waiver without a reason.

    ```yaml
    waivers: [{rule: RT003}]
    ```

    Fix:
    `waivers: [{rule: RT003, reason: Cycle d'achat de 5 ans documenté (note DPO 2025-04)}]`.
    """
    for index, waiver in enumerate(activity.model.waivers):
        if waiver.reason is None:
            yield Finding(("waivers", index), f"the waiver of {waiver.rule} needs a 'reason'")


@rule(codes.W003, on="register")
def settings_codes(ctx: Context) -> Iterator[Finding]:
    """
    What it checks:
    `checks.select`, `checks.ignore` and `checks.severity` in registry.yaml name existing rules
    or code prefixes.

    Why:
    A misspelt code would silently change nothing.

    Fails:
    A selection naming no rule.

    ```yaml
    # registry.yaml
    checks: {ignore: [PR9]}
    ```

    Fix:
    Use a code or prefix listed by `registry rules`.
    """
    checks = ctx.register.settings.checks
    for key, selectors in (("select", checks.select), ("ignore", checks.ignore), ("severity", list(checks.severity))):
        for index, selector in enumerate(selectors):
            if not known_selector(selector):
                loc = ("checks", key, selector) if key == "severity" else ("checks", key, index)
                yield Finding(loc, f"no rule code starts with '{selector}'", in_settings=True)
