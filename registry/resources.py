"""Files shipped with the tool: built-in templates and the example register.

In a wheel they live inside the package (see ``pyproject.toml``); in a source
checkout or an editable install they are read from the repository root, where
the project keeps them as the top-level ``templates/``, ``activities/`` and
``registry.yaml``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def _shipped(packaged: str, in_checkout: str) -> Path:
    inside = _PACKAGE / packaged
    return inside if inside.exists() else _CHECKOUT / in_checkout


def templates_dir() -> Path:
    return _shipped("templates", "templates")


def fonts_dir() -> Path:
    """The fonts the documents are set in, with their licence and ``fonts.css`` declaring them."""
    return _PACKAGE / "fonts"


def skeleton_dir() -> Path:
    """The files ``registry init`` writes for a blank register (``registry/data/skeleton``)."""
    return _PACKAGE / "data" / "skeleton"


def checkout() -> Path | None:
    """The git checkout the tool runs from (a clone used in place), or None for an installed copy."""
    return _CHECKOUT if not (_PACKAGE / "example").exists() and (_CHECKOUT / ".git").exists() else None


def example_register() -> Path:
    """A folder holding ``registry.yaml`` and ``activities/`` of the example register."""
    return _shipped("example", ".")


def override_templates(register_root: Path) -> Path | None:
    """The register's own ``templates/`` folder, when it has one that is not the built-in one.

    The example register shares its root with the tool, so its ``templates/``
    *is* the built-in set: neither an override nor part of the register.
    """
    folder = register_root / "templates"
    if not folder.is_dir() or folder.resolve() == templates_dir().resolve():
        return None
    return folder
