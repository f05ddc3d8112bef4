"""The register's version is page furniture: pages cached with its stand-in come out, filled, byte for byte
as if rendered with the version itself, and a commit renders and keeps no page again."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

import registry.render.gallery
import registry.render.register
from registry import load
from registry.build import build_register
from registry.cache.store import Cache
from registry.notices.content import NoticeWriter
from registry.render.furniture import fill, stand_in
from registry.render.markup import wrap

from .test_cache import _counting


def test_a_stand_in_wraps_where_its_version_would() -> None:
    label = "4f2a9c1 (modifiée depuis ce commit)"
    for lead in range(30, 70):  # the line breaks before, inside and after the version, at every width
        line = f"{'x' * lead} Mise à jour : 3 mars 2025 (version {label})."
        made = wrap(line.replace(label, stand_in(label, 0)), "  - ", "    ")
        assert fill(made, [label]) == wrap(line, "  - ", "    ")
    assert stand_in("a&b", 0) == "a&b", "a label markup would alter stands for itself"
    assert fill(stand_in(label, 0)[:12], [label]) is None, "a stand-in cut short is refused, not half-filled"


def _commit(root: Path, message: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "DPO", "GIT_AUTHOR_EMAIL": "dpo@example.org", "GIT_COMMITTER_NAME": "DPO",
           "GIT_COMMITTER_EMAIL": "dpo@example.org"}
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", message], check=True, env=env)


def _gallery(root: Path, cache: Cache) -> dict[str, bytes]:
    built = build_register(load(root, cache).register, ["html"], cache=cache)  # type: ignore[arg-type]
    return {a.path: a.content for a in built.artifacts if a.path.startswith(("notices/", "activities/"))}


@pytest.mark.slow
def test_pages_show_the_version_as_if_rendered_with_it(example: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """After a commit, then an edit (a version with spaces, in French and English), the gallery built from
    the cache is the gallery and the activities' pages rendered with the version itself; the commit composes no notice again."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")

    def rendered_with_the_version() -> dict[str, bytes]:
        with monkeypatch.context() as patched:
            for module in (registry.render.gallery, registry.render.register):
                patched.setattr(module, "stand_in", lambda label, slot: label)
            return _gallery(example, Cache(None))

    subprocess.run(["git", "init", "-q", str(example)], check=True)
    _commit(example, "first")
    folder = tmp_path / "cache"
    first = _gallery(example, Cache(folder))
    fiche = example / "activities" / "statistiques.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("Statistiques", "Statistiques annuelles", 1),
                     encoding="utf-8")
    _commit(example, "second")
    composed = _counting(monkeypatch, NoticeWriter, "full")
    committed = _gallery(example, Cache(folder))
    assert sorted({args[1].model.id for args in composed}) == ["ST-01"]  # type: ignore[attr-defined]
    assert committed == rendered_with_the_version() and committed["notices/GC-01.html"] != first["notices/GC-01.html"]

    fiche.write_text(fiche.read_text(encoding="utf-8").replace("annuelles", "mensuelles", 1), encoding="utf-8")
    edited = _gallery(example, Cache(folder))
    assert edited == rendered_with_the_version()
    short = subprocess.run(["git", "-C", str(example), "rev-parse", "--short", "HEAD"], check=True,
                           capture_output=True, text=True).stdout.strip()
    assert f"{short} (modifiée depuis ce commit)".encode() in edited["notices/GC-01.html"]
    assert f"{short} (modified since this commit)".encode() in edited["notices/GC-01.html"]
    assert f"{short} (modifiée depuis ce commit)".encode() in edited["activities/GC-01.html"]
