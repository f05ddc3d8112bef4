"""What the PDF wing is asked to do: a narrow job, not the whole register document, so that nothing in
``render/pdf/`` imports the renderer that hands it the job."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ...kept import Kept
from .chunks import Chunk


@dataclass(frozen=True)
class PdfJob:
    render: Callable[[list[int], dict[str, object]], str]
    """The register's HTML showing only the fiches at these positions (in :attr:`fiches`), with these
    template values besides the document's (``chunk``, ``shown``, ``toc_pages``…)."""
    overlay: Callable[[list[dict[str, object]], int, bool], str]
    """The HTML of empty pages whose margin boxes hold the running header and footer: the pages (their
    number and orientation), the document's page count, and whether they open the document."""
    fiches: list[str]
    """The fiches' ids, in the order of the document."""
    contents: list[str]
    """The anchors the table of contents lists, whose page numbers it shows."""
    chunks: list[Chunk]
    """The document cut where pages break anyway (see :func:`.chunks.plan`)."""
    assets: Path
    """The only folder WeasyPrint may read (stylesheets, fonts, images)."""
    variant: str | None
    """The PDF variant (PDF/A-3b, PDF/UA-1), or None."""
    jobs: int
    """Processes laying out the chunks."""
    kept: Kept
    """Chunks laid out and font unions made before, found by what they are made from."""
