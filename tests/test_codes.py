"""Problem codes are declared once and raised by name, at the severity declared, at one place per field."""

from __future__ import annotations

import ast
import re
import shutil
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from registry import load
from registry.codes import DECLARED, N002, V001, StageCode
from registry.lint.rules import RULES
from registry.lint.runner import check
from registry.notices import compose
from registry.problems import Problem

from .cnil_sheets import messy_workbook
from .conftest import DATA, REPO

PACKAGE = REPO / "registry"
DECLARING = PACKAGE / "codes.py"
CODE_TEXT = re.compile(r"[A-Z][A-Z0-9]{0,3}[0-9]{3}")
REGRADING = {PACKAGE / "lint" / "runner.py", PACKAGE / "notices" / "facts.py"}
"""The settings' ``checks.severity`` and draft mode: the only places a problem changes severity."""


@cache
def _modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(PACKAGE.rglob("*.py"))]


def test_no_code_is_written_as_text_outside_its_declaration() -> None:
    written = [f"{path.relative_to(REPO)}:{node.lineno}: {node.value!r}"
               for path, tree in _modules() if path != DECLARING
               for node in ast.walk(tree)
               if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE_TEXT.fullmatch(node.value)]
    assert written == [], "raise the declared code by name (V005.at(…)), not its text"


def test_problems_are_built_by_their_code_and_regraded_only_by_settings_or_draft() -> None:
    built, regraded = [], []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if called == "Problem" and path != DECLARING:
                built.append(f"{path.relative_to(REPO)}:{node.lineno}")
            if called == "graded" and path not in REGRADING:
                regraded.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert built == [], "build a problem with its declared code's .at(), which gives the declared severity"
    assert regraded == []


def test_every_code_is_raised_and_every_rule_declared() -> None:
    named = {node.id if isinstance(node, ast.Name) else node.attr
             for path, tree in _modules() if path != DECLARING
             for node in ast.walk(tree) if isinstance(node, ast.Name | ast.Attribute)}
    stage = {text for text, code in DECLARED.items() if isinstance(code, StageCode)}
    assert stage - named == set(), "a declared code no stage raises"
    assert set(RULES) == set(DECLARED) - stage, "each rule code is declared once, and has its rule"
    assert all(RULES[text].declared is DECLARED[text] for text in RULES)


def test_a_code_takes_its_message_or_its_template_arguments() -> None:
    assert V001.at("a.yaml", 2, 3, "bad").message == "bad"
    assert N002.at("a.yaml", 2, 3, language="en").message.startswith("no 'en' text here")
    for wrong in (lambda: V001.at("a.yaml", 1, 1), lambda: V001.at("a.yaml", 1, 1, "bad", language="en"),
                  lambda: N002.at("a.yaml", 1, 1, "a message the declaration already words")):
        with pytest.raises(TypeError):
            wrong()


REPORTED = re.compile(r"\b(error|warning|info): ([A-Z][A-Z0-9]{0,3}[0-9]{3}) ")


def _raised(*outputs: str) -> set[tuple[str, str]]:
    return {(code, severity) for output in outputs for severity, code in REPORTED.findall(output)}


def test_each_code_is_raised_at_its_declared_severity(example: Path, tmp_path: Path, run) -> None:
    """Every stage run end to end on bad input: each printed problem has its declaration's severity."""
    outputs = []
    for case in sorted((DATA / "invalid").glob("*.yaml")):
        copy = tmp_path / case.stem
        shutil.copytree(example, copy)
        target = copy / "registry.yaml" if case.name.startswith("registry-") else copy / "activities" / case.name
        shutil.copyfile(case, target)
        outputs.append(run("validate", copy).output)
    imported = tmp_path / "imported"
    outputs.append(run("import", "cnil", messy_workbook(tmp_path / "registre.xlsx"), "--into", imported).output)
    outputs += [run("check", imported).output, run("notice", imported, "BEN-1").output,
                run("build", imported, "--format", "html", "--out", tmp_path / "out").output]
    (example / "templates" / "register").mkdir(parents=True)
    (example / "templates" / "register" / "register.html").write_text("{% if %}", encoding="utf-8")
    outputs.append(run("build", example, "--format", "html", "--out", tmp_path / "broken").output)

    raised = _raised(*outputs)
    assert {code for code, _ in raised} >= {"V001", "V003", "I001", "I002", "I003", "I004", "A30005", "N001", "B001",
                                            "T001"}, "the stages were exercised"
    assert sorted((code, severity) for code, severity in raised if str(DECLARED[code].severity) != severity) == []


PRIVACY_POLICY_MISSING = "publication:\n  partner_list: https://www.example.fr/partenaires\n"


@pytest.fixture
def without_privacy_policy(example: Path) -> Path:
    settings = example / "registry.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"publication:\n(  .*\n)+", PRIVACY_POLICY_MISSING, text), encoding="utf-8")
    return example


def test_the_linter_and_the_notices_point_at_the_same_place(without_privacy_policy: Path) -> None:
    """A field that is not written is shown at the key of its nearest written ancestor, whichever stage reports it."""
    loaded = load(without_privacy_policy)
    assert loaded.ok and loaded.register is not None
    lines = (without_privacy_policy / "registry.yaml").read_text(encoding="utf-8").splitlines()
    publication = (lines.index("publication:") + 1, 1)
    linted = {(p.line, p.column) for p in check(loaded.register, date(2026, 11, 23), select=["IN001"])
              if "privacy_policy" in p.message}
    noticed = {(p.line, p.column) for p in compose(loaded.register, [], layer="short").problems
               if "privacy_policy" in p.message}
    assert linted == noticed == {publication}


def test_only_the_settings_and_draft_mode_regrade(without_privacy_policy: Path) -> None:
    settings = without_privacy_policy / "registry.yaml"
    loaded = load(without_privacy_policy)
    assert loaded.register is not None
    assert _severities(check(loaded.register, date(2026, 11, 23)), "IN001") == {"error"}
    assert _severities(compose(loaded.register, [], layer="short").problems, "N001") == {"error"}
    assert _severities(compose(loaded.register, [], layer="short", draft=True).problems, "N001") == {"warning"}

    settings.write_text(settings.read_text(encoding="utf-8") + "checks:\n  severity: {IN: info}\n", encoding="utf-8")
    regraded = load(without_privacy_policy).register
    assert regraded is not None
    assert _severities(check(regraded, date(2026, 11, 23)), "IN001") == {"info"}


def _severities(problems: list[Problem], code: str) -> set[str]:
    return {str(p.severity) for p in problems if p.code == code}
