"""The README tells the truth: its rule list is the tool's, its commands exist."""

from __future__ import annotations

import re

from registry.lint.catalogue import every_code

from .conftest import REPO


def test_code_list_is_current(run) -> None:
    """Every code the tool can report, rules and the stages' own, is listed as declared."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"<!-- rules:.*?-->\n```\n(.*?)```\n<!-- end rules -->", readme, re.S)
    assert listed, "the README lost its rules block"
    assert listed.group(1) == run("rules", "--all").output, "refresh the README's list from `registry rules --all`"
    codes = re.findall(r"^([A-Z]+[0-9]+) ", listed.group(1), re.M)
    assert codes == [d.code for d in every_code()]


def test_every_command_is_documented(run) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^  (\w+)\s", run("--help").output.split("Commands:")[1], re.M)
    assert commands
    for command in commands:
        assert f"`registry {command}" in readme, command
        assert run(command, "--help").exit_code == 0
