"""Each rule's documented "Fails:" example, run: `registry explain` never shows an example that passes.

The example is a YAML patch. A document starting with ``# registry.yaml``
patches the register's settings, any other the minimal activity of the
tests: mappings merge, ``null`` removes a key, lists are replaced, except
the catalogues of registry.yaml, whose entries are patched by id. An
activity document with nothing but a comment leaves the register without
any activity.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from registry import load
from registry.lint.rules import RULES
from registry.lint.runner import check
from registry.loading.register import CATALOGUES

from ..conftest import FIXTURE, MINIMAL_ACTIVITY

CHECKED_ON = date(2027, 1, 1)
"""After the phone opt-in date, and long enough after the minimal activity's review."""
FAILING_WITHOUT_PATCH = {"A30002", "A30003", "FR001", "FR002", "IN001"}
"""The minimal activity names no recipient nor security measure, was reviewed in 2025 (before the
commit the test makes), and does not say whether the data its contract needs are mandatory."""
IN_GIT = {"FR002"}
"""Rules that read the register's history: their register is committed to a real repository."""


def examples(code: str) -> list[tuple[bool, dict[str, Any]]]:
    """The documents of a rule's Fails example: (patches registry.yaml?, patch)."""
    block = re.search(r"```yaml\n(.*?)```", RULES[code].section("Fails"), re.S)
    assert block, f"{code}: the Fails section has no ```yaml example"
    documents = textwrap.dedent(block.group(1)).split("\n---\n")
    return [(doc.startswith("# registry.yaml"), yaml.safe_load(doc)) for doc in documents]


def merge(base: Any, patch: Any, by_id: frozenset[str] = frozenset()) -> Any:
    if not isinstance(base, dict) or not isinstance(patch, dict):
        return patch
    merged = dict(base)
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        elif key in by_id and isinstance(value, list):
            entries = {entry["id"]: entry for entry in merged.get(key, [])}
            for entry in value:
                entries[entry["id"]] = merge(entries.get(entry["id"], {}), entry)
            merged[key] = list(entries.values())
        else:
            merged[key] = merge(merged.get(key), value)
    return merged


def findings(root: Path, code: str) -> list[str]:
    result = load(root)
    assert result.ok and result.register, [str(p) for p in result.problems]
    return [p.path for p in check(result.register, CHECKED_ON, select=[code]) if p.code == code]


def register_with(tmp_path: Path, code: str, patched: bool) -> Path:
    root = tmp_path / "register"
    shutil.copytree(FIXTURE, root)
    settings = yaml.safe_load((root / "registry.yaml").read_text(encoding="utf-8"))
    activity = yaml.safe_load(textwrap.dedent(MINIMAL_ACTIVITY))
    for in_settings, patch in examples(code) if patched else []:
        if in_settings:
            settings = merge(settings, patch, frozenset(CATALOGUES))
        else:
            activity = merge(activity, patch)
    (root / "registry.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    if activity is None:
        shutil.rmtree(root / "activities")
    else:
        (root / "activities" / "t.yaml").write_text(yaml.safe_dump(activity, allow_unicode=True), encoding="utf-8")
    if code in IN_GIT:
        for args in (["init", "-q"], ["add", "."], ["-c", "user.name=DPO", "-c", "user.email=dpo@example.org",
                                                    "commit", "-q", "-m", "register"]):
            subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)
    return root


@pytest.mark.parametrize("code", list(RULES))
def test_the_documented_example_fails(code: str, tmp_path: Path) -> None:
    expected = "registry.yaml" if RULES[code].on == "register" else "activities/t.yaml"
    assert expected in findings(register_with(tmp_path / "patched", code, patched=True), code)
    unpatched = expected in findings(register_with(tmp_path / "plain", code, patched=False), code)
    assert unpatched == (code in FAILING_WITHOUT_PATCH), "the example is what makes the rule fail"
