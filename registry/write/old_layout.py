"""Earlier versions of registry kept ``output`` as a link to ``.output.generations/build-…``.

Such an output becomes a plain folder holding the same files, once. Only that exact shape is
migrated: a ``.output.generations`` that is itself a link (committed by someone, to ``..`` or
``~/Documents``) is never followed nor emptied, and ``output`` stays a link, which the writer refuses.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

from .folders import status_of

MARKER = ".registry-output"
"""The file every generation of the old layout held."""

OLD_OUTPUTS = re.compile(r"register(\.\w\w)?\.(html|pdf)|(activities|notices)/[^/]+\.html"
                         r"|[^/]+\.(full|short|first-contact)\.\w\w\.(md|html|txt|pdf|docx)"
                         r"|(privacy-policy|partners)\.\w\w\.(md|html|txt|pdf|docx)")
"""The names of the files the old layout's builds and notices wrote: after the migration, the only files
of the folder that registry may later remove (anything else there was put by someone)."""


def _generation(out: Path) -> Path | None:
    """The generation ``out`` links to, when it has exactly the old layout's shape."""
    generations = out.parent / f".{out.name}.generations"
    try:
        parts = Path(os.readlink(out)).parts
    except OSError:
        return None
    if len(parts) != 2 or parts[0] != generations.name or not parts[1].startswith("build-"):
        return None
    folders, generation = status_of(generations), status_of(generations / parts[1])
    marker = status_of(generations / parts[1] / MARKER)
    if folders is None or generation is None or marker is None:
        return None
    if not (stat.S_ISDIR(folders.st_mode) and stat.S_ISDIR(generation.st_mode) and stat.S_ISREG(marker.st_mode)):
        return None  # S_ISDIR is false for a link: lstat does not follow it
    return generations / parts[1]


def migrate(out: Path) -> bool:
    """Turn an old-layout ``out`` into a plain folder with the same files; whether it was one."""
    generation = _generation(out)
    if generation is None:
        return False
    os.unlink(out)
    os.rename(generation, out)
    os.unlink(out / MARKER)
    for entry in generation.parent.iterdir():  # earlier generations and their manifests: registry's own
        if stat.S_ISDIR(os.lstat(entry).st_mode):
            shutil.rmtree(entry)  # removes links inside it, never what they point to
        else:
            os.unlink(entry)
    os.rmdir(generation.parent)
    return True
