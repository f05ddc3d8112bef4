"""registry: a GDPR record of processing activities kept as YAML in git.

The library API: :func:`load` reads and validates a register folder; the CLI
(:mod:`registry.cli`) is a thin layer over it.
"""

from .loader import LoadResult, load
from .problems import Problem, Severity

__version__ = "0.1.0"

__all__ = ["LoadResult", "Problem", "Severity", "__version__", "load"]
