"""Any workbook read as grids, whatever its format: the archive checked first, then the format's own reader."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import RegistryError
from .archive import read_archive, repacked
from .grid import Grid
from .limits import Budget
from .read_ods import read_ods
from .read_xlsx import read_xlsx


def read_workbook(path: Path) -> list[Grid]:
    """Every sheet of an .xlsx or .ods file, in order; a located error for anything else, and
    :class:`~.limits.OverLimit` for a file that asks for more than a register holds (see ``limits``)."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".ods"):
        raise RegistryError(f"{path}: expected a .ods or .xlsx spreadsheet")
    try:
        contents = read_archive(path)
        if suffix == ".ods":
            return read_ods(contents["content.xml"], Budget())
        return read_xlsx(repacked(contents), Budget())
    except RegistryError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise RegistryError(f"{path}: not a readable {suffix[1:]} workbook ({error})") from None
    except Exception as error:  # the libraries' own errors on damaged files: still the user's file, not our bug
        raise RegistryError(f"{path}: not a readable {suffix[1:]} workbook ({type(error).__name__}: {error})") from None
