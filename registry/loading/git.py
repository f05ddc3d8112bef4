"""Every git command the tool runs, run so that nothing the repository configures can run with it.

A register travels with its ``.git`` (a tarball, a zip, a shared drive), so its
configuration is a stranger's: ``core.fsmonitor``, hooks, ``gpg.program``,
external diff and textconv drivers would run their commands on the machine of
whoever builds. Each call overrides them on its command line, where git gives
them precedence over the repository's own; the tool runs only commands that
apply no clean or smudge filter (blobs are read with ``cat-file``, never
``show`` or ``status``) and no command that writes the index.
"""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

OVERRIDES = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "core.quotePath=false",
    "core.untrackedCache=false",
    "diff.external=",
    "log.showSignature=false",
    "gpg.program=false",
    "gpg.ssh.program=false",
    "gpg.x509.program=false",
)
"""Settings under which a repository's configuration would run a command of its own."""

SAFE_ENVIRONMENT = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",  # no opportunistic index refresh, which would run fsmonitor and index hooks
    "GIT_LITERAL_PATHSPECS": "1",  # a path is a path: a folder or a committed link named ':(glob)**' matches itself
    "GIT_PAGER": "cat",
    "LC_ALL": "C",
}
"""The user's global configuration is theirs and kept (their ``safe.directory`` among it); the system's is not read."""

TIMEOUT_SECONDS = 120
QUICK_SECONDS = 20
"""For ``rev-parse``, which answers at once in any repository: one that does not (its ``.git/HEAD`` a named
pipe, from a tarball) is given up on sooner."""
_STALLED: set[str] = set()
"""The repositories in which git did not answer in time: not asked again by this process, so that a
repository whose files block every read costs one wait, not one per command run in it."""


class GitFailed(Exception):
    """Git could not answer; ``message`` is its first line of explanation."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """The output of ``git ARGS`` run in ``root`` under :data:`OVERRIDES`; :class:`GitFailed` when it fails.

    Callers put ``--end-of-options`` (or ``--``) before anything a user typed, so that it is never an option."""
    if str(root) in _STALLED:
        raise GitFailed("git did not answer in this repository earlier")
    command = ["git", "-C", str(root), *(part for setting in OVERRIDES for part in ("-c", setting)), *args]
    timeout = QUICK_SECONDS if args[:1] == ("rev-parse",) else TIMEOUT_SECONDS
    try:
        returncode, stdout, stderr = _run(command, stdin, timeout)
    except FileNotFoundError:
        raise GitFailed("git is not installed") from None
    except subprocess.TimeoutExpired:
        _STALLED.add(str(root))
        raise GitFailed(f"git did not answer within {timeout} s") from None
    except OSError as error:
        raise GitFailed(f"git cannot run: {error.strerror or error}") from None
    if returncode != 0:
        lines = stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitFailed(lines[0].removeprefix("fatal: ").removeprefix("error: ") if lines else
                        f"git {args[0] if args else ''} failed")
    return stdout


def _run(command: list[str], stdin: bytes | None, timeout: float) -> tuple[int, bytes, bytes]:
    """The command's exit code and output, the command killed past ``timeout``. A timer kills it, rather than
    ``subprocess.run(timeout=…)``, whose wait for the exit polls with sleeps: a millisecond or two for every
    call, 0.16 s of a ``check`` that runs git 200 times."""
    with subprocess.Popen(command, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env={**os.environ, **SAFE_ENVIRONMENT}) as process:
        expired = threading.Event()

        def stop() -> None:
            expired.set()
            process.kill()

        timer = threading.Timer(timeout, stop)
        timer.start()
        try:
            stdout, stderr = process.communicate(stdin)
        finally:
            timer.cancel()
    if expired.is_set():
        raise subprocess.TimeoutExpired(command, timeout)
    return process.returncode, stdout, stderr


def git_text(root: Path, *args: str) -> str | None:
    """The output as text, or None when git or the repository cannot answer (outside a repository, say)."""
    try:
        return git(root, *args).decode("utf-8", "replace")
    except GitFailed:
        return None
