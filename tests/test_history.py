"""The register through time, on a real repository with a scripted history."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from registry import load
from registry.lint.runner import check
from registry.loading.history import file_dates

from .conftest import FIXTURE, activity

GOLDEN = Path(__file__).parent / "golden" / "changes"


def commit(root: Path, day: str, message: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00",
           "GIT_AUTHOR_NAME": "DPO", "GIT_AUTHOR_EMAIL": "dpo@example.org", "GIT_COMMITTER_NAME": "DPO",
           "GIT_COMMITTER_EMAIL": "dpo@example.org"}
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", message], check=True, env=env)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


UNDATED = activity().replace("created: 2025-01-01\nupdated: 2025-02-01\n", "")


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Creation, edits of substance and of comments only, a rename, a catalogue change, a deletion, a broken file."""
    root = tmp_path_factory.mktemp("history") / "register"
    shutil.copytree(FIXTURE, root)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    (root / "activities" / "t.yaml").write_text(UNDATED, encoding="utf-8")
    (root / "activities" / "u.yaml").write_text(activity(("id: T-01", "id: U-01"), ("updated: 2025-02-01",
                                                                                   "updated: 2025-01-20")))
    commit(root, "2025-01-10", "register")
    subprocess.run(["git", "-C", str(root), "tag", "v1"], check=True)
    for name in ("t.yaml", "u.yaml"):
        edit(root / "activities" / name, "duration: P3Y", "duration: P5Y")
    commit(root, "2025-03-01", "longer retention")
    for name in ("t.yaml", "u.yaml"):
        edit(root / "activities" / name, "id:", "# reviewed with the sales team\nid:")
    commit(root, "2025-04-01", "comments only")
    subprocess.run(["git", "-C", str(root), "mv", "activities/t.yaml", "activities/renamed.yaml"], check=True)
    commit(root, "2025-05-01", "rename")
    edit(root / "registry.yaml", "    name: OVH SAS\n", "    name: OVH SAS\n")
    settings = root / "registry.yaml"
    text = settings.read_text(encoding="utf-8")
    start = text.index("  - id: ovhcloud")
    edit(settings, text[start:text.index("country: FR", start) + len("country: FR")],
         text[start:text.index("country: FR", start)] + "country: DE")
    commit(root, "2025-06-01", "OVH moves to Germany")
    (root / "activities" / "statistiques.yaml").unlink()
    commit(root, "2025-07-01", "statistics retired")
    subprocess.run(["git", "-C", str(root), "tag", "v2"], check=True)
    (root / "activities" / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    commit(root, "2025-08-01", "a broken file")
    subprocess.run(["git", "-C", str(root), "tag", "broken"], check=True)
    (root / "activities" / "broken.yaml").unlink()
    commit(root, "2025-09-01", "repaired")
    return root


def test_dates_default_to_the_first_and_last_commits_following_renames(repository: Path) -> None:
    dates = file_dates(repository)["activities/renamed.yaml"]
    assert (dates.created.isoformat(), dates.updated.isoformat()) == ("2025-01-10", "2025-05-01")
    register = load(repository).register
    assert register is not None
    renamed = next(a for a in register.activities if a.model.id == "T-01")
    assert [d.isoformat() for d in register.dates_of(renamed)] == ["2025-01-10", "2025-05-01"]


def test_dates_from_git_are_kept_for_the_commit_the_tree_is_at(repository: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the whole history at every build costs a quarter of a second per 400 commits: the dates
    are kept for the commit, and a new commit is read again."""
    import registry.loading.history
    from registry.cache.memo import Memo
    from registry.cache.store import Cache

    root = tmp_path / "register"
    shutil.copytree(repository, root)
    logs: list[tuple[str, ...]] = []
    git = registry.loading.history.git
    monkeypatch.setattr(registry.loading.history, "git", lambda where, *args, **options: (
        logs.append(args) if args[0] == "log" else None) or git(where, *args, **options))
    first = file_dates(root, Memo(Cache(tmp_path / "cache")))
    assert len(logs) == 1 and first["activities/renamed.yaml"].created.isoformat() == "2025-01-10"
    registry.loading.history._file_dates.cache_clear()  # as in another process
    assert file_dates(root, Memo(Cache(tmp_path / "cache"))) == first and len(logs) == 1, "kept for this commit"
    edit(root / "activities" / "u.yaml", "duration: P5Y", "duration: P4Y")
    commit(root, "2025-10-01", "shorter retention")
    later = file_dates(root, Memo(Cache(tmp_path / "cache")))
    assert len(logs) == 2 and later["activities/u.yaml"].updated.isoformat() == "2025-10-01"


def test_an_update_date_older_than_a_change_of_substance_is_reported(repository: Path) -> None:
    register = load(repository).register
    assert register is not None
    found = [p for p in check(register, __import__("datetime").date(2025, 9, 2), select=["FR002"])]
    assert [(p.path, p.line) for p in found] == [("activities/u.yaml", 7)]
    assert "changed on 2025-03-01" in found[0].message  # the comment-only commit of April does not count


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_diff_between_two_revisions(run, repository: Path, golden: Callable[[Path, str], None], fmt: str) -> None:
    result = run("diff", "v1", "v2", "--register", repository, "--format", fmt, "--date", "2025-09-02")
    assert result.exit_code == 0, result.output
    golden(GOLDEN / f"v1-v2.{ 'md' if fmt == 'markdown' else 'txt' if fmt == 'text' else fmt}", result.output)


def test_diff_speaks_the_registers_words(run, repository: Path) -> None:
    text = run("diff", "v1", "v2", "--register", repository, "--date", "2025-09-02").output
    assert ("  Durée de conservation — État civil, identité, données d'identification, images\n"
            "    Avant : [-3-] ans à compter de la fin du contrat, puis suppression.\n"
            "    Après : {+5+} ans à compter de la fin du contrat, puis suppression.\n") in text
    assert "Fichier renommé (auparavant activities/t.yaml)" in text
    assert "ST-01 Élaboration de statistiques commerciales — Activité supprimée" in text
    for activity_id in ("GC-01", "PR-01"):  # the catalogue change shows on each activity it affects
        block = text.split(f"{activity_id} ")[1].split("\n\n")[0]
        assert "Destinataire — OVH SAS\n    Avant : Sous-traitant, [-France-]\n    Après : Sous-traitant, {+Allemagne+}" in block
    payload = json.loads(run("diff", "v1", "v2", "--register", repository, "--format", "json",
                             "--date", "2025-09-02").output)
    assert payload["schema"] == 2 and {a["id"] for a in payload["activities"]} >= {"ST-01", "T-01", "U-01"}


def test_diff_as_an_auditors_pdf(run, repository: Path, tmp_path: Path) -> None:
    out = tmp_path / "changes.pdf"
    assert run("diff", "v1", "v2", "--register", repository, "--format", "pdf", "--out", out).exit_code == 0
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Modifications du registre" in text and "Activité supprimée" in text
    printed = run("diff", "v1", "v2", "--register", repository, "--format", "pdf")
    assert printed.exit_code != 0 and "give --out FILE" in printed.output, "a PDF is never printed"


def test_register_as_it_stood_without_touching_the_working_tree(run, repository: Path, tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in repository.rglob("*") if p.is_file() and ".git" not in p.parts}
    result = run("build", repository, "--format", "html", "--at", "2025-03-15", "--out", tmp_path / "out",
                 "--changes-since", "v1")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "register.html").read_text(encoding="utf-8")
    assert "Registre tel qu&#39;il était le 1 mars 2025" in page
    assert "ST-01" in page  # still there in March
    annex = page[page.index('id="annex-changes"'):]
    assert "Annexe E : modifications depuis le v1" in annex and "<del>3</del> ans" in annex and "<ins>5</ins> ans" in annex
    then, head = (subprocess.run(["git", "-C", str(repository), "log", "-1", "--format=%h", "--before", day],
                                 check=True, capture_output=True, text=True).stdout.strip()
                  for day in ("2025-03-15 23:59:59", "2030-01-01"))
    notices = (tmp_path / "out" / "notices" / "ST-01.html").read_text(encoding="utf-8")
    assert f"version {then}" in notices and head not in notices, "the notices beside it name the same version"
    after = {p: p.read_bytes() for p in repository.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert after == before


def test_the_change_annex_is_built_from_the_same_diff(run, repository: Path, tmp_path: Path) -> None:
    assert run("build", repository, "--format", "html", "--out", tmp_path / "out", "--changes-since",
               "2025-02-01").exit_code == 0
    annex = (tmp_path / "out" / "register.html").read_text(encoding="utf-8").split('id="annex-changes"')[1]
    assert "Fichier renommé (auparavant activities/t.yaml)" in annex and "Activité supprimée" in annex


def test_the_earlier_register_is_read_through_the_cache(repository: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Annex E reads the register of a year ago at every build: its files, most often those of today,
    are found in the cache like the working tree's. A second build parses no file and says the same."""
    import registry.loading.loader
    from registry.build import Timeline, build_register
    from registry.cache.store import Cache

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    timeline = Timeline(None, "v1")

    def built(cache: Cache) -> dict[str, bytes]:
        register = load(repository, cache).register
        assert register is not None
        return {a.path: a.content for a in build_register(register, ["html"], timeline=timeline, cache=cache).artifacts}

    first = built(Cache(tmp_path))
    parsed: list[object] = []
    parse_bytes = registry.loading.loader.parse_bytes
    monkeypatch.setattr(registry.loading.loader, "parse_bytes", lambda *args: parsed.append(args) or parse_bytes(*args))
    assert built(Cache(tmp_path)) == first
    assert parsed == [], "neither today's files nor those of v1 are parsed again"
    assert built(Cache(None)) == first and parsed, "without the cache, both registers are parsed"
    assert "Annexe E" in first["register.html"].decode()


def test_files_unchanged_since_the_revision_are_taken_from_todays_register(repository: Path, tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Once the cache knows the revision's files, those with today's bytes are not read from git again but
    taken loaded from today's register; the register of the revision is the same as when read in full."""
    import registry.diff.compare
    from registry.cache.store import Cache
    from registry.diff.compare import register_at

    root = tmp_path / "register"
    shutil.copytree(repository, root)
    edit(root / "activities" / "u.yaml", "duration: P5Y", "duration: P4Y")  # not committed
    cache = Cache(tmp_path / "cache")
    now = load(root, cache).register
    assert now is not None
    full, _ = register_at(root, "v2", kept=Cache(None))
    read: list[list[str]] = []
    read_blobs = registry.diff.compare.read_blobs
    monkeypatch.setattr(registry.diff.compare, "read_blobs", lambda root, blobs: read.append(sorted(blobs)) or
                        read_blobs(root, blobs))
    first, _ = register_at(root, "v2", kept=cache, now=now)
    again, _ = register_at(root, "v2", kept=cache, now=now)
    for register in (first, again):
        assert [(a.path, a.digest, a.model) for a in register.activities] == \
            [(a.path, a.digest, a.model) for a in full.activities]
        assert register.settings == full.settings
    unchanged = {a.path for a in full.activities} & {a.path for a in now.activities} - {"activities/u.yaml"}
    assert unchanged and {a.path for a in again.activities if any(a is b for b in now.activities)} == unchanged
    assert read[-1] == ["activities/u.yaml"], "only the file edited since v2 is read from git"
    assert read[1] == sorted({a.path for a in full.activities}), "the first time, every file is read"


def test_a_revision_of_another_kind_loads_its_own_files(repository: Path, tmp_path: Path) -> None:
    """How an activity without a role loads depends on the register's kind: files are not shared between
    a controller's register and a processor's, so a revision where they did not validate still says so."""
    from registry.cache.store import Cache
    from registry.diff.compare import register_at
    from registry.errors import RegistryError

    root = tmp_path / "register"
    shutil.copytree(repository, root)
    settings = root / "registry.yaml"
    text = settings.read_text(encoding="utf-8")
    edit(settings, "  kind: controller", "  kind: processor")
    commit(root, "2025-10-01", "a processor's register")
    settings.write_text(text, encoding="utf-8")
    commit(root, "2025-10-02", "a controller's again")
    cache = Cache(tmp_path / "cache")
    now = load(root, cache).register
    assert now is not None
    for _ in range(2):  # the second time, the cache knows the revision's files
        with pytest.raises(RegistryError, match="does not validate"):
            register_at(root, "HEAD~1", kept=cache, now=now)


def test_two_files_of_the_same_bytes_are_both_read_from_git(repository: Path, tmp_path: Path) -> None:
    """Git keeps one blob for both; the register at that revision still has both files (here, one id twice)."""
    from registry.diff.compare import register_at
    from registry.errors import RegistryError

    root = tmp_path / "register"
    shutil.copytree(repository, root)
    shutil.copyfile(root / "activities" / "u.yaml", root / "activities" / "u-copy.yaml")
    commit(root, "2025-10-01", "a copy")
    (root / "activities" / "u-copy.yaml").unlink()
    with pytest.raises(RegistryError, match="does not validate"):
        register_at(root, "HEAD")


@pytest.mark.parametrize(("args", "message"), [
    (("broken", "v2"), "error: the register at revision"),
    (("no-such-revision",), "error: no revision 'no-such-revision' in this repository"),
])
def test_what_history_cannot_answer_is_one_line(run, repository: Path, args: tuple[str, ...], message: str) -> None:
    result = run("diff", *args, "--register", repository)
    assert result.exit_code == 1
    assert result.output.startswith(message) and len(result.output.strip().splitlines()) == 1


def test_without_git_or_in_a_shallow_clone(run, example: Path, repository: Path, tmp_path: Path) -> None:
    result = run("diff", "HEAD~1", "--register", example)
    assert result.exit_code == 1 and result.output == ("error: the register is not in a git repository, "
                                                       "so its history is unknown\n")
    assert run("build", example, "--format", "html").exit_code == 0  # the annex says why it is empty
    page = (example / "output" / "register.html").read_text()
    assert "le registre n&#39;est suivi par aucun outil de gestion de versions" in page
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repository.as_uri(), str(shallow)], check=True)
    result = run("diff", "2025-01-15", "--register", shallow)
    assert result.exit_code == 1 and "this clone is shallow" in result.output


def test_findings_that_appear_or_disappear_are_listed(example: Path) -> None:
    from datetime import date

    from registry.diff.compare import compare
    from registry.i18n import Messages

    before = load(example).register
    (example / "activities" / "t.yaml").write_text(activity(("    basis: contract",
                                                             "    basis: legitimate_interests")), encoding="utf-8")
    after = load(example).register
    assert before is not None and after is not None
    changes = compare(before, after, Messages("fr"), "avant", "après", date(2025, 6, 1))
    assert any((f.code, f.activity) == ("LB001", "T-01") for f in changes.findings_new)
    back = compare(after, before, Messages("fr"), "après", "avant", date(2025, 6, 1))
    assert any((f.code, f.activity) == ("LB001", "T-01") for f in back.findings_gone)


def test_a_change_report_speaks_the_documents_language_and_marks_what_changed(example: Path) -> None:
    """Labels, severities and headers in the document's language; the rules' messages, English only, are
    marked as English (lang="en", the column header and a note) rather than passed off as French."""
    from datetime import date

    from registry.diff.compare import compare
    from registry.i18n import Messages
    from registry.render.diff_report import render_changes
    from registry.render.environment import Templates

    fiche = example / "activities" / "t.yaml"
    fiche.write_text(activity(("    basis: contract", "    basis: contract")), encoding="utf-8")
    before = load(example).register
    fiche.write_text(activity(("    basis: contract", "    basis: legitimate_interests")), encoding="utf-8")
    after = load(example).register
    assert before is not None and after is not None
    t = Messages("fr")
    changes = compare(before, after, t, "avant", "après", date(2025, 6, 1))
    finding = next(f for f in changes.findings_new if f.code == "LB001")

    def report(fmt: str) -> str:
        return render_changes(changes, fmt, Templates(example), t, "Org", "registry").decode()

    html, text, markdown = report("html"), report("text"), report("markdown")
    assert ('<td><del>Exécution d&#39;un contrat ou de mesures précontractuelles</del></td>'
            '<td><ins>Intérêt légitime</ins></td></tr>') in html
    assert "<th>Constat (en anglais)</th>" in html and f'<td lang="en">{finding.message}</td>' in html.replace(
        "&#39;", "'")
    assert "<td>Erreur</td>" in html and "error" not in html.split('id="changes"')[1].split("</h2>")[0]
    assert f"  LB001 (Erreur) T-01 : {finding.message}" in text and "rédigé en anglais" in text
    assert "[-Exécution d'un contrat ou de mesures précontractuelles-]" in text and "{+Intérêt légitime+}" in text
    assert "| ~~Exécution d'un contrat ou de mesures précontractuelles~~ | **Intérêt légitime** |" in markdown
    assert "| `LB001` | Erreur | T-01 |" in markdown and "| Code | Gravité | Activité | Constat (en anglais) |" in markdown


def test_a_settings_change_shows_the_findings_it_causes_on_unchanged_activities(example: Path) -> None:
    from datetime import date

    from registry.diff.compare import compare
    from registry.i18n import Messages

    before = load(example).register
    settings = example / "registry.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "  partner_list: https://www.rhone-lumiere.example/partenaires\n", ""), encoding="utf-8")
    after = load(example).register
    assert before is not None and after is not None
    changes = compare(before, after, Messages("fr"), "avant", "après", date(2025, 6, 1))
    assert any((f.code, f.activity) == ("PT003", "CF-01") for f in changes.findings_new)


def test_fr002_reads_the_history_once_per_commit(repository: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fiche's last change of substance comes from one walk of the history, kept for the commit:
    a second check, in a new process's cache, starts no git process beyond telling the commit."""
    import registry.loading.history as history
    from registry.cache.store import Cache

    calls: list[tuple[str, ...]] = []
    original = history.git
    monkeypatch.setattr(history, "git", lambda root, *args, **options: calls.append(args) or
                        original(root, *args, **options))
    first = check(load(repository, Cache(tmp_path / "cache")).register, date(2026, 1, 1))  # type: ignore[arg-type]
    assert sum(args[0] == "log" for args in calls) <= 2, "one log for the dates, one for the changes"
    calls.clear()
    again = check(load(repository, Cache(tmp_path / "cache")).register, date(2026, 1, 1))  # type: ignore[arg-type]
    assert again == first and not [args for args in calls if args[0] != "rev-parse"]
