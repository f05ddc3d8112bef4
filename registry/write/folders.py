"""The folders registry writes into are plain folders: a link in the way is refused, never followed.

A register comes from strangers (a pull request, a zip file, a shared drive): a link committed as
``output/activities`` would make a build write, or remove, files anywhere the user can.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import RegistryError


def link_refused(path: Path | str) -> RegistryError:
    return RegistryError(f"{path} is a link: registry writes only into plain folders and follows no link; "
                         "remove the link or choose another folder")


def status_of(path: Path | str) -> os.stat_result | None:
    """What ``path`` itself is (a link is not followed), or None when there is nothing."""
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def plain_folder(path: Path, create: bool = True) -> bool:
    """Check that ``path`` is a plain folder, making it when absent and ``create``; whether it exists."""
    status = status_of(path)
    if status is None:
        if create:
            path.mkdir()  # the umask decides its mode, 0755 by default
        return create
    if stat.S_ISLNK(status.st_mode):
        raise link_refused(path)
    if not stat.S_ISDIR(status.st_mode):
        raise RegistryError(f"{path} is not a folder")
    return True


class Folders:
    """The folders under ``root`` that files go into, each checked once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.checked: dict[str, bool] = {"": True}

    def exists(self, folder: str, create: bool = False) -> bool:
        """Whether ``folder`` (relative, '/' separators) and each folder above it are plain folders;
        with ``create``, the missing ones are made. A link or a file in the way is refused."""
        if self.checked.get(folder) or (folder in self.checked and not create):
            return self.checked[folder]
        parent = folder.rpartition("/")[0]
        found = self.exists(parent, create) and plain_folder(self.root / folder, create)
        self.checked[folder] = found
        return found


def target_status(path: Path) -> os.stat_result | None:
    """The file about to be replaced: absent, or a file; a link or a folder in its place is refused."""
    status = status_of(path)
    if status is not None and stat.S_ISLNK(status.st_mode):
        raise link_refused(path)
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise RegistryError(f"{path} is a folder: registry would write a file there")
    return status
