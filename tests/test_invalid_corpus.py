"""Every kind of bad input, as a file in tests/data/invalid with its expected report.

``activity-*.yaml`` is added to a copy of the example register;
``registry-*.yaml`` replaces its registry.yaml. The report of the whole load is
compared with ``<name>.expected`` (refresh with ``make golden``).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from registry import load, report

from .conftest import DATA

CASES = sorted((DATA / "invalid").glob("*.yaml"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_file_report(case: Path, example: Path, golden: Callable[[Path, str], None]) -> None:
    if case.name.startswith("registry-"):
        shutil.copyfile(case, example / "registry.yaml")
    else:
        shutil.copyfile(case, example / "activities" / case.name)
    result = load(example)
    golden(case.with_suffix(".expected"), report.as_text(result.problems))
    assert result.ok == case.stem.endswith("baseline")


def test_every_problem_code_of_the_loader_is_exercised() -> None:
    expected = "".join(c.with_suffix(".expected").read_text(encoding="utf-8") for c in CASES)
    for code in ("V001", "V002", "V003", "V004", "V005", "V006", "V007", "V008", "V011", "V012"):
        assert f" {code} " in expected, code
