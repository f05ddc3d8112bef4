"""registry: a GDPR record of processing activities kept as YAML in git.

The library API: :func:`load` reads and validates a register folder; the CLI
(:mod:`registry.cli`) is a thin layer over it.
"""

__version__ = "0.1.0"

from .loading.loader import LoadResult, load  # noqa: E402
from .problems import Problem, Severity  # noqa: E402

__all__ = ["LoadResult", "Problem", "Severity", "__version__", "load"]
