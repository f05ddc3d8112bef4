"""The hooks this repository publishes, installed by pre-commit itself from a clone, as the README says."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from registry.resources import example_register

from .conftest import REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (Path(sys.executable).parent / "pre-commit").exists() and shutil.which("pre-commit") is None,
                       reason="pre-commit is not installed (pip install -e '.[test]')"),
    pytest.mark.skipif(not (REPO / ".git").exists(), reason="the hooks are installed from a git repository"),
]


def test_published_hooks_install_from_a_commit_and_check_a_register(tmp_path: Path) -> None:
    """`repo:` a clone of this repository, `rev:` its commit: pre-commit installs the tool (with pip, from the
    package index) and runs both hooks; the repository has no tag, so a commit is what the README documents."""
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], check=True, capture_output=True,
                            text=True).stdout.strip()
    register = tmp_path / "register"
    register.mkdir()
    shutil.copy(example_register() / "registry.yaml", register)
    shutil.copytree(example_register() / "activities", register / "activities")
    (register / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {REPO}\n    rev: {commit}\n    hooks: [{{id: registry-validate}}, {{id: registry-check}}]\n")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "home"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)  # the hooks run the tool pre-commit installed, not this checkout
    subprocess.run(["git", "init", "-q"], cwd=register, check=True)
    subprocess.run(["git", "add", "-A"], cwd=register, check=True)
    done = subprocess.run(["pre-commit", "run", "--all-files"], cwd=register, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "registry validate....." in done.stdout and "registry check....." in done.stdout
    assert done.stdout.count("Passed") == 2

    (register / "activities" / "paie.yaml").write_text("id: [\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=register, check=True)
    broken = subprocess.run(["pre-commit", "run", "--all-files"], cwd=register, env=env, capture_output=True,
                            text=True, timeout=600)
    assert broken.returncode == 1 and "activities/paie.yaml:" in broken.stdout and "V001" in broken.stdout
