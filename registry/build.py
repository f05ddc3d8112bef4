"""``registry build``: view the register, render every requested format in memory, hand back the files.

Writing them is :func:`registry.output.write_outputs`'s job, once everything
here has succeeded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .i18n import Messages
from .output import Artifact
from .problems import Problem
from .register import Register
from .render.environment import Templates
from .render.register import FORMATS, RegisterDocument
from .resources import templates_dir
from .version import generation_time, register_version
from .views import BuildInfo, register_view

Progress = Callable[[int, int], None]
"""Told (steps done, steps in all) as the build advances."""


@dataclass(frozen=True)
class BuildResult:
    artifacts: list[Artifact]
    warnings: list[str]
    """Renderer warnings (WeasyPrint), for the CLI to show."""
    problems: list[Problem]
    """Facts the document marks "À compléter" (B001)."""


def build_register(register: Register, formats: list[str], language: str | None = None,
                   pdf_variant: str | None = None, progress: Progress | None = None) -> BuildResult:
    language = language or register.settings.settings.language
    suffix = "" if language == register.settings.settings.language else f".{language}"
    view = register_view(register, Messages(language), BuildInfo(register_version(register.root), generation_time()))
    document = RegisterDocument(view, Templates(register.root), suffix, templates_dir(), pdf_variant)
    total = sum(FORMATS[f][1](view) for f in formats)
    done = 0

    def advance() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    artifacts = [artifact for f in formats for artifact in FORMATS[f][0](document, advance)]
    return BuildResult(artifacts, document.warnings, view.problems)
