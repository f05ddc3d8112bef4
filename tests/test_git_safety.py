"""A register shared with its ``.git`` is a stranger's repository: git, as the tool runs it, runs none of its
commands, takes no revision for an option, reads names exactly and sizes before contents."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import FIXTURE
from .test_history import commit

VECTORS = ("fsmonitor", "post-index-change", "clean-filter", "smudge-filter", "textconv", "gpg", "external-diff",
           "pager")
"""What a repository's configuration may ask git to run; each writes a marker file when it runs."""


def _script(folder: Path, name: str, body: str = "") -> Path:
    """A program that leaves ``name`` in the markers folder, then does ``body`` (pass its input on, say)."""
    path = folder / f"{name}.sh"
    path.write_text(f"#!/bin/sh\ntouch '{folder / 'markers' / name}'\n{body}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def _signed_head(root: Path) -> None:
    """HEAD made a commit with a signature, which ``log.showSignature`` would hand to ``gpg.program``."""
    body = subprocess.run(["git", "-C", str(root), "cat-file", "commit", "HEAD"], capture_output=True, check=True).stdout
    header, _, message = body.partition(b"\n\n")
    signature = b"gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----"
    signed = header + b"\n" + signature + b"\n\n" + message
    sha = subprocess.run(["git", "-C", str(root), "hash-object", "-t", "commit", "-w", "--stdin"], input=signed,
                         capture_output=True, check=True).stdout.decode().strip()
    subprocess.run(["git", "-C", str(root), "update-ref", "HEAD", sha], check=True)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The example register in a repository whose configuration runs a program of its own through every vector
    it has, with an uncommitted edit so that ``git status`` would refresh the index and filter the file."""
    root = tmp_path / "register"
    shutil.copytree(FIXTURE, root)
    (tmp_path / "markers").mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    commit(root, "2025-01-10", "register")
    (root / ".gitattributes").write_text("*.yaml filter=evil diff=evil\n", encoding="utf-8")
    commit(root, "2025-02-10", "attributes")
    _signed_head(root)
    config = {
        "core.fsmonitor": _script(tmp_path, "fsmonitor"),
        "filter.evil.clean": _script(tmp_path, "clean-filter", "cat"),
        "filter.evil.smudge": _script(tmp_path, "smudge-filter", "cat"),
        "diff.evil.textconv": _script(tmp_path, "textconv", 'cat "$1"'),
        "gpg.program": _script(tmp_path, "gpg", "exit 1"),
        "log.showSignature": "true",
        "diff.external": _script(tmp_path, "external-diff"),
        "core.pager": _script(tmp_path, "pager", "cat"),
    }
    for key, value in config.items():
        subprocess.run(["git", "-C", str(root), "config", key, str(value)], check=True)
    hook = root / ".git" / "hooks" / "post-index-change"
    hook.write_text(_script(tmp_path, "post-index-change").read_text(encoding="utf-8"), encoding="utf-8")
    hook.chmod(0o755)
    edited = root / "activities" / "statistiques.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "# relu\n", encoding="utf-8")
    os.utime(root / "activities" / "gestion-clients.yaml", (2e9, 2e9))  # status would compare its content, filtered
    return root


def test_the_vectors_run_under_plain_git(hostile: Path) -> None:
    """The fixture is armed: git run as a user would run it fires them."""
    subprocess.run(["git", "-C", str(hostile), "status"], capture_output=True, check=True)
    subprocess.run(["git", "-C", str(hostile), "log", "-1"], capture_output=True, check=True)
    fired = {p.name for p in (hostile.parent / "markers").iterdir()}
    assert {"fsmonitor", "post-index-change", "clean-filter", "gpg"} <= fired


@pytest.mark.parametrize("command", [
    ("build", "--format", "html"),
    ("build", "--format", "html", "--at", "HEAD"),
    ("build", "--format", "html", "--changes-since", "2025-01-10"),
    ("notice", "GC-01"),
    ("check",),
    ("diff",),
])
def test_no_command_runs_what_the_repository_configures(run, hostile: Path, command: tuple[str, ...]) -> None:
    args = ("diff", "2025-01-10", "--register", hostile) if command == ("diff",) else (command[0], hostile, *command[1:])
    result = run(*args)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (hostile.parent / "markers").iterdir()) == []
    if command[0] == "build" and "--at" not in command:
        # the edit outside git's eyes still shows: the version is marked modified, as git status would say
        assert "(modifiée depuis ce commit)" in (hostile / "output" / "register.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("option", [("build", "{root}", "--at"), ("build", "{root}", "--changes-since"),
                                    ("diff", "--register", "{root}", "--")])
def test_a_revision_is_never_an_option(run, example: Path, tmp_path: Path, option: tuple[str, ...]) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(example)], check=True)
    commit(example, "2025-01-10", "register")
    target = tmp_path / "overwritten"
    target.write_text("kept\n", encoding="utf-8")
    result = run(*(part.format(root=example) for part in option), f"--output={target}")
    assert result.exit_code == 2
    assert f"'--output={target}' is not a revision" in result.output
    assert target.read_text(encoding="utf-8") == "kept\n"


def test_the_library_refuses_an_option_for_a_revision(example: Path, tmp_path: Path) -> None:
    from registry.errors import RegistryError
    from registry.loading.history import resolve

    subprocess.run(["git", "init", "-q", "-b", "main", str(example)], check=True)
    commit(example, "2025-01-10", "register")
    with pytest.raises(RegistryError, match="cannot start with '-'"):
        resolve(example, f"--output={tmp_path / 'x'}")
    assert not (tmp_path / "x").exists()
    with pytest.raises(RegistryError, match="no revision 'HEAD --all'"):  # one argument, never split
        resolve(example, "HEAD --all")


def test_activity_files_with_accented_names_are_read_at_every_revision(run, example: Path) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(example)], check=True)
    (example / "activities" / "gestion-clients.yaml").rename(example / "activities" / "clients-société.yaml")
    commit(example, "2025-01-10", "register")
    (example / "activities" / "prospection.yaml").unlink()
    commit(example, "2025-02-10", "no more prospecting")
    result = run("diff", "2025-01-10", "--register", example, "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"GC-01"' not in result.output  # unchanged: neither added nor removed
    assert '"PR-01"' in result.output and '"removed"' in result.output
    from registry.loading.history import file_dates

    assert file_dates(example)["activities/clients-société.yaml"].created.isoformat() == "2025-01-10"


def test_a_blob_over_the_size_limit_is_refused_unread(run, example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(example)], check=True)
    big = example / "activities" / "big.yaml"
    big.write_bytes(b"# " + b"x" * (1024 * 1024 + 10) + b"\n")
    commit(example, "2025-01-10", "a large file")
    big.unlink()
    commit(example, "2025-02-10", "removed")
    read: list[list[str]] = []
    import registry.loading.history as history

    cat = history._cat
    monkeypatch.setattr(history, "_cat", lambda root, shas: read.append(shas) or cat(root, shas))
    result = run("diff", "2025-01-10", "--register", example)
    assert result.exit_code == 1
    assert "V017" in result.output and "activities/big.yaml" in result.output and "too large" in result.output
    big_blob = subprocess.run(["git", "-C", str(example), "rev-parse", "HEAD~1:activities/big.yaml"],
                              capture_output=True, text=True, check=True).stdout.strip()
    assert not any(big_blob in shas for shas in read), "its size was known before reading it"


def test_a_link_out_of_the_register_in_history_is_refused(run, example: Path, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(example)], check=True)
    (tmp_path / "secret.yaml").write_text("secret: the CI token\n", encoding="utf-8")
    (example / "activities" / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    (example / "activities" / "inside.yaml").symlink_to("statistiques.yaml")
    commit(example, "2025-01-10", "links")
    (example / "activities" / "link.yaml").unlink()
    commit(example, "2025-02-10", "the link removed: only the history holds it")
    result = run("diff", "2025-01-10", "--register", example)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "activities/link.yaml:1:1: error: V015" in result.output and "CI token" not in result.output


def test_a_damaged_repository_is_one_line(run, example: Path) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(example)], check=True)
    commit(example, "2025-01-10", "register")
    edited = example / "activities" / "statistiques.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "# relu\n", encoding="utf-8")
    commit(example, "2025-02-10", "edit")
    blob = subprocess.run(["git", "-C", str(example), "rev-parse", "HEAD~1:activities/gestion-clients.yaml"],
                          capture_output=True, text=True, check=True).stdout.strip()
    os.remove(example / ".git" / "objects" / blob[:2] / blob[2:])
    result = run("diff", "2025-01-10", "--register", example, "--no-cache")  # a cache may know the blob unread
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and len(result.output.strip().splitlines()) == 1, result.output
    assert "missing" in result.output or "damaged" in result.output


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="changing a folder's owner needs root")
def test_a_repository_of_another_user_is_refused_by_git_in_one_line(run, example: Path) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(example)], check=True)
    commit(example, "2025-01-10", "register")
    shutil.chown(example, "nobody")
    result = run("diff", "2025-01-10", "--register", example)
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, result.output
    assert "dubious ownership" in result.output and "safe.directory" in result.output


def _commit_index(root: Path, day: str, message: str) -> None:
    """Commit the index as it is (``commit`` adds the working tree first)."""
    stamp = f"{day}T12:00:00+00:00"
    subprocess.run(["git", "-C", str(root), "-c", "user.name=DPO", "-c", "user.email=dpo@example.org", "commit", "-q",
                    "-m", message], check=True, env={**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})


def test_a_committed_link_is_sized_before_it_is_read(run, example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A link's blob holds where it leads; one of two megabytes leads nowhere and is refused unread."""
    import registry.loading.history as history

    subprocess.run(["git", "init", "-q", "-b", "main", str(example)], check=True)
    commit(example, "2025-01-05", "register")
    blob = subprocess.run(["git", "-C", str(example), "hash-object", "-w", "--stdin"], input=b"../" * 700_000,
                          capture_output=True, check=True).stdout.decode().strip()
    subprocess.run(["git", "-C", str(example), "update-index", "--add", "--cacheinfo",
                    f"120000,{blob},activities/huge-link.yaml"], check=True)
    _commit_index(example, "2025-01-10", "a link that is not one")
    subprocess.run(["git", "-C", str(example), "rm", "-q", "--cached", "activities/huge-link.yaml"], check=True)
    _commit_index(example, "2025-02-10", "removed")
    read: list[list[str]] = []
    cat = history._cat
    monkeypatch.setattr(history, "_cat", lambda root, shas: read.append(shas) or cat(root, shas))
    result = run("diff", "2025-01-10", "--register", example, "--no-cache")
    assert result.exit_code == 1 and "activities/huge-link.yaml:1:1: error: V015" in result.output, result.output
    assert not any(blob in shas for shas in read)


def test_a_file_named_like_a_pattern_has_only_its_own_history(example: Path) -> None:
    """Paths given to git are paths, never patterns: ``t[1].yaml`` is not also ``t1.yaml``."""
    from registry.loading.history import last_changes_of_substance

    subprocess.run(["git", "init", "-q", "-b", "main", str(example)], check=True)
    (example / "activities" / "t[1].yaml").write_text("# mine\n", encoding="utf-8")
    commit(example, "2025-01-10", "one")
    (example / "activities" / "t1.yaml").write_text("# another\n", encoding="utf-8")
    commit(example, "2025-02-10", "another")
    changes = last_changes_of_substance(example)
    assert (str(changes["activities/t[1].yaml"].day), str(changes["activities/t1.yaml"].day)) == \
        ("2025-01-10", "2025-02-10")


def test_an_unknown_revision_for_the_changes_annex_stops_the_build(run, example: Path) -> None:
    """``--changes-since`` with a typo built a French register whose annex E read "Historique indisponible :
    no revision 'v1.0' in this repository", git's English in an auditor's document, and exited 0."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(example)], check=True)
    commit(example, "2025-01-10", "register")
    result = run("build", example, "--format", "html", "--changes-since", "v1.0")
    assert result.exit_code == 1 and "no revision 'v1.0'" in result.output, result.output
    assert "Traceback" not in result.output and not (example / "output").exists()


def test_a_damaged_history_is_said_in_the_register_s_language(run, example: Path) -> None:
    """Annex E, asked for by default, cannot read a damaged history: the annex says so in French, without
    quoting git, and the build still goes on (the register of today does not depend on its past)."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(example)], check=True)
    commit(example, "2025-01-10", "register")
    tree = subprocess.run(["git", "-C", str(example), "rev-parse", "HEAD^{tree}"], check=True, capture_output=True,
                          text=True).stdout.strip()
    (example / ".git" / "objects" / tree[:2] / tree[2:]).unlink()
    result = run("build", example, "--format", "html", "--changes-since", "2025-06-01")
    assert result.exit_code == 1 and "cannot read the register's history" in result.output, result.output
    result = run("build", example, "--format", "html")
    assert result.exit_code == 0, result.output
    annex = (example / "output" / "register.html").read_text(encoding="utf-8").split('id="annex-changes"')[1]
    assert "Historique indisponible : l&#39;historique des versions du registre est illisible" in annex
    assert "tree" not in annex.split("</section>")[0]


def test_a_link_to_a_hidden_file_in_history_is_refused(run, example: Path) -> None:
    """A committed ``.env`` and an activity linked to it, read at a past revision: refused unread, as in the
    working tree."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(example)], check=True)
    (example / ".env").write_text("secret: the CI token\n", encoding="utf-8")
    (example / "activities" / "env.yaml").symlink_to("../.env")
    commit(example, "2025-01-10", "a link to a hidden file")
    (example / "activities" / "env.yaml").unlink()
    commit(example, "2025-02-10", "the link removed: only the history holds it")
    result = run("diff", "2025-01-10", "--register", example)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "activities/env.yaml:1:1: error: V015" in result.output and "CI token" not in result.output


def test_a_repository_whose_files_block_costs_one_short_wait(run, example: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A tarball brings ``.git/HEAD`` as a named pipe: every git command waited its two minutes, and ``check``
    runs several. Git is given up on after one short wait, and the command goes on without the history."""
    import time

    import registry.loading.git

    monkeypatch.setattr(registry.loading.git, "QUICK_SECONDS", 1)
    subprocess.run(["git", "init", "-q", "-b", "main", str(example)], check=True)
    commit(example, "2025-01-10", "register")
    (example / ".git" / "HEAD").unlink()
    os.mkfifo(example / ".git" / "HEAD")
    started = time.perf_counter()
    result = run("check", example, "--no-cache")
    assert "Traceback" not in result.output and result.exit_code in (0, 1), result.output
    assert time.perf_counter() - started < 15


def test_a_register_too_heavy_in_all_is_refused_before_it_is_held(tmp_path: Path, monkeypatch) -> None:
    """Each file within its limit, all of them together past the register's: refused in one line, in the
    working tree as at a past revision, before more than the limit is held in memory."""
    import registry.loading.history as history
    import registry.loading.reader as reader
    from registry import load

    root = tmp_path / "register"
    shutil.copytree(FIXTURE, root)
    monkeypatch.setattr(reader, "MAX_REGISTER_BYTES", 4000)
    monkeypatch.setattr(history, "MAX_REGISTER_BYTES", 4000)
    result = load(root)
    assert not result.ok and any(p.code == "V017" and "together" in p.message for p in result.problems)
    subprocess.run(["git", "-C", str(root), "init", "-q"], check=True)
    subprocess.run(["git", "-C", str(root), "add", "."], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=DPO", "-c", "user.email=dpo@example.org", "commit", "-q",
                    "-m", "register"], check=True)
    tree = history.register_tree(root, history.resolve(root, "HEAD"))
    assert any(p.code == "V017" and "together" in p.message for p in tree.problems)
    assert set(tree.blobs) <= {"registry.yaml"}
