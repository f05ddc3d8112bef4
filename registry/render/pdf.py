"""HTML to PDF with WeasyPrint, fetching nothing but the project's own assets.

WeasyPrint's warnings (a bad CSS rule, a refused resource) are collected and
returned, so that a broken stylesheet shows up instead of scrolling by.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PDF_VARIANTS = ("pdf/a-3b", "pdf/ua-1")


ENVIRONMENT_NOTICES = ("Using fontTools instead of HarfBuzz-Subset",)
"""Notices about the machine's font libraries, not about the document: not reported."""


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(ENVIRONMENT_NOTICES):
            self.messages.append(message)


@contextmanager
def _weasyprint_warnings() -> Iterator[list[str]]:
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    logger.addHandler(collector)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)
        logger.propagate = propagate


def fetcher(allowed: Path) -> Any:
    """A URL fetcher that serves ``data:`` URLs and files under ``allowed``, and refuses the rest."""
    from weasyprint.urls import URLFetcher

    root = allowed.resolve().as_uri() + "/"

    class AssetsOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:") or url.startswith(root):
                return super().fetch(url, headers)
            raise ValueError(f"refused to fetch {url}: the register's documents use only their own assets")

    return AssetsOnly(allowed_protocols=("data", "file"))


def render_pdf(html: str, assets: Path, variant: str | None = None) -> tuple[bytes, list[str]]:
    """The PDF bytes and WeasyPrint's warnings. Same HTML, same bytes (the file id is a hash of it)."""
    from weasyprint import HTML

    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    with _weasyprint_warnings() as warnings:
        document = HTML(string=html, base_url=assets.resolve().as_uri() + "/", url_fetcher=fetcher(assets))
        pdf = document.write_pdf(pdf_variant=variant, pdf_identifier=identifier)
    return pdf, warnings
