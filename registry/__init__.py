"""registry: a GDPR record of processing activities kept as YAML in git.

The library API: :func:`load` reads and validates a register folder; the CLI
(:mod:`registry.cli`) is a thin layer over it.
"""

from .loading.loader import LoadResult, load
from .problems import Problem, Severity
from .release import __version__

__all__ = ["LoadResult", "Problem", "Severity", "__version__", "load"]
