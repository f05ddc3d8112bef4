"""Where this copy of registry came from, so that a register's CI installs the same one.

pip records how it installed a distribution (``direct_url.json``, PEP 610): from
a git repository at a commit, or from a folder on this machine. A folder that
is a git checkout with a remote gives that remote at its commit; anything else
(a wheel file, a checkout without a remote) cannot be installed elsewhere, and
the caller says so rather than guess.
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from .loading.git import git_text
from .resources import checkout

DISTRIBUTION = "registre-rgpd"


def tool_source() -> str | None:
    """A pip requirement for this copy of the tool (``registre-rgpd @ git+URL@COMMIT``), or None."""
    try:
        recorded = json.loads(metadata.distribution(DISTRIBUTION).read_text("direct_url.json") or "null")
    except (metadata.PackageNotFoundError, ValueError):
        recorded = None
    return source_from(recorded if isinstance(recorded, dict) else None, checkout())


def source_from(recorded: dict | None, running_checkout: Path | None) -> str | None:
    """The requirement from pip's record of the install, else from the checkout the code runs from."""
    if recorded and isinstance(recorded.get("vcs_info"), dict) and recorded["vcs_info"].get("vcs") == "git":
        return _requirement(recorded.get("url"), recorded["vcs_info"].get("commit_id"))
    folder = running_checkout
    if recorded and "dir_info" in recorded and str(recorded.get("url", "")).startswith("file://"):
        folder = Path(unquote(urlsplit(recorded["url"]).path))
    if folder is None:
        return None
    remote, commit = git_text(folder, "remote", "get-url", "origin"), git_text(folder, "rev-parse", "HEAD")
    return _requirement(remote and remote.strip(), commit and commit.strip())


def _requirement(url: object, commit: object) -> str | None:
    if not isinstance(url, str) or not isinstance(commit, str) or not re.fullmatch(r"[0-9a-f]{40}", commit):
        return None
    scp = re.fullmatch(r"([\w.-]+@[\w.-]+):(?!//)(.+)", url)
    if scp:  # git@host:owner/name.git, as pip needs it
        url = f"ssh://{scp[1]}/{scp[2]}"
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http", "ssh") or not parts.hostname:
        return None  # a folder on this machine means nothing to CI
    if parts.scheme != "ssh":  # a token in the remote's address never reaches a file that is committed
        parts = parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else ""))
    return f"{DISTRIBUTION} @ git+{urlunsplit(parts)}@{commit}"
