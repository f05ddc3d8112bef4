"""The cache trusts nothing (issue 23 item 5): its key is kept apart, in a private folder of the user's own;
a folder of another user or open to others is not used; entries are opened without following links,
only as regular files of a sensible size, and written private, never through a planted link."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import registry.cache.store
from registry.cache.keys import digest
from registry.cache.store import KEY_FILE, Cache, key_folder

STRANGER = 4242
"""A user id that is not the one running the tests (they run as root here, which may give files away)."""


def _entry(folder: Path, name: str) -> Path:
    key = digest(name)
    return folder / key[:2] / key[2:]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_the_key_lives_apart_in_a_private_place_and_entries_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cache = Cache(folder)
    cache.put(digest("value"), "kept")
    assert Cache(folder).get(digest("value")) == "kept"
    key = key_folder() / KEY_FILE
    assert key.is_file() and not key.is_relative_to(folder) and not list(folder.rglob("*secret*"))
    assert (_mode(key_folder()), _mode(key)) == (0o700, 0o600)
    entry = _entry(folder, "value")
    assert (_mode(folder), _mode(entry.parent), _mode(entry)) == (0o700, 0o700, 0o600)
    assert cache.refused is None


def test_a_key_planted_by_another_user_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whoever can write the key can sign a pickle that runs code: a key another user owns, or could
    have written or read, disables the cache (with the reason), and is never replaced."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    Cache(tmp_path / "cache")
    key = key_folder() / KEY_FILE
    planted = key.read_bytes()

    os.chown(key, STRANGER, STRANGER)
    refused = Cache(tmp_path / "cache")
    assert refused.folder is None and not refused.remembers and "another user" in (refused.refused or "")
    refused.put(digest("value"), "kept")
    assert refused.get(digest("value")) is None

    os.chown(key, os.geteuid(), os.getegid())
    key.chmod(0o644)
    assert "other users" in (Cache(tmp_path / "cache").refused or ""), "a key others may read"
    key.chmod(0o600)
    key_folder().chmod(0o777)
    assert "other users" in (Cache(tmp_path / "cache").refused or ""), "a folder others may write"
    key_folder().chmod(0o700)
    os.chown(key_folder(), STRANGER, STRANGER)
    assert "another user" in (Cache(tmp_path / "cache").refused or "")
    os.chown(key_folder(), os.geteuid(), os.getegid())

    key.unlink()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(planted)
    key.symlink_to(elsewhere)
    assert "cannot be read safely" in (Cache(tmp_path / "cache").refused or ""), "a key that is a link"
    assert key.is_symlink() and elsewhere.read_bytes() == planted, "left as it was"


@pytest.mark.parametrize("shared", ["owner", "mode", "link"])
def test_a_cache_folder_of_another_user_or_open_to_others_is_not_used(shared: str, example: Path, tmp_path: Path,
                                                                      run) -> None:
    """A cache folder that came with a repository or a shared drive, that others may write, or a link
    another user made to a folder of the user's: the command works, without it, and says so in one line."""
    folder = target = tmp_path / "shared"
    folder.mkdir(mode=0o700)
    if shared == "owner":
        os.chown(folder, STRANGER, STRANGER)
    elif shared == "mode":
        folder.chmod(0o777)
    else:
        folder = tmp_path / "planted"
        folder.symlink_to(target)
        os.lchown(folder, STRANGER, STRANGER)
    result = run("validate", example, "--cache", folder)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and str(folder) in warnings[0] and "cache is not used" in warnings[0]
    assert list(target.iterdir()) == [], "nothing written there"


def test_a_named_pipe_in_place_of_an_entry_is_a_miss_not_a_hang(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cache = Cache(folder)
    entry = _entry(folder, "piped")
    entry.parent.mkdir(mode=0o700)
    os.mkfifo(entry)
    assert cache.get(digest("piped")) is None
    cache.put(digest("piped"), "kept")
    assert Cache(folder).get(digest("piped")) == "kept" and entry.is_file(), "the pipe replaced"


@pytest.mark.parametrize("target", ["/dev/zero", "outside"])
def test_a_link_in_place_of_an_entry_is_neither_read_nor_written_through(target: str, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cache = Cache(folder)
    outside = tmp_path / "outside"
    outside.write_bytes(b"the user's own file")
    entry = _entry(folder, "linked")
    entry.parent.mkdir(mode=0o700)
    entry.symlink_to(outside if target == "outside" else Path(target))
    assert cache.get(digest("linked")) is None
    cache.put(digest("linked"), "kept")
    assert outside.read_bytes() == b"the user's own file", "never written through the link"
    assert not entry.is_symlink() and Cache(folder).get(digest("linked")) == "kept"


def test_a_bucket_that_is_a_link_is_refused(tmp_path: Path) -> None:
    folder, outside = tmp_path / "cache", tmp_path / "outside"
    cache = Cache(folder)
    outside.mkdir()
    entry = _entry(folder, "bucket")
    entry.parent.symlink_to(outside)
    cache.put(digest("bucket"), "kept")
    assert list(outside.iterdir()) == [], "nothing written through the link"
    (outside / entry.name).write_bytes(b"x" * 64)
    assert cache.get(digest("bucket")) is None


def test_an_entry_over_the_size_limit_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its size is checked before anything is read: a planted file of 64 MiB costs no memory."""
    import tracemalloc

    folder = tmp_path / "cache"
    cache = Cache(folder)
    entry = _entry(folder, "large")
    entry.parent.mkdir(mode=0o700)
    with open(entry, "wb") as stream:
        stream.truncate(64 * 1024 * 1024)
    monkeypatch.setattr(registry.cache.store, "MAX_ENTRY", 1024 * 1024)
    tracemalloc.start()
    try:
        assert cache.get(digest("large")) is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024


def test_the_sweep_stamp_is_not_written_through_a_link(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    (folder / "swept").symlink_to(tmp_path / "created-outside")
    Cache(folder)
    assert not (tmp_path / "created-outside").exists()


def test_a_system_that_cannot_guard_its_entries_has_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without links refused on opening (Windows, for one), the cache is not used, and says why."""
    monkeypatch.setattr(registry.cache.store, "_GUARDED", False)
    cache = Cache(tmp_path / "cache")
    assert not cache.remembers and "without following links" in (cache.refused or "")
    assert not (tmp_path / "cache").exists()


def test_a_sweep_stamp_that_is_a_named_pipe_is_not_waited_for(tmp_path: Path) -> None:
    """A cache folder that comes with a repository holds ``swept`` as an old named pipe: opening it to write
    waited for a reader for ever, so every command given that ``--cache`` hung."""
    import subprocess
    import sys

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    os.mkfifo(folder / "swept")
    os.utime(folder / "swept", (0, 0))  # a sweep is due
    done = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                           "from registry.cache.store import Cache; Cache(Path(sys.argv[1]))", str(folder)],
                          capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO((folder / "swept").lstat().st_mode), "the pipe left as it is"
