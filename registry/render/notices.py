"""Notices as files: the same notice structure through one template per format."""

from __future__ import annotations

from ..notices.model import Notice
from ..output import Artifact
from .environment import Templates

FORMATS = ("md", "html", "txt")


def render_notices(notices: list[Notice], templates: Templates, fmt: str, language: str) -> list[Artifact]:
    """One file per notice, named like ``PR-01.full.fr.md``."""
    return [Artifact(f"{n.name}.{fmt}",
                     templates.render(f"notice/notice.{fmt}", {}, notice=n, lang=language, top_level=1).encode())
            for n in notices]
