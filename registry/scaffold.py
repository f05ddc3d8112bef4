"""``registry init``: a new register from the example, with editor set-up."""

from __future__ import annotations

import json
from pathlib import Path

from .errors import RegistryError
from .loading.loader import ACTIVITIES_DIR, SETTINGS_FILE, activity_files
from .resources import example_register
from .schema import schema_text
from .write.staged import create_files

SCHEMA_DIR = ".schemas"


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


def init(target: Path) -> list[Path]:
    """Create a register in ``target``; refuses to touch a folder that already holds one."""
    if (target / SETTINGS_FILE).exists() or activity_files(target):
        raise RegistryError(f"{target} already holds a register; nothing was changed")
    example = example_register()
    files = {SETTINGS_FILE: (example / SETTINGS_FILE).read_bytes()}
    files.update({f"{ACTIVITIES_DIR}/{p.name}": p.read_bytes() for p in activity_files(example)})
    files.update({name: text.encode() for name, text in editor_files().items()})
    return create_files(files, target)
