"""``registry build``: render every requested format in memory, then write them all at once."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .context import BuildInfo, register_context
from .errors import RegistryError
from .i18n import Messages
from .register import Register
from .render.pdf import render_pdf
from .resources import templates_dir
from .templating import environment
from .version import generation_time, register_version

FORMATS = ("html", "pdf")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Artifact:
    path: str
    """Relative to the output folder."""
    content: bytes


@dataclass(frozen=True)
class BuildResult:
    artifacts: list[Artifact]
    warnings: list[str]
    """Renderer warnings (WeasyPrint), for the CLI to show."""


def build_register(register: Register, formats: list[str], language: str | None = None,
                   pdf_variant: str | None = None, progress: Progress | None = None) -> BuildResult:
    language = language or register.settings.settings.language
    suffix = "" if language == register.settings.settings.language else f".{language}"
    messages = Messages(language)
    context = register_context(register, messages, BuildInfo(register_version(register.root), generation_time()))
    env = environment(register.root)
    steps = len(context["fiches"]) + 1 + ("pdf" in formats)
    done = 0

    def advance() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, steps)

    html = env.get_template("register/register.html").render(context)
    advance()
    artifacts: list[Artifact] = []
    warnings: list[str] = []
    if "html" in formats:
        artifacts.append(Artifact(f"register{suffix}.html", html.encode()))
        page = env.get_template("register/activity.html")
        for fiche in context["fiches"]:
            artifacts.append(Artifact(f"activities/{fiche['id']}{suffix}.html", page.render(context, f=fiche).encode()))
            advance()
    if "pdf" in formats:
        pdf, warnings = render_pdf(html, templates_dir(), pdf_variant)
        artifacts.append(Artifact(f"register{suffix}.pdf", pdf))
        advance()
    return BuildResult(artifacts, warnings)


def write_outputs(artifacts: list[Artifact], out: Path) -> list[Path]:
    """Write into ``out`` only once everything is ready: files are staged beside it, then moved in."""
    paths = [a.path for a in artifacts]
    if len(set(paths)) != len(paths):
        raise RegistryError("two outputs would be written to the same file")
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".registry-build-", dir=out))
    except OSError as exc:
        raise RegistryError(f"cannot write into {out}: {exc.strerror or exc}") from None
    try:
        for artifact in artifacts:
            target = staging / artifact.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(artifact.content)
        written = []
        for artifact in artifacts:
            final = out / artifact.path
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / artifact.path, final)
            written.append(final)
    except OSError as exc:
        raise RegistryError(f"cannot write into {out}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written
