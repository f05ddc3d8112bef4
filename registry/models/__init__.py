"""The register's data model: what ``registry.yaml`` and ``activities/*.yaml`` may contain.

The models are imported when first asked for: building their validators is a tenth of a second that a
command answering from what it remembers (``validate`` on an unchanged register) never pays, while
``models.vocabulary`` stays a light import."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .activity import Activity, ActivityBase, ProcessorActivity
    from .common import RefTo, Text
    from .organisation import RegistryFile

__all__ = ["Activity", "ActivityBase", "ProcessorActivity", "RefTo", "RegistryFile", "Text"]
_HOMES = {"Activity": "activity", "ActivityBase": "activity", "ProcessorActivity": "activity", "RefTo": "common",
          "Text": "common", "RegistryFile": "organisation"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
