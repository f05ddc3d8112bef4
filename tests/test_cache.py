"""The cache: a file is parsed and validated once for its content; a PDF chunk is laid out once for its
HTML; a damaged, foreign or outdated entry is ignored and rebuilt; results never differ."""

from __future__ import annotations

import concurrent.futures
import os
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest

import registry.loading.loader
import registry.render.pdf.chunks
import registry.render.register
from registry import load
from registry.build import build_register
from registry.cache.keys import digest
from registry.cache.memo import Memo
from registry.cache.store import DAY, SWEPT, UNUSED_DAYS, Cache, Shelf
from registry.loading.yamlsource import PackedSourceNode
from registry.notices.content import NoticeWriter

from .conftest import DATA


def _counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[object]:
    calls: list[object] = []
    original = getattr(module, name)

    def counted(*args: object, **options: object) -> object:
        calls.append(args)
        return original(*args, **options)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_unchanged_files_are_not_parsed_again(example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(tmp_path / "cache")
    cold = load(example, cache)
    parses = _counting(monkeypatch, registry.loading.loader, "parse_bytes")
    validations = _counting(monkeypatch, registry.loading.loader, "validate")
    warm = load(example, Cache(tmp_path / "cache"))
    assert parses == [] and [args for args in validations if args[0].__name__ != "RegistryFile"] == []
    assert warm.problems == cold.problems and warm.register is not None and cold.register is not None
    assert [a.model for a in warm.register.activities] == [a.model for a in cold.register.activities]
    assert all(isinstance(a.source, PackedSourceNode) for a in warm.register.activities), "read back packed"
    assert [a.source for a in warm.register.activities] == [a.source for a in cold.register.activities]
    assert [a.source.locate(("purposes", "main")) for a in warm.register.activities] == \
        [a.source.locate(("purposes", "main")) for a in cold.register.activities]

    counted = Cache(tmp_path / "cache")
    read = _counting(monkeypatch, counted, "get")
    load(example, counted)
    files = len(list((example / "activities").glob("*.yaml")))
    assert counted.misses == 0 and counted.hits == files + len(read), "each activity found, on its shelf"

    fiche = example / "activities" / "statistiques.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("ST-01", "ST-09"), encoding="utf-8")
    load(example, Cache(tmp_path / "cache"))
    assert [args[1] for args in parses] == ["activities/statistiques.yaml"], "only the edited file is parsed"


def _many(example: Path, count: int) -> Path:
    """The example's activities copied until there are ``count``, under ids of their own, and one broken."""
    originals = sorted((example / "activities").glob("*.yaml"))
    for number in range(count - len(originals)):
        source = originals[number % len(originals)]
        text = source.read_text(encoding="utf-8")
        own_id = next(line for line in text.splitlines() if line.startswith("id: "))
        (example / "activities" / f"copy-{number:04d}.yaml").write_text(text.replace(own_id, f"id: CP-{number:04d}", 1),
                                                                       encoding="utf-8")
    (example / "activities" / "copy-0200.yaml").write_text("id: [\n", encoding="utf-8")
    return example


@pytest.mark.slow
def test_a_cold_load_is_spread_over_processes(example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files the cache does not know are loaded by several processes once there are many; the register,
    its problems and what the cache keeps are those of a load in one process. A process that dies leaves
    its files to this one."""
    root = _many(example, 2 * registry.loading.loader.FILES_PER_PROCESS + 40)
    alone = load(root, jobs=1)
    spread: list[object] = []
    elsewhere = registry.loading.loader._Elsewhere
    monkeypatch.setattr(registry.loading.loader, "_Elsewhere", lambda *args: spread.append(args) or elsewhere(*args))

    def same(result: registry.loading.loader.LoadResult) -> None:
        assert result.problems == alone.problems and [p.code for p in result.problems] == ["V001"]
        assert [(a.path, a.model, a.source) for a in result.register.activities] == \
            [(a.path, a.model, a.source) for a in alone.register.activities]  # type: ignore[union-attr]

    same(load(root, Cache(tmp_path / "cache"), jobs=2))
    assert len(spread) == 1
    warm = Cache(tmp_path / "cache")
    same(load(root, warm, jobs=2))
    assert len(spread) == 1 and warm.misses == 0, "all kept: nothing left to spread"

    monkeypatch.setattr(registry.loading.loader, "_pickled_loads", _dying)
    same(load(root, Cache(tmp_path / "other"), jobs=2))
    assert len(spread) == 2
    assert load(root, jobs=2).problems == alone.problems and len(spread) == 2, "not spread without a cache folder"

    def refused(*args: object, **options: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refused)
    same(load(root, Cache(tmp_path / "third"), jobs=2))
    assert len(spread) == 3, "processes refused: this one loads every file"


def _dying(*args: object) -> list[bytes]:
    os._exit(3)


@pytest.mark.parametrize("name", sorted(p.stem for p in (DATA / "invalid").glob("activity-*.yaml")))
def test_problems_are_the_same_from_the_cache(name: str, example: Path, tmp_path: Path) -> None:
    shutil.copyfile(DATA / "invalid" / f"{name}.yaml", example / "activities" / "broken.yaml")
    fresh = load(example).problems
    assert load(example, Cache(tmp_path)).problems == fresh
    assert load(example, Cache(tmp_path)).problems == fresh


def test_damaged_and_foreign_entries_are_ignored(example: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    expected = load(example, Cache(folder))
    entries = [p for p in folder.rglob("*") if p.is_file()]
    for number, entry in enumerate(entries):
        content = entry.read_bytes()
        entry.write_bytes(content[:40] + bytes([content[40] ^ 0xFF]) + content[41:] if number % 2 else b"junk")
    cache = Cache(folder)
    again = load(example, cache)
    assert cache.hits == 0 and again.problems == expected.problems
    assert [a.model for a in again.register.activities] == [a.model for a in expected.register.activities]  # type: ignore[union-attr]
    stranger = tmp_path / "copied"
    shutil.copytree(folder, stranger)
    (tmp_path / "xdg").mkdir()
    with pytest.MonkeyPatch.context() as patch:  # another user's secret: their entries are not trusted
        patch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
        foreign = Cache(stranger)
        load(example, foreign)
    assert foreign.hits == 0


@pytest.mark.slow
def test_a_pdf_rebuild_lays_out_only_what_changed(example: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    cache_folder = tmp_path / "cache"
    first = build_register(load(example).register, ["pdf"], cache=Cache(cache_folder))  # type: ignore[arg-type]
    laid = _counting(monkeypatch, registry.render.pdf.chunks, "lay_out")
    again = build_register(load(example).register, ["pdf"], cache=Cache(cache_folder))  # type: ignore[arg-type]
    assert laid == [] and again.artifacts[0].content == first.artifacts[0].content

    fiche = example / "activities" / "statistiques.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("Statistiques", "Statistiques annuelles", 1),
                     encoding="utf-8")
    edited = build_register(load(example).register, ["pdf"], cache=Cache(cache_folder))  # type: ignore[arg-type]
    names = sorted(args[0].name for args in laid)  # type: ignore[index]
    assert "fiches-1" in names and not any(n.startswith("annex-recipients") for n in names), names
    assert len(names) < 8, names
    fresh = build_register(load(example).register, ["pdf"])  # type: ignore[arg-type]
    assert edited.artifacts[0].content == fresh.artifacts[0].content, "the cache never changes the result"


def test_a_pdf_built_again_later_lays_out_only_its_cover(example: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The build time is in the PDF's metadata and on its cover; no other chunk depends on it, or a
    rebuild a second later would find none of them in the cache."""
    cache_folder = tmp_path / "cache"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    build_register(load(example).register, ["pdf"], cache=Cache(cache_folder))  # type: ignore[arg-type]
    laid = _counting(monkeypatch, registry.render.pdf.chunks, "lay_out")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000001")
    later = build_register(load(example).register, ["pdf"], cache=Cache(cache_folder))  # type: ignore[arg-type]
    assert [args[0].name for args in laid] == ["cover"], "once: the cover laid out for its page count has no date"  # type: ignore[attr-defined]
    assert later.artifacts[0].content == build_register(load(example).register, ["pdf"]).artifacts[0].content  # type: ignore[union-attr]


def _html(example: Path, cache: Cache) -> dict[str, bytes]:
    built = build_register(load(example).register, ["html"], cache=cache)  # type: ignore[arg-type]
    return {a.path: a.content for a in built.artifacts}


@pytest.mark.slow
def test_a_notice_is_written_again_only_when_what_it_says_may_change(example: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The snippet gallery, from a warm cache: an edited activity's notices are composed again, in each
    language, and nothing else; an edit to registry.yaml, which every notice quotes, recomposes them all."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    folder = tmp_path / "cache"
    _html(example, Cache(folder))
    composed = _counting(monkeypatch, NoticeWriter, "full")
    warm = _html(example, Cache(folder))
    assert composed == []
    assert warm == _html(example, Cache(None))

    fiche = example / "activities" / "statistiques.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("Statistiques", "Statistiques annuelles", 1),
                     encoding="utf-8")
    composed.clear()
    edited = _html(example, Cache(folder))
    assert sorted({args[1].model.id for args in composed}) == ["ST-01"] and len(composed) == 2  # type: ignore[attr-defined]
    composed.clear()
    assert edited == _html(example, Cache(None))
    assert composed != [], "a build without the cache composes every notice"

    settings = example / "registry.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("@", "+new@", 1), encoding="utf-8")
    composed.clear()
    renamed = _html(example, Cache(folder))
    controllers = [a for a in load(example).register.controller_activities]  # type: ignore[union-attr]
    assert len(composed) == 2 * len(controllers)
    assert renamed == _html(example, Cache(None)) and renamed != edited


def test_a_rebuilt_output_is_the_output_built_afresh(example: Path, tmp_path: Path, run,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages made from the same as the previous output's are kept as they are (the same files); after an
    edit of an activity, then of ``registry.yaml``, the output is still, byte for byte, a fresh build's."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")

    def built(out: str, *cache: str) -> dict[str, tuple[bytes, int]]:
        assert run("build", example, "--format", "html", "--out", tmp_path / out, *cache).exit_code == 0
        return {p.relative_to(tmp_path / out).as_posix(): (p.read_bytes(), p.stat().st_ino)
                for p in (tmp_path / out).rglob("*.html")}

    def same_as_afresh(output: dict[str, tuple[bytes, int]]) -> None:
        fresh = built("fresh", "--no-cache")
        assert {path: content for path, (content, _) in output.items()} == \
            {path: content for path, (content, _) in fresh.items()}

    cache = ("--cache", str(tmp_path / "cache"))
    first = built("out", *cache)
    fiche = example / "activities" / "statistiques.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("Statistiques", "Statistiques annuelles", 1),
                     encoding="utf-8")
    edited = built("out", *cache)
    same_as_afresh(edited)
    kept = sorted(path for path, (_, inode) in edited.items() if first[path][1] == inode)
    assert kept and all(path.startswith(("activities/", "notices/")) and "ST-01" not in path for path in kept)
    assert "activities/GC-01.html" in kept and "notices/GC-01.html" in kept

    settings = example / "registry.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("@", "+new@", 1), encoding="utf-8")
    same_as_afresh(built("out", *cache))


def test_no_cache_is_cold_even_beside_a_previous_output(example: Path, tmp_path: Path, run,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """``--no-cache`` reuses nothing: every notice is composed and every page made again, even those the
    previous output holds made from the same; the files whose bytes did not change stay as they were."""
    out = ("--format", "html", "--out", tmp_path / "out")
    assert run("build", example, *out, "--cache", tmp_path / "cache").exit_code == 0
    composed = _counting(monkeypatch, NoticeWriter, "full")
    pages = _counting(monkeypatch, registry.render.register.Templates, "render")
    assert run("build", example, *out, "--no-cache").exit_code == 0
    controllers = load(example).register.controller_activities  # type: ignore[union-attr]
    activities = load(example).register.activities  # type: ignore[union-attr]
    assert len(composed) == 2 * len(controllers)
    assert sum(args[1] == "register/activity.html" for args in pages) == len(activities)


def test_entries_unused_for_a_month_are_swept_once_a_day(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cache = Cache(folder)
    old, recent, used = (digest(name) for name in ("old", "recent", "used"))
    for entry in (old, recent, used):
        cache.put(entry, entry)
    (folder / "notes.txt").write_text("mine")
    (folder / old[:2] / "mine.txt").write_text("mine")
    month_ago, day_ago = time.time() - (UNUSED_DAYS + 1) * DAY, time.time() - DAY / 2
    for path in (folder / old[:2] / old[2:], folder / used[:2] / used[2:], folder / "notes.txt",
                 folder / old[:2] / "mine.txt"):
        os.utime(path, (month_ago, month_ago))
    os.utime(folder / recent[:2] / recent[2:], (day_ago, day_ago))
    assert cache.get(used) == used, "a hit keeps its entry"

    os.utime(folder / SWEPT, (day_ago, day_ago))  # swept less than a day ago: not due
    assert Cache(folder).get(old) == old
    os.utime(folder / old[:2] / old[2:], (month_ago, month_ago))
    os.utime(folder / SWEPT, (month_ago, month_ago))
    swept = Cache(folder)
    assert swept.get(old) is None and swept.get(recent) == recent and swept.get(used) == used
    assert (folder / "notes.txt").exists() and (folder / old[:2] / "mine.txt").exists(), "only entries are removed"


def test_a_shelf_keeps_the_entries_used_within_a_month(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A shelf is read once and written back once, whole and in place at once, when something was added;
    an entry nobody used for ``UNUSED_DAYS`` days is left out then."""
    import registry.cache.store

    made: list[str] = []

    def shelved(*names: str) -> list[str]:
        with Cache(tmp_path).shelf("test", "owner") as shelf:
            return [shelf.remember(digest(name), lambda name=name: made.append(name) or name.upper()) for name in names]

    assert shelved("a", "b") == ["A", "B"] and made == ["a", "b"]
    assert shelved("a", "b") == ["A", "B"] and made == ["a", "b"], "both found"
    assert not list(tmp_path.rglob("*.[0-9]*")), "nothing left aside"
    today = registry.cache.store._today()
    monkeypatch.setattr(registry.cache.store, "_today", lambda: today + UNUSED_DAYS + 1)
    # an entry in b's part: the parts follow the keys, which follow the tool's code
    c = next(name for name in (f"c{n}" for n in range(1000)) if digest(name)[0] == digest("b")[0])
    assert shelved("a", c) == ["A", c.upper()] and made == ["a", "b", c]
    assert shelved("b") == ["B"] and made == ["a", "b", c, "b"], "b, unused for a month, was left out"
    with Cache(tmp_path).shelf("test", "another owner") as shelf:
        assert shelf.remember(digest("a"), lambda: "other") == "other", "each owner has a shelf of its own"

    many = [str(n) for n in range(200)]
    shelved(*many)
    counted = Cache(tmp_path)
    read, written = _counting(monkeypatch, counted, "get"), _counting(monkeypatch, counted, "put")
    with counted.shelf("test", "owner") as shelf:
        assert [shelf.remember(digest(name), lambda: "made") for name in [*many, "new"]] == [*many, "made"]
    assert len(read) == Shelf.PARTS and len(written) == 1, "each part read once; the part with the new entry written"


def test_fiches_annex_rows_and_the_gaps_they_mark_are_found_on_their_shelf(example: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import datetime, timezone

    import registry.views.annexes
    from registry.i18n import Messages
    from registry.loading.version import Version
    from registry.views import BuildInfo, register_view
    from registry.views.fiche import FicheWriter

    stamp = BuildInfo(Version(None, False), datetime(2026, 1, 1, tzinfo=timezone.utc))

    def view() -> object:
        cache = Cache(tmp_path)
        register = load(example, cache).register
        assert register is not None
        with Memo(cache, register.root, "fr") as kept:
            return register_view(register, Messages("fr"), stamp, kept=kept)

    def seen(view: object) -> object:
        return replace(view, t=None)  # type: ignore[type-var]

    fiche = example / "activities" / "statistiques.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("updated: 2026-09-30\n", ""), encoding="utf-8")
    first = view()
    written = _counting(monkeypatch, FicheWriter, "_fiche")
    rows = _counting(monkeypatch, registry.views.annexes, "_rows")
    again = view()
    assert written == [] and rows == [] and seen(again) == seen(first)
    assert [p.path for p in again.problems] == ["activities/statistiques.yaml"], "the gap the fiche marks"  # type: ignore[attr-defined]
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("Statistiques", "Statistiques annuelles", 1),
                     encoding="utf-8")
    edited = view()
    assert [args[1].path for args in written] == ["activities/statistiques.yaml"]  # type: ignore[attr-defined]
    assert [args[1].path for args in rows] == ["activities/statistiques.yaml"]  # type: ignore[attr-defined]
    assert seen(edited) == seen(register_view(load(example).register, Messages("fr"), stamp))  # type: ignore[arg-type]


def test_templates_are_compiled_once_for_their_source(example: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm build compiles no template; an override is compiled again once it is edited, and the
    pages say what it says."""
    from jinja2 import Environment

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    folder = tmp_path / "cache"
    (example / "templates" / "register").mkdir(parents=True)
    override = example / "templates" / "register" / "activity.html"
    override.write_text('{% extends "default:register/activity.html" %}{% block title %}Fiche {{ f.id }}'
                        '{% endblock %}', encoding="utf-8")
    first = _html(example, Cache(folder))
    compiled = _counting(monkeypatch, Environment, "compile")
    assert _html(example, Cache(folder)) == first
    assert compiled == [], "a warm build compiles nothing"
    assert _html(example, Cache(None)) == first
    assert compiled, "a build without the cache compiles"
    compiled.clear()
    override.write_text(override.read_text(encoding="utf-8").replace("Fiche ", "Activité "), encoding="utf-8")
    edited = _html(example, Cache(folder))
    assert [args[2] for args in compiled] == ["register/activity.html"]
    assert "<title>Activité GC-01</title>" in edited["activities/GC-01.html"].decode()
