"""The output folder is a plain folder that never loses a user's file (issue 23, first part).

Each test is one of the issue's reproducers: a note in output/, the PDF of an earlier build, an edited
Word notice, a committed ``.output.generations`` link, publishing by copy, modes, concurrent builds,
builds killed at any moment.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from registry.errors import RegistryError
from registry.write import lock
from registry.write.staged import Artifact, create_files, replace_files, write_outputs

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture
def umask() -> Iterator[None]:
    """The usual umask, whatever the test runner's."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def one_line_error(result, *words: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and all(w in lines[0] for w in words), result.output


def test_a_note_put_in_the_output_folder_is_kept(example: Path, run) -> None:
    out = example / "output"
    assert run("build", example, "--format", "html").exit_code == 0
    (out / "note.txt").write_text("à relire avec le DPO")
    (out / "activities" / "draft.html").write_text("mine")
    result = run("build", example, "--format", "html")
    assert result.exit_code == 0 and "left 2 other files as they were: activities/draft.html, note.txt" in result.output
    assert (out / "note.txt").read_text() == "à relire avec le DPO" and (out / "activities" / "draft.html").exists()
    assert not out.is_symlink() and (out / "register.html").is_file()


def test_pages_of_a_deleted_activity_go_and_edited_ones_stay(example: Path, run) -> None:
    out = example / "output"
    assert run("build", example, "--format", "html").exit_code == 0
    (out / "activities" / "ST-01.html").write_text("annotated by hand")
    for name in ("statistiques.yaml", "avis-clients.yaml"):
        (example / "activities" / name).unlink()
    result = run("build", example, "--format", "html")
    assert result.exit_code == 0 and "removed" in result.output
    assert not (out / "activities" / "AV-01.html").exists() and not (out / "notices" / "AV-01.html").exists()
    assert (out / "activities" / "ST-01.html").read_text() == "annotated by hand", "changed since: the user's now"


def test_a_pdf_is_kept_when_the_next_build_asks_only_for_html(example: Path, run) -> None:
    out = example / "output"
    assert run("build", example, "--format", "pdf", "--jobs", "1").exit_code == 0
    pdf = (out / "register.pdf").read_bytes()
    assert run("build", example, "--format", "html").exit_code == 0
    assert run("build", example, "--format", "html", "--lang", "en").exit_code == 0
    assert (out / "register.pdf").read_bytes() == pdf and len(PdfReader(out / "register.pdf").pages) > 5
    assert (out / "register.html").is_file() and (out / "register.en.html").is_file()


def test_an_edited_word_notice_is_kept_when_the_pdf_notice_is_written(example: Path, run) -> None:
    out = example / "for-sales"
    assert run("notice", example, "GC-01", "--format", "docx", "--out", out).exit_code == 0
    word = out / "GC-01.full.fr.docx"
    edited = Document(str(word))
    edited.add_paragraph("Ajouté par le service commercial")
    edited.save(str(word))
    mine = word.read_bytes()
    assert run("notice", example, "GC-01", "--format", "pdf", "--out", out).exit_code == 0
    assert run("notice", example, "PR-01", "--format", "md", "--out", out).exit_code == 0
    assert word.read_bytes() == mine
    assert sorted(p.name for p in out.iterdir()) == ["GC-01.full.fr.docx", "GC-01.full.fr.pdf", "PR-01.full.fr.md"]
    result = run("notice", example, "GC-01", "--format", "docx", "--out", out)
    assert result.exit_code == 0 and word.read_bytes() != mine, "asked again, the notice replaces its own file"


def test_a_committed_generations_link_is_never_followed(example: Path, tmp_path: Path, run) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "contrat.docx").write_bytes(b"mine")
    (documents / "build-1").mkdir()
    (documents / "build-1" / ".registry-output").write_text("")
    (example / ".output.generations").symlink_to(documents)
    assert run("build", example, "--format", "html").exit_code == 0
    assert sorted(p.name for p in documents.iterdir()) == ["build-1", "contrat.docx"]
    assert (example / ".output.generations").is_symlink() and not (example / "output").is_symlink()

    (example / "output").rename(example / "built")
    (example / "output").symlink_to(".output.generations/build-1")
    one_line_error(run("build", example, "--format", "html"), "output is a link")
    (example / ".output.generations").unlink()
    (example / ".output.generations").symlink_to("..")
    (example / "output").unlink()
    (example / "output").symlink_to(".output.generations/" + example.name)
    one_line_error(run("build", example, "--format", "html"), "output is a link")
    assert sorted(p.name for p in documents.iterdir()) == ["build-1", "contrat.docx"]
    assert (example / "registry.yaml").is_file() and (example / "built" / "register.html").is_file()


def test_an_output_of_the_old_layout_becomes_a_plain_folder(example: Path, run) -> None:
    """``output`` linked to ``.output.generations/build-…`` by an earlier version: the same files in a plain
    folder, the note the user put there included; the generations are gone."""
    generations = example / ".output.generations"
    current, old = generations / "build-2", generations / "build-1"
    for generation in (current, old):
        (generation / "activities").mkdir(parents=True)
        (generation / ".registry-output").write_text("Written by registry; replaced whole at each build.\n")
        (generation / "activities" / "OLD-01.html").write_text("deleted activity")
    (current / "note.txt").write_text("mine")
    (current / "notes.html").write_text("mine too")
    (generations / "build-2.manifest.json").write_text("{}")
    (example / "output").symlink_to(".output.generations/build-2")
    result = run("build", example, "--format", "html")
    assert result.exit_code == 0, result.output
    out = example / "output"
    assert not out.is_symlink() and out.is_dir() and not generations.exists()
    assert (out / "note.txt").read_text() == "mine" and (out / "notes.html").read_text() == "mine too"
    assert not (out / ".registry-output").exists()
    assert not (out / "activities" / "OLD-01.html").exists(), "the old layout's own page, no longer made, goes"


@pytest.mark.parametrize("where", ["output", "output/activities", "output/register.html",
                                   ".output.registry-manifest.json", ".output.registry-staging-x",
                                   ".output.registry-lock"])
def test_a_link_in_the_output_path_is_refused(example: Path, tmp_path: Path, run, where: str) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    assert run("build", example, "--format", "html").exit_code == 0
    link = example / where
    if link.is_dir():
        os.rename(link, tmp_path / "moved")
    elif link.exists():
        link.unlink()
    link.symlink_to(target)
    one_line_error(run("build", example, "--format", "html"), where.rpartition("/")[2], "link")
    assert [p.name for p in target.iterdir()] == ["keep.txt"] and (target / "keep.txt").read_text() == "mine"


def test_an_export_or_report_over_a_link_is_refused(example: Path, tmp_path: Path, run) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("mine")
    (tmp_path / "register.csv").symlink_to(secret)
    one_line_error(run("export", example, "--format", "csv", "--out", tmp_path / "register.csv"), "link")
    (tmp_path / "schemas").symlink_to(tmp_path / "elsewhere")
    one_line_error(run("schema", "--out", tmp_path / "schemas"), "link")
    assert secret.read_text() == "mine" and not (tmp_path / "elsewhere").exists()
    with pytest.raises(RegistryError, match="activities is a link"):
        (tmp_path / "into").mkdir()
        (tmp_path / "into" / "activities").symlink_to(tmp_path)
        create_files({"registry.yaml": b"x", "activities/a.yaml": b"x"}, tmp_path / "into")
    assert not (tmp_path / "into" / "registry.yaml").exists() and not (tmp_path / "a.yaml").exists()


def test_files_and_folders_follow_the_umask(example: Path, tmp_path: Path, run, umask: None) -> None:
    assert run("build", example, "--format", "html").exit_code == 0
    assert run("export", example, "--format", "csv", "--out", tmp_path / "register.csv").exit_code == 0
    assert run("schema", "--out", tmp_path / "schemas").exit_code == 0
    assert run("notice", example, "GC-01", "--format", "txt", "--out", tmp_path / "notices").exit_code == 0
    for root in (example / "output", tmp_path / "schemas", tmp_path / "notices"):
        for path in [root, *root.rglob("*")]:
            assert stat.S_IMODE(path.stat().st_mode) == (0o755 if path.is_dir() else 0o644), path
    assert stat.S_IMODE((tmp_path / "register.csv").stat().st_mode) == 0o644
    os.umask(0o027)
    write_outputs([Artifact("a/b.html", b"1")], tmp_path / "private")
    replace_files({"c.json": b"1"}, tmp_path / "private")
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [tmp_path / "private", *(tmp_path / "private").rglob("*")]}
    assert modes == {"private": 0o750, "a": 0o750, "b.html": 0o640, "c.json": 0o640}


def test_the_readme_publishing_recipe_works(example: Path, tmp_path: Path, run, umask: None) -> None:
    """``cp -r output dest`` (and tar, zip) copies plain, readable files: no link, 0644 and 0755."""
    recipe = "cp -r output /var/www/registre"
    assert recipe in README.read_text(encoding="utf-8")
    assert run("build", example, "--format", "html").exit_code == 0
    assert run("build", example, "--format", "html").exit_code == 0
    subprocess.run(["cp", "-r", "output", str(tmp_path / "published")], cwd=example, check=True)
    with tarfile.open(tmp_path / "output.tar", "w") as archive:
        archive.add(example / "output", arcname="output")
    with tarfile.open(tmp_path / "output.tar") as archive:
        members = archive.getmembers()
    assert members and not any(m.issym() or m.islnk() for m in members)
    if shutil.which("zip"):
        subprocess.run(["zip", "-qry", str(tmp_path / "output.zip"), "output"], cwd=example, check=True)
        with zipfile.ZipFile(tmp_path / "output.zip") as archive:
            assert not any(stat.S_ISLNK(info.external_attr >> 16) for info in archive.infolist())
            assert len(archive.infolist()) == len(members)
    published = [tmp_path / "published", *(tmp_path / "published").rglob("*")]
    assert len(published) == len(members) and (tmp_path / "published" / "register.html").stat().st_size > 10_000
    for path in published:
        assert not path.is_symlink()
        assert stat.S_IMODE(path.stat().st_mode) == (0o755 if path.is_dir() else 0o644), path


HOLD_LOCK = ("import sys, time\nfrom pathlib import Path\nfrom registry.write.lock import locked\n"
             "with locked(Path(sys.argv[1]), Path('output')):\n    print('held', flush=True)\n    time.sleep(30)\n")


def test_a_second_build_into_a_busy_folder_waits_then_refuses(example: Path, run,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.5)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(example / ".output.registry-lock")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        started = time.monotonic()
        one_line_error(run("build", example, "--format", "html"), "another registry command is writing")
        assert time.monotonic() - started >= 0.5
        assert not (example / "output").exists()
    finally:
        holder.kill()
        holder.wait()
    assert run("build", example, "--format", "html").exit_code == 0, "a lock whose holder died is free"
    assert not (example / ".output.registry-lock").exists(), "no lock file stays behind"


CONCURRENT_WRITE = (
    "import sys\nfrom pathlib import Path\nfrom registry.write.staged import Artifact, write_outputs\n"
    "tag = sys.argv[1].encode()\n"
    "for _ in range(3):\n"
    "    write_outputs([Artifact(f'activities/{i}.html', tag * 5000) for i in range(int(sys.argv[3]))]"
    " + [Artifact('register.html', tag)], Path(sys.argv[2]), lambda path: 'html')\n"
)


def test_concurrent_builds_do_not_interleave(tmp_path: Path) -> None:
    """Two processes writing into one folder at once: each write is whole, one after the other; the folder
    ends as one of them wrote it and the manifest describes exactly its files."""
    out = tmp_path / "output"
    writers = [subprocess.Popen([sys.executable, "-c", CONCURRENT_WRITE, tag, str(out), count])
               for tag, count in (("a", "300"), ("b", "200"))]
    assert [writer.wait() for writer in writers] == [0, 0]
    tags = {p.read_bytes()[:1] for p in out.rglob("*.html")}
    assert len(tags) == 1 and len(list(out.rglob("*.html"))) == {b"a": 301, b"b": 201}[tags.pop()]
    recorded = json.loads((tmp_path / ".output.registry-manifest.json").read_text())["files"]
    assert sorted(recorded) == sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.registry-manifest.json", "output"]


KILLED_AT = (
    "import os, signal, sys\nfrom pathlib import Path\nfrom registry.write.staged import Artifact, write_outputs\n"
    "tag, out, call, after, count = sys.argv[1].encode(), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])\n"
    "real, calls = getattr(os, call, None), []\n"
    "def dying(*args, **kwargs):\n"
    "    if len(calls) == after:\n"
    "        os.kill(os.getpid(), signal.SIGKILL)\n"
    "    calls.append(args)\n"
    "    return real(*args, **kwargs)\n"
    "if call != 'none':\n"
    "    setattr(os, call, dying)\n"
    "write_outputs([Artifact(f'activities/{i}.html', tag * 3000) for i in range(count)]"
    " + [Artifact('register.html', tag * 3000)], out, lambda path: 'html')\n"
)


@pytest.mark.parametrize(("call", "after", "count"), [
    ("replace", 0, 150), ("replace", 1, 150), ("replace", 60, 150), ("replace", 151, 150),
    ("replace", 51, 50), ("unlink", 0, 50), ("unlink", 30, 50), ("rmdir", 0, 50)])
def test_a_build_killed_at_any_point_leaves_each_file_old_or_new(tmp_path: Path, call: str, after: int,
                                                                 count: int) -> None:
    """Killed while moving files in (after 0, 1, some, all of them: the manifest's own move), while removing
    stale pages, or while removing the staging folder: every file is whole, the old one or the new one,
    and the next build removes what the killed one left beside the output."""
    out = tmp_path / "output"
    subprocess.run([sys.executable, "-c", KILLED_AT, "o", str(out), "none", "0", "100"], check=True)
    killed = subprocess.run([sys.executable, "-c", KILLED_AT, "n", str(out), call, str(after), str(count)])
    assert killed.returncode == -9
    pages = list(out.rglob("*.html"))
    assert min(count, 100) + 1 <= len(pages) <= max(count, 100) + 1
    for page in pages:
        content = page.read_bytes()
        assert len(content) == 3000 and content in (b"o" * 3000, b"n" * 3000), page
    subprocess.run([sys.executable, "-c", KILLED_AT, "f", str(out), "none", "0", str(count)], check=True)
    assert {p.read_bytes() for p in out.rglob("*.html")} == {b"f" * 3000} and len(list(out.rglob("*.html"))) == count + 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.registry-manifest.json", "output"]


def test_a_failed_move_leaves_the_output_usable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rename failing half-way (a full disk, a vanished folder): one line, files old or new, and the next
    write completes."""
    out = tmp_path / "output"
    write_outputs([Artifact(f"{i}.html", b"old") for i in range(10)], out)
    real, moved = os.replace, []

    def failing(source: str, target: str) -> None:
        if not str(target).endswith(".html"):  # the manifest, recorded before the files move in
            return real(source, target)
        if len(moved) == 4:
            raise OSError(28, "No space left on device")
        moved.append(target)
        real(source, target)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(RegistryError, match="cannot write .*output: No space left on device"):
        write_outputs([Artifact(f"{i}.html", b"new") for i in range(10)], out)
    assert sorted(p.read_bytes() for p in out.iterdir()) == [b"new"] * 4 + [b"old"] * 6
    monkeypatch.setattr(os, "replace", real)
    write_outputs([Artifact(f"{i}.html", b"new") for i in range(10)], out)
    assert {p.read_bytes() for p in out.iterdir()} == {b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.registry-manifest.json", "output"]


@pytest.mark.parametrize("manifest", [
    "{not json", "[]", '{"format": 1, "fields": [], "files": {}}',
    '{"format": 1, "fields": ["digest", "size", "inode", "mtime_ns", "series", "made_from"],'
    ' "files": {"../outside.html": ["DIGEST", 1, 1, 1, "html", null]}}',
    '{"format": 1, "fields": ["digest", "size", "inode", "mtime_ns", "series", "made_from"],'
    ' "files": {"old.html": ["DIGEST", "1", 1, 1, "html", null]}}'])
def test_a_manifest_registry_did_not_write_removes_nothing(tmp_path: Path, manifest: str) -> None:
    out = tmp_path / "output"
    write_outputs([Artifact("old.html", b"1"), Artifact("page.html", b"1")], out, lambda path: "html")
    (tmp_path / "outside.html").write_bytes(b"1")
    recorded = json.loads((tmp_path / ".output.registry-manifest.json").read_text())
    assert sorted(recorded["files"]) == ["old.html", "page.html"]
    (tmp_path / ".output.registry-manifest.json").write_text(manifest.replace("DIGEST", hashlib.sha256(b"1").hexdigest()))
    written = write_outputs([Artifact("page.html", b"1")], out, lambda path: "html")  # unknown now: only kept as is
    assert written.removed == [] and written.kept == [out / "old.html"] and (tmp_path / "outside.html").exists()
    written = write_outputs([Artifact("page.html", b"3")], out, lambda path: "html")
    assert written.kept == [out / "old.html"], "the file was not in the manifest that replaced the foreign one"


KILLED_CREATE = (
    "import os, signal, sys\nfrom pathlib import Path\nfrom registry.write.staged import create_files\n"
    "real, calls = os.link, []\n"
    "def dying(*args, **kwargs):\n"
    "    if len(calls) == 5:\n"
    "        os.kill(os.getpid(), signal.SIGKILL)\n"
    "    calls.append(args)\n"
    "    return real(*args, **kwargs)\n"
    "os.link = dying\n"
    "create_files({f'activities/{i}.yaml': b'x' * 100_000 for i in range(20)}, Path(sys.argv[1]))\n"
)


def test_new_files_are_created_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``init`` and ``import`` killed half-way leave whole files, and the next command removes what they left
    in their staging folder; without hard links, files are renamed in."""
    killed = subprocess.run([sys.executable, "-c", KILLED_CREATE, str(tmp_path / "new")])
    assert killed.returncode == -9
    assert [p.stat().st_size for p in (tmp_path / "new" / "activities").iterdir()] == [100_000] * 5
    create_files({"registry.yaml": b"x"}, tmp_path / "new")
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["activities", "registry.yaml"], "leftovers removed"
    assert [p.stat().st_nlink for p in (tmp_path / "new" / "activities").iterdir()] == [1] * 5

    def no_hard_links(*args: object, **kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_hard_links)
    created = create_files({"registry.yaml": b"x", "activities/a.yaml": b"y"}, tmp_path / "fat")
    assert [p.read_bytes() for p in created] == [b"x", b"y"]
    assert sorted(p.name for p in (tmp_path / "fat").iterdir()) == ["activities", "registry.yaml"]


def test_a_stale_page_swapped_for_a_link_or_a_folder_is_left_alone(tmp_path: Path) -> None:
    out, outside = tmp_path / "output", tmp_path / "outside.html"
    outside.write_bytes(b"1")
    write_outputs([Artifact("old.html", b"1"), Artifact("gone/old.html", b"1"), Artifact("page.html", b"1")], out,
                  lambda path: "html")
    (out / "old.html").unlink()
    (out / "old.html").symlink_to(outside)
    (out / "gone" / "old.html").unlink()
    (out / "gone" / "old.html").mkdir()
    written = write_outputs([Artifact("page.html", b"2")], out, lambda path: "html")
    assert written.removed == [] and written.kept == [out / "old.html"]
    assert (out / "old.html").is_symlink() and outside.read_bytes() == b"1" and (out / "gone" / "old.html").is_dir()


def test_a_stale_page_only_touched_or_copied_back_is_still_registrys(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_outputs([Artifact("a.html", b"1"), Artifact("b.html", b"2"), Artifact("c.html", b"3")], out,
                  lambda path: "html")
    os.utime(out / "a.html", (1, 1))
    (out / "b.html").unlink()
    (out / "b.html").write_bytes(b"2")
    (out / "c.html").write_bytes(b"4")
    written = write_outputs([Artifact("page.html", b"1")], out, lambda path: "html")
    assert written.removed == [out / "a.html", out / "b.html"] and written.kept == [out / "c.html"]


def test_a_file_system_without_locks_still_gets_its_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_locks(*args: object) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(lock.fcntl, "flock", no_locks)
    write_outputs([Artifact("register.html", b"1")], tmp_path / "output")
    assert (tmp_path / "output" / "register.html").read_bytes() == b"1"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.registry-manifest.json", "output"]


def test_a_file_registry_did_not_write_is_never_overwritten(example: Path, run) -> None:
    """A DPO's own ``privacy-policy.fr.md`` in the folder the policy is then written into was replaced without
    a word: registry overwrote a file it did not write. It now stops in one line and touches nothing."""
    site = example / "site"
    site.mkdir()
    mine = site / "privacy-policy.fr.md"
    mine.write_text("Ma politique, écrite à la main\n", encoding="utf-8")
    result = run("notice", example, "--policy", "--draft", "--out", site)
    assert result.exit_code == 1 and "not written by registry" in result.output and "Traceback" not in result.output
    assert mine.read_text(encoding="utf-8") == "Ma politique, écrite à la main\n"
    assert sorted(p.name for p in site.iterdir()) == ["privacy-policy.fr.md"]
    mine.unlink()
    assert run("notice", example, "--policy", "--draft", "--out", site).exit_code == 0
    assert run("notice", example, "--policy", "--draft", "--out", site).exit_code == 0, "its own file: replaced"


def test_a_file_holding_what_registry_writes_is_taken_as_its_own(tmp_path: Path) -> None:
    """The same bytes already there (a manifest lost, a copy put back) are no one else's: nothing to refuse."""
    out = tmp_path / "output"
    out.mkdir()
    (out / "page.html").write_bytes(b"1")
    write_outputs([Artifact("page.html", b"1")], out)
    write_outputs([Artifact("page.html", b"2")], out)
    assert (out / "page.html").read_bytes() == b"2"


def test_files_moved_in_by_a_write_stopped_half_way_stay_registrys(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The manifest is recorded before the files move in: those a killed or failed write moved are still
    replaced by the next write, even when what it writes changed meanwhile."""
    out = tmp_path / "output"
    real, moved = os.replace, []

    def failing(source: str, target: str) -> None:
        if str(target).endswith(".html") and len(moved) == 4:
            raise OSError(28, "No space left on device")
        moved.append(target)
        real(source, target)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(RegistryError):
        write_outputs([Artifact(f"{i}.html", b"first") for i in range(10)], out)
    monkeypatch.setattr(os, "replace", real)
    write_outputs([Artifact(f"{i}.html", b"second") for i in range(10)], out)
    assert {p.read_bytes() for p in out.iterdir()} == {b"second"}


def test_names_of_files_in_the_folder_reach_the_terminal_escaped(example: Path, tmp_path: Path, run) -> None:
    """A register from a zip file brings an ``output/`` whose file names hold terminal escapes (``ESC ] 52``
    writes the clipboard) and line breaks (a fake "error:" line): the build lists them, and an error names
    such a folder, each on one line with its control characters escaped."""
    out = example / "output"
    out.mkdir()
    (out / "x\x1b]0;PWNED\x07\nerror: fake").write_bytes(b"")
    result = run("build", example, "--format", "html")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output and "\nerror: fake" not in result.output
    assert "x\\u001b]0;PWNED\\u0007\\nerror: fake" in result.output
    bad = example / "o\x1b[2J"
    bad.symlink_to(tmp_path)
    result = run("build", example, "--format", "html", "--out", bad)
    assert result.exit_code == 1 and "o\\u001b[2J is a link" in result.output and "\x1b" not in result.output
