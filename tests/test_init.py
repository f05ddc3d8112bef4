"""`registry init`: a blank register that `check` walks through, or the example; the files around it work."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from registry.provenance import source_from
from registry.resources import example_register

from .conftest import MINIMAL_ACTIVITY, REPO, without_stylesheet

AROUND = [".gitignore", ".pre-commit-config.yaml", ".schemas/activity.schema.json", ".schemas/registry.schema.json",
          ".vscode/extensions.json", ".vscode/settings.json"]

FILLED = {
    "  name: todo ": "  name: Menuiserie Martin ",
    "  address: todo ": "  address: {street: 2 rue Neuve, postcode: '69001', city: Lyon, country: FR} ",
    "  email: todo ": "  email: contact@martin.example ",
    "  legal_representative: todo ": "  legal_representative: {name: Anne Martin, role: Gérante} ",
    "departments: [] ": "departments: [{id: sales, name: Service commercial}] ",
}


def files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_blank_register_lists_exactly_what_to_fill(run, tmp_path: Path) -> None:
    target = tmp_path / "mon-registre"
    result = run("init", target)
    assert result.exit_code == 0, result.output
    assert files(target) == sorted([*AROUND, "activities/.gitkeep", "registry.yaml"])
    assert run("validate", target).output == "registry.yaml and 0 activities valid\n"
    check = run("check", target)
    assert check.exit_code == 1
    listed = re.findall(r"^registry\.yaml:(\d+):\d+: (\w+): (\w+) (.*)$", check.output, re.M)
    assert [(code, message.split(" ")[0]) for _, _, code, message in listed] == [
        ("A30004", "no"), ("A30009", "no"), ("A30006", "'organisation.name'"), ("A30006", "'organisation.address'"),
        ("A30006", "'organisation.email'"), ("A30006", "'organisation.legal_representative'")]
    lines = (target / "registry.yaml").read_text(encoding="utf-8").splitlines()
    for number, _, code, _ in listed:  # each line pointed at holds what is to fill
        assert code != "A30006" or "todo" in lines[int(number) - 1]

    settings = target / "registry.yaml"
    text = settings.read_text(encoding="utf-8")
    for old, new in FILLED.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    settings.write_text(text.replace("# dpo:\n#   kind: internal ", "dpo:\n  kind: internal ")
                        .replace("#   name: …\n#   email: …", "  name: Paul Roux\n  email: dpo@martin.example"),
                        encoding="utf-8")
    filled = run("check", target)
    assert filled.output.splitlines() == [
        "registry.yaml:8:1: error: A30009 no processing activity is recorded: add one file per activity in activities/",
        "1 error found"]
    (target / "activities" / "ventes.yaml").write_text(MINIMAL_ACTIVITY.lstrip("\n"), encoding="utf-8")
    assert "A30009" not in run("check", target).output  # from here on, each activity's own checks guide


def test_the_blank_register_is_built_without_a_fact_it_does_not_hold(run, tmp_path: Path) -> None:
    """The organisation's name is still todo: the page's title says it is to complete, never 'todo'."""
    run("init", tmp_path / "r")
    assert run("build", tmp_path / "r", "--format", "html").exit_code == 0
    html = (tmp_path / "r" / "output" / "register.html").read_text(encoding="utf-8")
    assert "<title>Registre des activités de traitement — À compléter</title>" in html
    assert not re.search(r">[^<]*\btodo\b", without_stylesheet(html))


def test_example_register_is_today_s_example(run, tmp_path: Path) -> None:
    result = run("init", tmp_path / "r", "--example")
    assert result.exit_code == 0
    source = example_register()
    assert (tmp_path / "r" / "registry.yaml").read_bytes() == (source / "registry.yaml").read_bytes()
    shipped = sorted(p.name for p in (source / "activities").glob("*.yaml"))
    assert sorted(p.name for p in (tmp_path / "r" / "activities").glob("*.yaml")) == shipped
    assert all((tmp_path / "r" / name).is_file() for name in AROUND)
    assert run("validate", tmp_path / "r").exit_code == 0


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def test_gitignore_keeps_what_the_tool_writes_out_of_git(run, tmp_path: Path) -> None:
    root = tmp_path / "r"
    run("init", root, "--example")
    git(root, "init", "-q")
    committed = set(git(root, "status", "--porcelain", "--untracked-files=all").split("\n"))
    assert run("build", root, "--format", "html").exit_code == 0
    assert run("build", root, "--format", "html", "--out", root / "site").exit_code == 0
    assert (root / ".output.registry-manifest.json").is_file() and (root / ".site.registry-manifest.json").is_file()
    after = set(git(root, "status", "--porcelain", "--untracked-files=all").split("\n"))
    assert {line for line in after - committed if not line.startswith("?? site/")} == set()


@pytest.mark.parametrize("service, name", [("github", ".github/workflows/register.yml"), ("gitlab", ".gitlab-ci.yml")])
def test_ci_workflow_runs_commands_that_work(run, tmp_path: Path, service: str, name: str) -> None:
    result = run("init", tmp_path / "r", "--ci", service)
    assert result.exit_code == 0
    workflow = yaml.safe_load((tmp_path / "r" / name).read_text(encoding="utf-8"))
    job = workflow["jobs"]["register"] if service == "github" else workflow["register"]
    env = job["env"] if service == "github" else job["variables"]
    commands = [step["run"] for step in job["steps"] if "run" in step] if service == "github" else \
        job["before_script"] + job["script"]
    assert 'pip install "$REGISTRY_TOOL"' in commands
    assert env["REGISTRY_TOOL"] == "todo"  # this checkout has no remote: CI cannot install it, and init says so
    assert f"write where CI installs it from (REGISTRY_TOOL, a pip requirement) in {tmp_path / 'r' / name}" in \
        result.output.replace("\n", " ")
    ours = [c.split() for c in commands if c.startswith("registry ")]
    assert [c[1] for c in ours] == ["validate", "check", "build"]
    example = tmp_path / "example"
    run("init", example, "--example")
    for command in ours[:2]:  # the build's PDF is tested elsewhere
        assert run(*(example if part == "." else part for part in command[1:])).exit_code == 0, command


def test_ci_installs_the_tool_from_where_it_came(tmp_path: Path) -> None:
    clone = tmp_path / "registry"
    git(tmp_path, "init", "-q", str(clone))
    git(clone, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "x")
    commit = git(clone, "rev-parse", "HEAD").strip()
    folder = {"url": clone.as_uri(), "dir_info": {}}
    assert source_from(folder, None) is None  # no remote: nowhere CI could fetch it from
    git(clone, "remote", "add", "origin", "https://someone:secret-token@git.example.org/dpo/registry.git")
    assert source_from(folder, None) == f"registre-rgpd @ git+https://git.example.org/dpo/registry.git@{commit}"
    git(clone, "remote", "set-url", "origin", "git@git.example.org:dpo/registry.git")
    assert source_from(None, clone) == f"registre-rgpd @ git+ssh://git@git.example.org/dpo/registry.git@{commit}"
    git(clone, "remote", "set-url", "origin", str(tmp_path / "elsewhere"))
    assert source_from(None, clone) is None
    vcs = {"url": "https://git.example.org/dpo/registry.git", "vcs_info": {"vcs": "git", "commit_id": "a" * 40}}
    assert source_from(vcs, None) == f"registre-rgpd @ git+https://git.example.org/dpo/registry.git@{'a' * 40}"
    assert source_from({"url": "file:///tmp/registre_rgpd-0.1.0-py3-none-any.whl", "archive_info": {}}, None) is None


@pytest.mark.skipif(shutil.which("pre-commit") is None and not (Path(sys.executable).parent / "pre-commit").exists(),
                    reason="pre-commit is not installed (pip install -e '.[test]')")
def test_pre_commit_configuration_blocks_a_commit_until_the_register_is_filled(run, tmp_path: Path) -> None:
    """The configuration init writes, run by pre-commit itself in a real repository."""
    root = tmp_path / "r"
    run("init", root)
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "registry").write_text(f'#!/bin/sh\nPYTHONPATH="{REPO}" exec "{sys.executable}" -m registry "$@"\n')
    (shim / "registry").chmod(0o755)
    env = {**os.environ, "PATH": f"{shim}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}

    def commit() -> subprocess.CompletedProcess[str]:
        subprocess.run(["git", "add", "-A"], cwd=root, check=True)
        return subprocess.run(["git", "commit", "-q", "-m", "registre"], cwd=root, env=env, capture_output=True,
                              text=True)

    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["pre-commit", "install"], cwd=root, env=env, check=True, capture_output=True)
    blocked = commit()
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    said = blocked.stdout + blocked.stderr
    assert "registry validate" in said and "A30009 no processing activity" in said
    shutil.copy(example_register() / "registry.yaml", root / "registry.yaml")
    for path in (example_register() / "activities").glob("*.yaml"):
        shutil.copy(path, root / "activities" / path.name)
    passed = commit()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert git(root, "log", "--format=%s") == "registre\n"


def test_check_says_so_in_one_line_when_all_is_well(run, tmp_path: Path) -> None:
    run("init", tmp_path / "r", "--example")
    checked = run("check", tmp_path / "r", "--date", "2026-12-01")
    assert checked.exit_code == 0
    assert checked.output == "registry.yaml and 12 activities checked: no problem found\n"
    assert run("check", tmp_path / "r", "--date", "2026-12-01", "--format", "json").output == "[]\n"
