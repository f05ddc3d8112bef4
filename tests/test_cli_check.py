"""`registry check`, `registry rules` and `registry explain` as a DPO (and CI) runs them."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from registry.codes import DECLARED
from registry.lint.rules import DOC_SECTIONS, RULES

from .conftest import REPO


def break_statistics(example: Path) -> Path:
    """Remove the stated interest from the statistics activity (LB001, an error)."""
    path = example / "activities" / "statistiques.yaml"
    text = path.read_text(encoding="utf-8")
    old = ("    interest: {fr: Piloter notre activité et adapter notre offre., "
           "en: Steering our business and adapting what we offer.}\n")
    assert old in text
    path.write_text(text.replace(old, ""), encoding="utf-8")
    return path


def test_example_register_passes(run) -> None:
    result = run("check", REPO, "--date", "2026-11-22")
    assert result.exit_code == 0, result.output
    assert result.output == "registry.yaml and 12 activities checked: no problem found\n"


def test_error_exit_and_located_message(run, example: Path) -> None:
    break_statistics(example)
    result = run("check", example, "--date", "2026-11-22")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "activities/statistiques.yaml:22:5: error: LB001 the legitimate interest pursued is not stated: add 'interest'",
        "1 error found",
    ]


def test_warnings_fail_only_with_strict(run, example: Path) -> None:
    args = ("check", example, "--date", "2028-01-01")  # every fiche is then overdue for review
    lenient = run(*args)
    assert lenient.exit_code == 0 and "warning: FR001" in lenient.output
    assert run(*args, "--strict").exit_code == 1


def test_select_and_ignore(run, example: Path) -> None:
    break_statistics(example)
    assert run("check", example, "--date", "2026-11-22", "--ignore", "LB").exit_code == 0
    assert run("check", example, "--date", "2026-11-22", "--select", "RT,PR").exit_code == 0
    assert run("check", example, "--date", "2026-11-22", "--select", "lb001").exit_code == 1
    assert run("check", example, "--select", "ZZ").exit_code == 2


def test_settings_change_severity_and_ignore(run, example: Path) -> None:
    break_statistics(example)
    settings = example / "registry.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "checks:\n  severity: {LB001: warning}\n",
                        encoding="utf-8")
    result = run("check", example, "--date", "2026-11-22")
    assert result.exit_code == 0 and "warning: LB001" in result.output


def test_waiver_with_reason_silences_rule(run, example: Path) -> None:
    path = break_statistics(example)
    waiver = "waivers:\n  - rule: LB001\n    reason: Intérêt décrit dans l'AIL-2024-04\n"
    path.write_text(path.read_text(encoding="utf-8") + waiver,
                    encoding="utf-8")
    assert run("check", example, "--date", "2026-11-22").exit_code == 0


def test_json_sarif_and_github_formats(run, example: Path) -> None:
    break_statistics(example)
    args = ("check", example, "--date", "2026-11-22", "--format")
    [problem] = json.loads(run(*args, "json").output)
    assert problem["code"] == "LB001" and problem["line"] == 22
    sarif = json.loads(run(*args, "sarif").output)
    [result] = sarif["runs"][0]["results"]
    assert result["ruleId"] == "LB001" and result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 22, "startColumn": 5}
    assert {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]} == set(DECLARED)
    github = run(*args, "github").output
    assert github.startswith("::error file=activities/statistiques.yaml,line=22,col=5,title=LB001::")


def test_invalid_register_stops_with_validation_errors(run, example: Path) -> None:
    (example / "activities" / "bad.yaml").write_text("id: [\n", encoding="utf-8")
    result = run("check", example)
    assert result.exit_code == 1 and "V001" in result.output


def test_score(run) -> None:
    result = run("check", REPO, "--score", "--date", "2026-11-22")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[-1] == "register: Art. 30 completeness 100%"
    assert ("activities/gestion-clients.yaml: Art. 30 completeness 100%; DPIA not required "
            "(sensitive_or_highly_personal)") in lines


def test_score_names_what_is_missing(run, example: Path) -> None:
    path = example / "activities" / "statistiques.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("security_measures:")
    end = text.index("dpia:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    lines = run("check", example, "--score", "--date", "2026-11-22").output.splitlines()
    assert ("activities/statistiques.yaml: Art. 30 completeness 86%; missing: 30(1)(g) security measures; "
            "DPIA not required") in lines


def test_rules_lists_every_rule(run) -> None:
    *lines, version = run("rules").output.splitlines()
    assert len(lines) == len(RULES)
    assert version.startswith("référentiels: version ")
    assert lines[0].split()[:3] == ["A30001", "error", "eu-representative-missing"]


def test_explain(run) -> None:
    result = run("explain", "rt003")
    assert result.exit_code == 0
    assert result.output.startswith("RT003 prospect-retention-too-long (default severity: warning)")
    assert run("explain", "XX999").exit_code == 2


def test_every_rule_is_documented() -> None:
    for code, rule in RULES.items():
        for section in DOC_SECTIONS:
            assert rule.section(section), f"{code} lacks '{section}'"
        assert rule.name == rule.name.lower() and " " not in rule.name


def test_pre_commit_hooks_run_the_real_commands() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["registry-validate"]["entry"] == "registry validate"
    assert hooks["registry-check"]["entry"] == "registry check"
    for hook in hooks.values():
        assert hook["pass_filenames"] is False
