"""`registry build` through the CLI: outputs, errors, atomic writes."""

from __future__ import annotations

from pathlib import Path

import pytest

import registry.render.pdf.parallel


def test_build_html_only(run, example: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("build", example, "--format", "html", "--out", out)
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote 12 files into {out}\n"
    assert (out / "register.html").is_file() and not (out / "register.pdf").exists()


def test_default_output_folder_is_inside_the_register(run, example: Path) -> None:
    assert run("build", example, "--format", "html").exit_code == 0
    assert (example / "output" / "register.html").is_file()


def test_invalid_register_stops_the_build(run, example: Path) -> None:
    (example / "activities" / "bad.yaml").write_text("id: x\nid: y\n", encoding="utf-8")
    result = run("build", example, "--format", "html")
    assert result.exit_code == 1
    assert "activities/bad.yaml:2:1: error: V002 duplicate key 'id'" in result.output
    assert not (example / "output").exists()


def test_unknown_format_is_a_usage_error(run, example: Path) -> None:
    assert run("build", example, "--format", "docx").exit_code == 2


def test_failed_render_leaves_previous_outputs(run, example: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert run("build", example, "--format", "html", "--out", out).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(registry.render.pdf.parallel, "parallel_pdf", broken)
    (example / "activities" / "statistiques.yaml").write_text(
        (example / "activities" / "statistiques.yaml").read_text(encoding="utf-8").replace("ST-01", "ST-02"),
        encoding="utf-8")
    with pytest.raises(RuntimeError):
        run("build", example, "--out", out)
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
