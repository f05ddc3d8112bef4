"""registry: a GDPR record of processing activities kept as YAML in git.

The library API: :func:`load` reads and validates a register folder; the CLI
(:mod:`registry.cli`) is a thin layer over it. The loader (and the model it validates with) is
imported when first asked for: a command that finds its answer remembered never imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .problems import Problem, Severity
from .release import __version__

if TYPE_CHECKING:
    from .loading.loader import LoadResult, load

__all__ = ["LoadResult", "Problem", "Severity", "__version__", "load"]


def __getattr__(name: str) -> Any:
    if name in ("LoadResult", "load"):
        from .loading import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'registry' has no attribute {name!r}")
