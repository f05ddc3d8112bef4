"""``registry init``: a new register, blank or the example, with what a register's repository needs around it.

A blank register holds the organisation's facts as ``todo`` and no activity, so
that ``registry check`` lists exactly what to fill. Either kind comes with the
editor set-up, a ``.gitignore`` for what the tool writes, a pre-commit
configuration and, on request, a CI workflow.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .errors import RegistryError
from .loading.loader import ACTIVITIES_DIR, SETTINGS_FILE, activity_files
from .provenance import tool_source
from .resources import example_register, skeleton_dir
from .schema import schema_text
from .write.staged import create_files

SCHEMA_DIR = ".schemas"

Ci = Literal["github", "gitlab"]
CI_FILES: dict[str, tuple[str, str]] = {
    "github": (".github/workflows/register.yml", "github-workflow.yml"),
    "gitlab": (".gitlab-ci.yml", "gitlab-ci.yml"),
}
"""Where each CI service reads its workflow, and the skeleton file it is made from."""

AROUND = {".gitignore": "gitignore.txt", ".pre-commit-config.yaml": "pre-commit-config.yaml"}
"""The files every new register gets beside its YAML, from the skeleton folder."""

UNKNOWN_SOURCE = "todo"


@dataclass(frozen=True)
class Created:
    paths: list[Path]
    ci_source_unknown: Path | None = None
    """The CI workflow whose ``REGISTRY_TOOL`` is ``todo``: this copy of the tool cannot be installed elsewhere."""


def editor_files(kind: str = "controller") -> dict[str, str]:
    """VS Code settings mapping each file kind to its schema, and the schemas themselves."""
    activity_schema = "processor-activity" if kind == "processor" else "activity"
    settings = {
        "yaml.schemas": {
            f"./{SCHEMA_DIR}/registry.schema.json": [SETTINGS_FILE],
            f"./{SCHEMA_DIR}/{activity_schema}.schema.json": [f"{ACTIVITIES_DIR}/*.yaml", f"{ACTIVITIES_DIR}/*.yml"],
        },
        "files.encoding": "utf8",
        "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2},
    }
    extensions = {"recommendations": ["redhat.vscode-yaml"]}
    files = {
        ".vscode/settings.json": json.dumps(settings, indent=2) + "\n",
        ".vscode/extensions.json": json.dumps(extensions, indent=2) + "\n",
    }
    for name in ("registry", activity_schema):
        files[f"{SCHEMA_DIR}/{name}.schema.json"] = schema_text(name)
    return files


def _register_files(example: bool) -> dict[str, bytes]:
    if example:
        source = example_register()
        files = {SETTINGS_FILE: (source / SETTINGS_FILE).read_bytes()}
        files.update({f"{ACTIVITIES_DIR}/{p.name}": p.read_bytes() for p in activity_files(source)})
        return files
    # git keeps no empty folder: the marker keeps activities/ where the first activity goes
    return {SETTINGS_FILE: (skeleton_dir() / SETTINGS_FILE).read_bytes(), f"{ACTIVITIES_DIR}/.gitkeep": b""}


def init(target: Path, example: bool = False, ci: Ci | None = None) -> Created:
    """Create a register in ``target``; refuses to touch a folder that already holds one or any file it would write."""
    if (target / SETTINGS_FILE).exists() or activity_files(target):
        raise RegistryError(f"{target} already holds a register; nothing was changed")
    files = _register_files(example)
    files.update({name: text.encode() for name, text in editor_files().items()})
    files.update({name: (skeleton_dir() / source).read_bytes() for name, source in AROUND.items()})
    unknown = None
    if ci is not None:
        name, source = CI_FILES[ci]
        tool = tool_source()
        files[name] = (skeleton_dir() / source).read_text(encoding="utf-8").replace(
            "{tool}", tool or UNKNOWN_SOURCE).encode()
        unknown = None if tool else target / name
    return Created(create_files(files, target), unknown)
