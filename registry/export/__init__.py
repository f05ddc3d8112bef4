"""The register handed over as data: spreadsheets in the CNIL layout, CSV, normalised JSON and DPV JSON-LD.

One renderer per format, each taking the validated register and the
document's language and returning bytes, the same for the same register.
Each is imported when asked for, so that ``registry schema export`` does not
load the spreadsheet libraries.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from importlib import import_module

from ..formats import EXPORT_FORMATS
from ..i18n import Messages
from ..loading.register import Register

Render = Callable[[Register, Messages, date], bytes]

EXPORTERS: dict[str, str] = {
    "xlsx": "tables:xlsx",
    "ods": "tables:ods",
    "csv": "tables:csv_table",
    "json": "data:json_document",
    "jsonld": "dpv:jsonld_document",
}
"""Format -> ``module:function`` of this package."""
assert tuple(EXPORTERS) == EXPORT_FORMATS, "registry.formats.EXPORT_FORMATS and the exporters disagree"


def renderer(fmt: str) -> Render:
    module, function = EXPORTERS[fmt].split(":")
    render: Render = getattr(import_module(f"{__name__}.{module}"), function)
    return render


def export(register: Register, fmt: str, messages: Messages, day: date) -> bytes:
    return renderer(fmt)(register, messages, day)
