"""The names of every output format and option value, without the renderers behind them.

The command line offers exactly these; each renderer's table is checked against them when it is
imported, so the two cannot drift, and a command that renders nothing never imports a renderer.
"""

from __future__ import annotations

REGISTER_FORMATS = ("html", "pdf")
NOTICE_FORMATS = ("md", "html", "txt", "pdf", "docx")
NOTICE_LAYERS = ("full", "short", "first-contact")
"""The whole notice; the first layer for a form or a quote; the Art. 14 notice sent at first contact to
people whose data came from someone else."""
CHANGE_FORMATS = ("text", "markdown", "html", "pdf", "json")
PDF_VARIANTS = ("pdf/a-3b", "pdf/ua-1")
TAGGED_VARIANTS = ("pdf/ua-1",)
"""The variants whose PDF carries a structure tree (tagged PDF)."""
EXPORT_FORMATS = ("xlsx", "ods", "csv", "json", "jsonld")
BINARY_EXPORTS = ("xlsx", "ods")

SCHEMAS = ("registry", "activity", "processor-activity", "export")
"""``registry.yaml``, a controller's activity, a processor's activity, and the document
``registry export --format json`` writes."""
