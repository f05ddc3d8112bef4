"""The register's PDF in three phases: chunks laid out in parallel, then the numbers they make known
(table of contents, running footers), then one assembled file. See :mod:`.chunks`."""

from __future__ import annotations

from contextlib import nullcontext
from typing import TYPE_CHECKING

from ...formats import TAGGED_VARIANTS
from .assemble import destinations, merge
from .chunks import PLACEHOLDER, Task, chunk_html, plan, pool, run
from .running import running

if TYPE_CHECKING:
    from ..register import RegisterDocument

TOC_ATTEMPTS = 3
"""The table of contents is laid out again with its real numbers; should that change a part's page
count (a number wider than the placeholder), the numbers move and it is laid out once more."""


def parallel_pdf(document: RegisterDocument, jobs: int) -> tuple[bytes, list[str]]:
    view = document.view
    chunks = plan(view)
    assets, variant = str(document.assets), document.pdf_variant
    # Each chunk's fiches are chosen here, in order: testing every fiche in the template, or here, for
    # each chunk, cost a second, then a third of one, at 1,000 activities.
    order = {f"fiche:{f.id}": n for n, f in enumerate(view.fiches)}

    def task(chunk_index: int, toc_pages: dict[str, str] | None = None, provisional: bool = False) -> Task:
        chunk = chunks[chunk_index]
        fiches = [view.fiches[n] for n in sorted(order[part] for part in chunk.parts if part in order)]
        html = chunk_html(lambda extra: document.templates.render(
            "register/register.html", {**document.context, "shown_fiches": fiches, **extra}),
            chunk, toc_pages, provisional)
        return Task(chunk.name, html, assets, variant)

    entries = _toc_entries(document)
    contents = [i for i, chunk in enumerate(chunks) if chunk.contents]
    executor = pool(jobs)
    with executor if executor is not None else nullcontext():
        laid = run(executor, [task(i, dict.fromkeys(entries, PLACEHOLDER), provisional=True) if i in contents
                              else task(i) for i in range(len(chunks))], document.cache)
        for _ in range(TOC_ATTEMPTS):
            names = destinations(laid)
            toc = {anchor: str(names[anchor][0] + 1) for anchor in entries if anchor in names}
            numbered = run(executor, [task(i, toc) for i in contents], document.cache)
            settled = all(len(new.sizes) == len(laid[i].sizes) for i, new in zip(contents, numbered, strict=True))
            for i, new in zip(contents, numbered, strict=True):
                laid[i] = new
            if settled:
                break
        names = destinations(laid)
        headers = running(document, laid, executor)
    warnings = list(dict.fromkeys(w for chunk in laid for w in chunk.warnings))
    return merge(laid, headers, names, document.cache, tagged=variant in TAGGED_VARIANTS), warnings


def _toc_entries(document: RegisterDocument) -> list[str]:
    view = document.view
    entries = ["organisation", "activities", *(f.anchor for f in view.fiches)]
    if view.annexes is not None:
        entries += ["annex-retention", "annex-recipients", "annex-transfers", "annex-security"]
    if view.changes is not None:
        entries.append("annex-changes")
    return entries
