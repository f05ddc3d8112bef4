"""Notices as files: the same notice structure through one template per format."""

from __future__ import annotations

from jinja2 import Environment

from ..notices.model import Notice
from ..output import Artifact

FORMATS = ("md", "html", "txt")


def render_notices(notices: list[Notice], env: Environment, fmt: str, language: str) -> list[Artifact]:
    """One file per notice, named like ``PR-01.full.fr.md``."""
    template = env.get_template(f"notice/notice.{fmt}")
    return [Artifact(f"{n.name}.{fmt}", template.render(notice=n, lang=language, top_level=1).encode())
            for n in notices]
