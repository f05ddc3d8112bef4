"""The data map's pictures: each activity's flows as SVG drawn by the tool, Mermaid and DOT."""

from __future__ import annotations

from markupsafe import Markup

from ...i18n import Messages
from ...views.fiche import FicheView
from ...views.flows import flow_view
from .svg import flow_svg


def flow_picture(fiche: FicheView, t: Messages) -> Markup:
    """A fiche's flows drawn from the fiche itself, for its template."""
    return flow_svg(flow_view(fiche, t))
