"""The change report: the same changes as text, Markdown, an HTML page, a PDF or JSON."""

from __future__ import annotations

import dataclasses
import json

from ..diff.changeset import RegisterChanges
from ..formats import CHANGE_FORMATS
from ..i18n import Messages
from ..loading.register import Register
from ..views.changelog import changes_view
from .environment import Templates
from .pictures import activity_maps

_TEMPLATES = {"text": "changes/changes.txt", "markdown": "changes/changes.md", "html": "changes/changes.html"}
assert set(_TEMPLATES) | {"pdf", "json"} == set(CHANGE_FORMATS), "registry/formats.py names the change formats"


def render_changes(changes: RegisterChanges, fmt: str, templates: Templates, t: Messages,
                   organisation: str, generator: str, later: Register | None = None) -> bytes:
    """The report; in Markdown, with the Mermaid picture, from ``later``, of each activity whose flows changed."""
    if fmt == "json":
        return (json.dumps({"schema": 2, **dataclasses.asdict(changes)}, ensure_ascii=False, indent=2) + "\n").encode()
    view = changes_view(changes, t)
    flowing = [a.id for a in changes.activities if a.flows_changed]
    pictures = ({i: f"```mermaid\n{activity_maps(later, [i], 'mermaid', t).decode()}```" for i in flowing}
                if later is not None and fmt == "markdown" else {})
    context = {"changes": view, "t": t, "lang": t.language, "heading": view.title, "organisation": organisation,
               "generator": generator, "pictures": pictures}
    html = templates.render(_TEMPLATES["html" if fmt == "pdf" else fmt], context)
    if fmt != "pdf":
        return html.encode()
    from ..resources import templates_dir
    from .pdf.weasy import render_pdf

    content, _ = render_pdf(html, templates_dir())
    return content
