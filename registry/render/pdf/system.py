"""What a PDF needs from the machine: Pango, which WeasyPrint loads when it is imported.

A machine without it made WeasyPrint print a banner and Python a traceback of
some 200 lines; this says in one line which library is missing and the command
that installs it on the machine at hand.
"""

from __future__ import annotations

import io
import re
import sys
from contextlib import redirect_stdout
from pathlib import Path
from types import ModuleType

from ...errors import RegistryError

INSTALL = {
    "debian": "sudo apt install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0",
    "fedora": "sudo dnf install pango",
    "darwin": "brew install pango",
    "win32": "install MSYS2, then in its terminal: pacman -S mingw-w64-ucrt-x86_64-pango",
}
"""The command per platform, as the README's table gives it."""


def install_command(platform: str = sys.platform, os_release: str | None = None) -> str:
    """The command that installs Pango here; on a Linux other than Debian's or Fedora's family, what to look for."""
    if platform in INSTALL:
        return INSTALL[platform]
    if os_release is None:
        try:
            os_release = Path("/etc/os-release").read_text(encoding="utf-8", errors="replace")
        except OSError:
            os_release = ""
    family = " ".join(re.findall(r"^(?:ID|ID_LIKE)=\"?([^\"\n]*)", os_release, re.M)).split()
    for name in family:
        if name in ("debian", "ubuntu"):
            return INSTALL["debian"]
        if name in ("fedora", "rhel", "centos"):
            return INSTALL["fedora"]
    return "install the Pango library (1.44 or later) with the system's package manager"


def weasyprint() -> ModuleType:
    """WeasyPrint, loaded; a one-line :class:`RegistryError` when a system library it needs is missing."""
    try:
        with redirect_stdout(io.StringIO()):  # WeasyPrint's own banner, printed before it fails
            import weasyprint as loaded
    except OSError as error:
        library = re.search(r"cannot load library '([^']+)'", str(error))
        missing = library[1] if library else str(error).splitlines()[0]
        raise RegistryError(f"a PDF needs the Pango library, which this machine lacks ({missing}): "
                            f"{install_command()}") from None
    return loaded
