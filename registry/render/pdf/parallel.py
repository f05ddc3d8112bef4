"""The register's PDF in three phases: chunks laid out in parallel, then the numbers they make known
(table of contents, running footers), then one assembled file. See :mod:`.chunks`."""

from __future__ import annotations

from contextlib import nullcontext

from ...formats import TAGGED_VARIANTS
from .assemble import destinations, merge
from .chunks import PLACEHOLDER, Task, chunk_html, pool, run
from .job import PdfJob
from .running import running

TOC_ATTEMPTS = 3
"""The table of contents is laid out again with its real numbers; should that change a part's page
count (a number wider than the placeholder), the numbers move and it is laid out once more."""


def parallel_pdf(job: PdfJob) -> tuple[bytes, list[str]]:
    chunks = job.chunks
    assets, variant = str(job.assets), job.variant
    # Each chunk's fiches are chosen here, in order: testing every fiche in the template, or here, for
    # each chunk, cost a second, then a third of one, at 1,000 activities.
    order = {f"fiche:{fiche}": n for n, fiche in enumerate(job.fiches)}

    def task(chunk_index: int, toc_pages: dict[str, str] | None = None, provisional: bool = False) -> Task:
        chunk = chunks[chunk_index]
        positions = sorted(order[part] for part in chunk.parts if part in order)
        html = chunk_html(lambda extra: job.render(positions, extra), chunk, toc_pages, provisional)
        return Task(chunk.name, html, assets, variant)

    entries = job.contents
    contents = [i for i, chunk in enumerate(chunks) if chunk.contents]
    executor = pool(job.jobs)
    with executor if executor is not None else nullcontext():
        laid = run(executor, [task(i, dict.fromkeys(entries, PLACEHOLDER), provisional=True) if i in contents
                              else task(i) for i in range(len(chunks))], job.kept)
        for _ in range(TOC_ATTEMPTS):
            names = destinations(laid)
            toc = {anchor: str(names[anchor][0] + 1) for anchor in entries if anchor in names}
            numbered = run(executor, [task(i, toc) for i in contents], job.kept)
            settled = all(len(new.sizes) == len(laid[i].sizes) for i, new in zip(contents, numbered, strict=True))
            for i, new in zip(contents, numbered, strict=True):
                laid[i] = new
            if settled:
                break
        names = destinations(laid)
        headers = running(job, laid, executor)
    warnings = list(dict.fromkeys(w for chunk in laid for w in chunk.warnings))
    return merge(laid, headers, names, job.kept, tagged=variant in TAGGED_VARIANTS), warnings
