"""The register document: the whole register as HTML with a page per activity, and as PDF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..formats import REGISTER_FORMATS
from ..kept import NOTHING, Kept
from ..loading.register import Register
from ..views import RegisterView
from ..views.document import DocumentView
from ..views.fiche import FicheView
from ..write.staged import Artifact
from .environment import Templates
from .furniture import fill, stand_in

if TYPE_CHECKING:
    from .pdf.job import PdfJob

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
    kept: Kept = NOTHING
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
        seen = {**self._wording, "organisation": self.view.organisation}  # all fiche.html sees, besides the fiche
        context["fiche_html"] = {
            f.id: Markup(self.kept.remember("fiche-html", (*self._made_from, *f.written_from),
                                             partial(self.templates.render, "register/fiche.html", seen, f=f)))
            for f in self.view.fiches}
        return context

    @cached_property
    def _wording(self) -> dict[str, object]:
        """What every template reads to speak the register's language."""
        return {"lang": self.view.lang, "t": self.view.t, "sep": self.view.sep, "semi": self.view.semi}

    @cached_property
    def _page_document(self) -> DocumentView:
        """The document as an activity's page names it: without the build time, which would change the
        page at every build, and with the version's stand-in, filled in as the page is written (see
        :mod:`.furniture`), so that a commit renders no page again."""
        return replace(self.view.document, generated="", generated_iso="",
                       version=stand_in(self.view.document.version, 0))

    @cached_property
    def _made_from(self) -> tuple[str, ...]:
        """Besides its fiche, what a fiche's HTML is made from."""
        return self.templates.digest, repr(self.view.organisation)

    def activity_page(self, fiche: FicheView) -> Artifact:
        """An activity's own page: its fiche under the register's name and version. It sees nothing else,
        so the previous output's page is kept when they are the same."""
        seen = {**self._wording, "chunk": False, "document": self._page_document, "f": fiche,
                "fiche_html": {fiche.id: self.context["fiche_html"][fiche.id]}}  # type: ignore[index]
        inputs = (*self._made_from, repr(self._page_document), *fiche.written_from)
        version = self.view.document.version

        def content() -> bytes:
            page = self.kept.remember("activity page", inputs,
                                      partial(self.templates.render, "register/activity.html", seen))
            filled = fill(page, [version])
            return (filled if filled is not None else self.templates.render(
                "register/activity.html", {**seen, "document": replace(self._page_document, version=version)})).encode()

        return Artifact(f"activities/{fiche.id}{self.suffix}.html", content,
                        made_from=self.kept.made_from("activity page", (*inputs, version)))

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
    for fiche in document.view.fiches:
        artifacts.append(document.activity_page(fiche))
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
                   document.view.document.generator, document.view.version, document.kept)


def pdf(document: RegisterDocument, progress: Progress) -> list[Artifact]:
    """``register.pdf``, A4, laid out from the same HTML as the web version."""
    from .pdf.parallel import parallel_pdf  # WeasyPrint is slow to import: only when a PDF is asked for

    content, warnings = parallel_pdf(pdf_job(document))
    document.warnings.extend(warnings)
    progress()
    return [Artifact(f"register{document.suffix}.pdf", content)]


def pdf_job(document: RegisterDocument) -> PdfJob:
    """What the PDF wing needs of the document: how to render its parts and running header, the order of the
    fiches, the table of contents' entries, the assets, the variant."""
    from .pdf.chunks import plan
    from .pdf.job import PdfJob

    view = document.view

    def render(positions: list[int], extra: dict[str, object]) -> str:
        return document.templates.render("register/register.html", {
            **document.context, "shown_fiches": [view.fiches[n] for n in positions], **extra})

    return PdfJob(render, partial(_overlay, document), [f.id for f in view.fiches], _toc_entries(view), plan(view),
                  document.assets, document.pdf_variant, document.jobs, document.kept)


def _overlay(document: RegisterDocument, pages: list[dict[str, object]], total: int, opens_document: bool) -> str:
    """Empty pages whose margin boxes say what the single-pass document's say (untagged in every
    variant: drawn over the pages, they are marked as artifacts there)."""
    view = document.view
    t = view.t
    return document.templates.render("register/pdf-overlay.html", {
        "lang": view.lang, "organisation": view.document.organisation, "title": view.document.title,
        "version": f"{t('document.version')} {view.document.version}", "page_label": t("document.page"),
        "total": total, "pages": pages, "opens_document": opens_document})


def _toc_entries(view: RegisterView) -> list[str]:
    entries = ["organisation", "activities", *(f.anchor for f in view.fiches)]
    if view.annexes is not None:
        entries += ["annex-retention", "annex-recipients", "annex-transfers", "annex-security"]
    if view.changes is not None:
        entries.append("annex-changes")
    return entries


Renderer = Callable[[RegisterDocument, Progress], list[Artifact]]

FORMATS: dict[str, tuple[Renderer, Callable[[RegisterView], int]]] = {
    "html": (html_pages, lambda view: 2 + len(view.fiches)),
    "pdf": (pdf, lambda view: 1),
}
"""Each format's renderer, and how many progress steps it reports for a view."""
assert tuple(FORMATS) == REGISTER_FORMATS, "registry/formats.py names the register's formats"
