"""HTML to PDF with WeasyPrint, fetching nothing but the project's own assets, set in the package's fonts.

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
from urllib.parse import unquote, urlsplit

from ...resources import fonts_dir
from .system import weasyprint

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
def collected_warnings() -> Iterator[list[str]]:
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    logger.addHandler(collector)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)
        logger.propagate = propagate


def asset_path(url: str, allowed: Path) -> Path | None:
    """The real file an URL names when it is one of the project's assets under ``allowed``, else None.

    The URL is decoded and resolved (``%2e%2e/``, ``..``, symbolic links) before
    it is compared with the real path of the assets folder.
    """
    parsed = urlsplit(url)
    if parsed.scheme != "file" or parsed.netloc not in ("", "localhost") or parsed.query or parsed.fragment:
        return None
    try:
        real = Path(unquote(parsed.path)).resolve()
    except (OSError, ValueError):
        return None
    return real if real.is_relative_to(allowed.resolve()) and real.is_file() else None


def fetcher(allowed: Path) -> Any:
    """A URL fetcher that serves files under ``allowed`` and the package's fonts only, and refuses every
    other scheme and path."""
    from weasyprint.urls import URLFetcher

    class AssetsOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            real = asset_path(url, allowed) or asset_path(url, fonts_dir())
            if real is None:
                raise ValueError(f"refused to fetch {url[:80]}: the register's documents use only their own assets")
            return super().fetch(real.as_uri(), headers)

    return AssetsOnly(allowed_protocols=("file",))


def render_document(html: str, assets: Path, warnings: list[str]) -> Any:
    """The laid-out WeasyPrint document, with every attachment and attachment link refused.

    Call inside :func:`collected_warnings`; what is refused is added to ``warnings``.
    """
    loaded = weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    fonts, fetch = FontConfiguration(), fetcher(assets)
    shipped = loaded.CSS(filename=str(fonts_dir() / "fonts.css"), url_fetcher=fetch, font_config=fonts)
    document = loaded.HTML(string=html, base_url=assets.resolve().as_uri() + "/", url_fetcher=fetch).render(
        stylesheets=[shipped], font_config=fonts)
    if document.metadata.attachments:
        warnings.append(f"refused {len(document.metadata.attachments)} attachment(s)")
        document.metadata.attachments = []
    for page in document.pages:
        kept = [link for link in page.links if link[0] != "attachment"]
        if len(kept) != len(page.links):
            warnings.append("refused a link to an attachment")
            page.links[:] = kept
    return document


def identifier(html: str) -> bytes:
    """The PDF's file identifier: a hash of its HTML, so the same HTML gives the same bytes."""
    return hashlib.sha256(html.encode()).hexdigest()[:32].encode()


def render_pdf(html: str, assets: Path, variant: str | None = None) -> tuple[bytes, list[str]]:
    """The PDF bytes and WeasyPrint's warnings, laid out in one pass. Same HTML, same bytes.

    Nothing is ever attached to the PDF: a ``rel=attachment`` link is dropped with a warning.
    """
    with collected_warnings() as warnings:
        document = render_document(html, assets, warnings)
        pdf = document.write_pdf(pdf_variant=variant, pdf_identifier=identifier(html))
    return pdf, warnings
