"""`registry validate`, `registry schema` and `registry init` as a user runs them."""

from __future__ import annotations

import json
import time
from pathlib import Path

import jsonschema
import pytest

from registry.loading.yamlsource import parse_file
from registry.scaffold import editor_files

from .conftest import REPO


def test_validate_example_register(run) -> None:
    result = run("validate", REPO)
    assert result.exit_code == 0
    assert result.output == "registry.yaml and 12 activities valid\n"


def test_validate_reports_every_problem_of_every_file(run, example: Path, write) -> None:
    write("activities/a.yaml", "id: A\nid: B\n")
    write("activities/b.yaml", "- not a mapping\n")
    result = run("validate", example)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == ("activities/a.yaml:2:1: error: V002 duplicate key 'id' (first defined at line 1); "
                        "YAML would silently keep only the last one")
    assert lines[1].startswith("activities/b.yaml:1:1: error: V005 the file must be a mapping")
    assert lines[-1] == "2 errors found"


def test_validate_json_format(run, example: Path, write) -> None:
    write("activities/zz.yaml", "id: [\n")
    result = run("validate", example, "--format", "json")
    assert result.exit_code == 1
    [problem] = json.loads(result.output)
    assert problem["path"] == "activities/zz.yaml" and problem["code"] == "V001"
    assert set(problem) == {"path", "line", "column", "severity", "code", "message"}
    assert json.loads(run("validate", REPO, "--format", "json").output) == []


def test_validate_usage_errors_exit_2(run, tmp_path: Path) -> None:
    assert run("validate", tmp_path / "missing").exit_code == 2
    assert run("validate", REPO, "--format", "xml").exit_code == 2


def test_folder_without_registry_yaml(run, tmp_path: Path) -> None:
    result = run("validate", tmp_path)
    assert result.exit_code == 1
    assert "V013 no registry.yaml" in result.output


def test_validate_default_path_is_current_folder(run, example: Path, monkeypatch) -> None:
    monkeypatch.chdir(example)
    assert run("validate").exit_code == 0


@pytest.mark.slow
def test_schema_accepts_the_example_register(run) -> None:
    registry_schema = json.loads(run("schema", "registry").output)
    activity_schema = json.loads(run("schema", "activity").output)
    jsonschema.validate(parse_file(REPO / "registry.yaml", "registry.yaml").data, registry_schema)
    for path in sorted((REPO / "activities").glob("*.yaml")):
        jsonschema.validate(parse_file(path, path.name).data, activity_schema)


def test_schema_rejects_what_the_model_rejects(run) -> None:
    activity_schema = json.loads(run("schema", "activity").output)
    errors = list(jsonschema.Draft202012Validator(activity_schema).iter_errors({"id": "X", "bassis": 1}))
    assert any("bassis" in e.message for e in errors)


def test_schema_out_writes_all_kinds(run, tmp_path: Path) -> None:
    result = run("schema", "--out", tmp_path / "schemas")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == [
        "activity.schema.json", "export.schema.json", "processor-activity.schema.json", "registry.schema.json"]


def test_init_creates_a_valid_register_with_editor_setup(run, tmp_path: Path) -> None:
    target = tmp_path / "new"
    result = run("init", target, "--example")
    assert result.exit_code == 0
    assert (target / "registry.yaml").is_file()
    assert len(list((target / "activities").glob("*.yaml"))) == 12
    settings = json.loads((target / ".vscode/settings.json").read_text())
    assert settings["yaml.schemas"]["./.schemas/activity.schema.json"] == ["activities/*.yaml", "activities/*.yml"]
    assert json.loads((target / ".schemas/activity.schema.json").read_text())["title"] == "Activity"
    assert run("validate", target).exit_code == 0


def test_init_never_overwrites(run, example: Path) -> None:
    before = (example / "registry.yaml").read_bytes()
    result = run("init", example)
    assert result.exit_code == 1
    assert "already holds a register; nothing was changed" in result.output
    assert (example / "registry.yaml").read_bytes() == before
    assert not (example / ".vscode").exists()


def test_repository_editor_setup_is_current() -> None:
    """The example register at the root ships the same editor files `init` writes."""
    for name, text in editor_files().items():
        assert (REPO / name).read_text(encoding="utf-8") == text, f"{name} is stale: run registry schema --out .schemas"


BOMB = "\n".join(['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'] + [
    f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]" for p, n in zip("abcdefgh", "bcdefghi")]) + "\n"


@pytest.mark.parametrize(("content", "expected"), [
    (b"id: [T-01\n", "activities/bad.yaml:2:1: error: V001 YAML syntax error"),
    (b"", "activities/bad.yaml:1:1: error: V012 file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "activities/bad.yaml:3:1: error: V010 this is a binary file"),
    ("id: caf\xe9\n".encode("latin-1"), "activities/bad.yaml:1:8: error: V010 file is not valid UTF-8"),
    (b"- id: T-01\n", "activities/bad.yaml:1:1: error: V005 the file must be a mapping"),
    (BOMB.encode(), "activities/bad.yaml:2:4: error: V011 aliases (*name) are not allowed"),
    (b"id: T-01\npurposes:\n\tmain: x\n", "activities/bad.yaml:3:1: error: V001 YAML syntax error"),
    (None, "activities/bad.yaml:1:1: error: V017 file is too large (50.0 MiB"),
    (b"id: " + b"[" * 500 + b"]" * 500 + b"\n", "activities/bad.yaml:1:"),
    (("".join("  " * i + f"k{i}:\n" for i in range(500)) + "  " * 500 + "x\n").encode(),
     "activities/bad.yaml:34:67: error: V014 values are nested too deeply"),
    (b"id: T-01\nname: a\x1bb\n", "activities/bad.yaml:2:8: error: V016 character \\u001b is not allowed"),
    (b'id: T-01\nname: "a\\e[31mred\\a"\n', "activities/bad.yaml:2:7: error: V016 the character \\u001b"),
    (b'id: T-01\nname: "a\\u202eb"\n', "activities/bad.yaml:2:7: error: V016 the character \\u202e"),
    (b"id: T-01\nname: " + b"x" * 30_000 + b"\n", "activities/bad.yaml:2:7: error: V017 this text has 30000"),
    (b"id: T-01\nsoftware: [" + b"a, " * 2000 + b"a]\n", "activities/bad.yaml:2:11: error: V017 2001 entries"),
], ids=["syntax", "empty", "binary", "latin-1", "list", "alias-bomb", "tabs", "50-MB", "deep-flow", "deep-block",
        "raw-escape", "escaped-escape", "bidi-override", "long-text", "long-list"])
def test_bad_input_gives_one_located_line(run, example: Path, content: bytes | None, expected: str) -> None:
    path = example / "activities" / "bad.yaml"
    if content is None:
        with path.open("wb") as handle:
            handle.truncate(50 * 1024 * 1024)
    else:
        path.write_bytes(content)
    start = time.perf_counter()
    result = run("validate", example)
    assert time.perf_counter() - start < 2
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(expected)
    assert result.output.splitlines()[1:] == ["1 error found"], result.output


def test_validate_remembers_the_verdict_of_unchanged_files(run, example: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """An unchanged register's verdict is given again without loading it; any edit of an activity or of
    registry.yaml, a new file or a link led elsewhere is loaded again; a file written in the last two seconds
    is never trusted to its status."""
    import registry.loading.loader
    import registry.loading.verdict

    loads: list[Path] = []
    original = registry.loading.loader.load
    monkeypatch.setattr(registry.loading.loader, "load", lambda *args, **options: loads.append(args[0]) or
                        original(*args, **options))
    cache = ("--cache", tmp_path / "cache")
    first = run("validate", example, *cache)
    assert run("validate", example, *cache).output == first.output and len(loads) == 2, "too recent to trust"

    monkeypatch.setattr(registry.loading.verdict, "RACY_SECONDS", -60.0)  # as if written a minute ago
    run("validate", example, *cache)
    loads.clear()
    again = run("validate", example, *cache)
    assert (again.exit_code, again.output, loads) == (0, first.output, [])

    fiche = example / "activities" / "statistiques.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8") + "bassis: x\n", encoding="utf-8")
    broken = run("validate", example, *cache)
    assert broken.exit_code == 1 and "V003" in broken.output and len(loads) == 1
    (example / "activities" / "copy.yaml").write_text(fiche.read_text(),
                                                      encoding="utf-8")
    assert "activities/copy.yaml" in run("validate", example, *cache).output and len(loads) == 2
    linked = example / "activities" / "linked.yaml"
    linked.symlink_to(example / "activities" / "statistiques.yaml")
    run("validate", example, *cache)
    linked.unlink()
    linked.symlink_to(example / "registry.yaml")
    assert run("validate", example, *cache).exit_code == 1 and len(loads) == 4
