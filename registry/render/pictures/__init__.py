"""The data map's pictures: each activity's flows as SVG drawn by the tool, Mermaid and DOT."""

from __future__ import annotations

from markupsafe import Markup

from ...i18n import Messages
from ...loading.register import Register
from ...views.fiche import FicheView, FicheWriter
from ...views.flows import flow_view
from ...views.gaps import Gaps
from .svg import flow_svg, pictures_svg
from .text import dot, mermaid


def flow_picture(fiche: FicheView, t: Messages) -> Markup:
    """A fiche's flows drawn from the fiche itself, for its template."""
    return flow_svg(flow_view(fiche, t))


def activity_maps(register: Register, ids: list[str], fmt: str, t: Messages) -> bytes:
    """The pictures of the named activities (all, in the register's order, when none is named) in one
    file: an SVG with one picture under another, Mermaid blocks one after another, or one DOT graph each."""
    writer = FicheWriter(register, t, Gaps(register))
    chosen = [a for a in register.ordered if not ids or a.model.id in ids]
    views = [flow_view(writer.fiche(a), t) for a in chosen]
    if fmt == "svg":
        return pictures_svg(views).encode()
    write = mermaid if fmt == "mermaid" else dot
    return "\n".join(write(v) for v in views).encode()
