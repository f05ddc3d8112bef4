"""The register document: the whole register as HTML with a page per activity, and as PDF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path

from markupsafe import Markup

from ..cache import Cache
from ..formats import REGISTER_FORMATS
from ..output import Artifact
from ..register import Register
from ..views import RegisterView
from .environment import Templates

Progress = Callable[[], None]
"""Called once per unit of work done (an activity page, the register page, the PDF)."""


@dataclass
class RegisterDocument:
    """One language's register, rendered on demand; the formats share its HTML."""

    view: RegisterView
    templates: Templates
    register: Register
    suffix: str
    """"" in the register's language, ".en" (for instance) in another."""
    assets: Path
    pdf_variant: str | None = None
    jobs: int = 1
    """Processes laying out the PDF; it is laid out in chunks whatever their number and variant."""
    cache: Cache = field(default_factory=lambda: Cache(None))
    """Work done before: fiches and gallery pages rendered, PDF chunks laid out, font unions."""
    gallery: bool = True
    """Whether the HTML includes the snippet gallery (see :func:`gallery_pages`)."""
    warnings: list[str] = field(default_factory=list)
    """Renderer warnings (WeasyPrint's), for the CLI to show."""

    @cached_property
    def context(self) -> dict[str, object]:
        """What the register's templates see: the view, where the snippet gallery is, and each fiche
        rendered once, for both the whole register and the activity's own page."""
        gallery = f"notices/index{self.suffix}.html" if self.register.controller_activities else None
        context: dict[str, object] = {**self.view.context(), "gallery": gallery, "chunk": False, "toc_pages": None,
                                      "provisional": False, "shown": _everything, "shown_fiches": self.view.fiches}
        organisation = repr(self.view.organisation)
        with self.cache.shelf("fiche html", str(self.register.root.resolve()), self.suffix) as shelf:
            context["fiche_html"] = {
                f.id: Markup(shelf.remember(
                    ("fiche-html", self.templates.digest, organisation, f.written_from),
                    partial(self.templates.render, "register/fiche.html", context, f=f)))
                for f in self.view.fiches}
        return context

    @cached_property
    def html(self) -> str:
        return self.templates.render("register/register.html", self.context)


def _everything(part: str) -> bool:
    """The whole register shows every part; a chunk of the PDF shows a few (see ``render/chunks.py``)."""
    return True


def html_pages(document: RegisterDocument, progress: Progress) -> list[Artifact]:
    """``register.html`` and one page per activity under ``activities/``."""
    artifacts = [Artifact(f"register{document.suffix}.html", document.html.encode())]
    progress()
    context = document.context
    for fiche in document.view.fiches:
        html = document.templates.render("register/activity.html", context, f=fiche)
        artifacts.append(Artifact(f"activities/{fiche.id}{document.suffix}.html", html.encode()))
        progress()
    if document.gallery:
        artifacts += gallery_pages(document)
    progress()
    return artifacts


def gallery_pages(document: RegisterDocument) -> list[Artifact]:
    """The snippet gallery under ``notices/`` (none for a processor's register, which has no notices)."""
    if not document.register.controller_activities:
        return []
    from .gallery import gallery

    return gallery(document.register, document.templates, document.view.lang, document.suffix,
                   document.view.document.generator, document.cache)


def pdf(document: RegisterDocument, progress: Progress) -> list[Artifact]:
    """``register.pdf``, A4, laid out from the same HTML as the web version."""
    from .parallel import parallel_pdf  # WeasyPrint is slow to import: only when a PDF is asked for

    content, warnings = parallel_pdf(document, document.jobs)
    document.warnings.extend(warnings)
    progress()
    return [Artifact(f"register{document.suffix}.pdf", content)]


Renderer = Callable[[RegisterDocument, Progress], list[Artifact]]

FORMATS: dict[str, tuple[Renderer, Callable[[RegisterView], int]]] = {
    "html": (html_pages, lambda view: 2 + len(view.fiches)),
    "pdf": (pdf, lambda view: 1),
}
"""Each format's renderer, and how many progress steps it reports for a view."""
assert tuple(FORMATS) == REGISTER_FORMATS, "registry/formats.py names the register's formats"
