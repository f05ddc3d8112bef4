"""The register's PDF laid out in chunks, on as many processes as asked, then assembled as one document.

Every part of the register starts a page (``break-before: page``), so the
document can be cut there without moving a single page break: the cover with
the start of the table of contents, the rest of it in parts, the organisation,
the list of activities, groups of fiches, each annex; the long tables in
parts. Each chunk is laid out once, by WeasyPrint, on a worker process,
without its running header and footer. Once every chunk's page
count is known, the parent knows each page's number in the whole document:

- the parts of the table of contents are laid out again with their page
  numbers (from the cache, when the entries and numbers of a part did not change);
- the running header and footer ("page X / Y" and the version) are drawn
  over the pages, numbered from two specimens laid out as empty pages
  (``pdf-overlay.html``, see :mod:`.running`);
- the outline is rebuilt from every chunk's bookmarks, nested as WeasyPrint
  nests them, and links across chunks are pointed at the named destinations;
- in the PDF/A and PDF/UA variants every chunk is laid out in the variant, the
  cover gives the document its metadata and output intent, and the chunks'
  structure trees (PDF/UA) become one.

The plan does not depend on the number of processes, so any ``--jobs`` gives
the same bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from concurrent.futures import BrokenExecutor
from dataclasses import dataclass, field, fields
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ...cores import worker_pool
from ...kept import Kept

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from ...views import RegisterView

FICHES_PER_CHUNK = 8
"""About 30 pages: enough chunks to keep every process busy, few enough to keep the fixed cost low."""
PLACEHOLDER = "999"
"""The table of contents' numbers before the pages are known: as wide as the real ones will be."""
LAID_FORMAT = "2"
"""Changed when what a worker reports changes meaning, so that no entry of the old kind is used
(2: links to other chunks already point at named destinations)."""
_INTERNAL_LINK = re.compile(r'href="#([^"]+)"')


@dataclass(frozen=True)
class Chunk:
    name: str
    parts: frozenset[str]
    contents: bool = False
    """Holds a part of the table of contents: laid out again once the page numbers are known."""


class Task(NamedTuple):
    """One document for a worker to lay out; ``variant`` is the PDF variant (PDF/A, PDF/UA) or None."""

    name: str
    html: str
    assets: str
    variant: str | None = None


Destination = tuple[int, float, float]
"""A page index (in the chunk, or in the whole document once assembled) and the position on it, in PDF points."""


@dataclass
class Laid:
    """What a worker reports of one chunk: its PDF and what the assembly needs to number and link it."""

    name: str
    pdf: bytes
    sizes: list[tuple[float, float]]
    """Each page's width and height, in CSS pixels."""
    bookmarks: list[tuple[float, list[Any]]]
    """Each page's height and WeasyPrint bookmarks (level, label, position, state)."""
    destinations: dict[str, Destination]
    """The named destinations (element ids) the chunk's PDF holds."""
    warnings: list[str] = field(default_factory=list)


def plan(view: RegisterView) -> list[Chunk]:
    """The chunks of the register's document, in order."""
    fiche_ids = [f.id for f in view.fiches]
    contents = [Chunk(f"contents-{n}", frozenset({f"contents:{n}"}), contents=True)
                for n in range(2, len(view.contents_parts) + 1)]
    chunks = [Chunk("cover", frozenset({"cover"}), contents=True), *contents,
              Chunk("organisation", frozenset({"organisation"}))]
    chunks += _tables("activities", len(view.fiche_tables))
    for start in range(0, len(fiche_ids), FICHES_PER_CHUNK):
        group = fiche_ids[start:start + FICHES_PER_CHUNK]
        chunks.append(Chunk(f"fiches-{start // FICHES_PER_CHUNK + 1}", frozenset(f"fiche:{i}" for i in group)))
    if view.annexes is not None:
        chunks += _tables("annex-retention", len(view.annexes.retention))
        chunks += _tables("annex-recipients", len(view.annexes.recipients))
        chunks.append(Chunk("annex-transfers", frozenset({"annex-transfers"})))
        chunks += _tables("annex-security", len(view.annexes.matrix))
    if view.changes is not None:
        chunks.append(Chunk("annex-changes", frozenset({"annex-changes"})))
    return chunks


def _tables(part: str, count: int) -> list[Chunk]:
    """A long table cut in ``count`` tables, a chunk each."""
    return [Chunk(f"{part}-{n}", frozenset({f"{part}:{n}"})) for n in range(1, count + 1)]


def chunk_html(render: Callable[[dict[str, object]], str], chunk: Chunk,
               toc_pages: dict[str, str] | None = None, provisional: bool = False) -> str:
    """The chunk as a document of its own; its links point at names the assembly resolves. A
    ``provisional`` one is laid out only for its page count: it leaves out the build time."""
    html = render({"chunk": True, "shown": chunk.parts.__contains__, "toc_pages": toc_pages,
                   "provisional": provisional})
    return _INTERNAL_LINK.sub(lambda m: f'href="xref:{m.group(1)}"', html)


def lay_out(task: Task) -> Laid:
    """On a worker: one chunk laid out and written, in the register's PDF variant (tagged for PDF/UA)."""
    from .weasy import collected_warnings, identifier, render_document

    with collected_warnings() as warnings:
        document = render_document(task.html, Path(task.assets), warnings)
        pdf, destinations = _finished(document.write_pdf(pdf_variant=task.variant, pdf_identifier=identifier(task.html)))
    return Laid(task.name, pdf, [(p.width, p.height) for p in document.pages],
                [(p.height, list(p.bookmarks)) for p in document.pages], destinations, warnings)


def _finished(pdf: bytes) -> tuple[bytes, dict[str, Destination]]:
    """The chunk's PDF with its links to other chunks (written ``xref:id``) made links to the named
    destination ``id``, which the assembled document holds; and the named destinations the chunk
    holds, in points, as the assembly writes them. Done here, on a worker and once per chunk: the
    assembly would go through some 20,000 links of a 1,000-activity register at every build."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for annotation in page.obj.get("/Annots", []):
                action = annotation.get("/A")
                if action is not None and str(action.get("/URI", "")).startswith("xref:"):
                    del annotation["/A"]
                    annotation.Dest = pikepdf.String(str(action.URI)[len("xref:"):])
        names = document.Root.get("/Names")
        index = {page.obj.objgen: i for i, page in enumerate(document.pages)}
        destinations = {} if names is None or "/Dests" not in names else {
            str(name): (index[target[0].objgen], float(target[2]), float(target[3]))
            for name, target in pikepdf.NameTree(names.Dests).items()}
        buffer = io.BytesIO()
        document.save(buffer, deterministic_id=True, fix_metadata_version=False)
    return buffer.getvalue(), destinations


def pool(jobs: int) -> ProcessPoolExecutor | None:
    """Worker processes, or None to lay out in this process (also when no process can be had here)."""
    try:
        return worker_pool(jobs) if jobs > 1 else None
    except (OSError, NotImplementedError):
        return None


def _laid(future: Future[Laid] | None, task: Task) -> Laid:
    """What a process laid out, or the task laid out here when the processes could not (one was killed,
    for lack of memory for instance, or none could start)."""
    try:
        return future.result() if future is not None else lay_out(task)
    except (BrokenExecutor, OSError):
        return lay_out(task)


def run(executor: ProcessPoolExecutor | None, tasks: list[Task], kept: Kept) -> list[Laid]:
    """Every task laid out, those laid out before with the same HTML and variant found in ``kept``."""
    shape = ",".join(f.name for f in fields(Laid))  # an entry of another shape is not found
    return kept.remember_all("pdf-chunk", [(f"{LAID_FORMAT} {shape}", task.variant or "", task.html) for task in tasks],
                             partial(_lay_out_all, executor, tasks))


def _lay_out_all(executor: ProcessPoolExecutor | None, tasks: list[Task], positions: list[int]) -> list[Laid]:
    """The tasks at ``positions`` laid out, the longest first so that no process waits at the end."""
    order = sorted(positions, key=lambda i: -len(tasks[i].html))
    if executor is None:
        fresh = {i: lay_out(tasks[i]) for i in order}
    else:
        futures: dict[int, Future[Laid]] = {}
        for i in order:
            try:
                futures[i] = executor.submit(lay_out, tasks[i])
            except (BrokenExecutor, OSError):  # a process was killed already: the rest is laid out here
                break
        fresh = {i: _laid(futures.get(i), tasks[i]) for i in order}
    return [fresh[i] for i in positions]
