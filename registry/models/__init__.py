"""The register's data model: what ``registry.yaml`` and ``activities/*.yaml`` may contain."""

from .activity import Activity, ActivityBase, ProcessorActivity
from .common import RefTo, Text
from .organisation import RegistryFile

__all__ = ["Activity", "ActivityBase", "ProcessorActivity", "RefTo", "RegistryFile", "Text"]
