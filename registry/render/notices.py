"""Notices as files: the same notice structure as Markdown, an HTML fragment or page, text, PDF or Word."""

from __future__ import annotations

from ..formats import NOTICE_FORMATS
from ..notices.model import Notice, NoticeDocument
from ..resources import templates_dir
from ..write.staged import Artifact
from .environment import Templates

FORMATS = NOTICE_FORMATS


def render_notices(notices: list[Notice], templates: Templates, fmt: str, document: NoticeDocument) -> list[Artifact]:
    """One file per notice, named like ``PR-01.full.fr.md``."""
    if fmt == "docx":
        from .docx import notice_docx  # python-docx: only when Word is asked for

        return [Artifact(f"{n.name}.docx", notice_docx(n, document)) for n in notices]
    if fmt == "pdf":
        from .pdf.weasy import render_pdf

        return [Artifact(f"{n.name}.pdf", render_pdf(_page(n, templates, document), templates_dir(),
                                                     document.pdf_variant)[0]) for n in notices]
    if fmt == "html" and document.page:
        return [Artifact(f"{n.name}.html", _page(n, templates, document).encode()) for n in notices]
    return [Artifact(f"{n.name}.{fmt}", templates.render(f"notice/notice.{fmt}", {}, notice=n, lang=document.language,
                                                         top_level=1).encode()) for n in notices]


def _page(notice: Notice, templates: Templates, document: NoticeDocument) -> str:
    return templates.render("notice/page.html", {}, notice=notice, lang=document.language, top_level=0,
                            organisation=document.organisation, generator=document.generator,
                            generated_iso=document.generated_iso, annex=document.annex)
