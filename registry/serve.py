"""``registry serve``: the HTML register and the notices on 127.0.0.1, rebuilt as the files change.

A watcher polls the register's files (YAML, its own templates) and the tool's
templates and messages; on a change it re-reads the register, reusing what it
already parsed, and rebuilds the HTML. Pages are served from memory, only
what the build produced: nothing else on disk can be reached. Each page
carries a small script that reloads it when a new build is ready; when the
register cannot be built its problems (file, line, message) take the page's
place, and when checks fail they are shown above it.

The register's files are read through the loader, with its refusals (a link
out of the register is reported, never quoted). Only requests addressed to
the local host by name are answered: a web page that rebinds its own domain
to 127.0.0.1 cannot read the register. Idle connections are closed, and
connections are served by a bounded number of threads.
"""

from __future__ import annotations

import gc
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socket import socket
from urllib.parse import unquote, urlsplit

from .cache.store import Cache
from .cache.templates import CompiledTemplates
from .errors import ProblemsError, RegistryError
from .i18n import LOCALES_DIR
from .loading.loader import SETTINGS_FILE, activity_files, load
from .loading.reader import template_files
from .problems import Problem, Severity
from .resources import override_templates, templates_dir
from .write.staged import Artifact

LIVE = "/__registry/live.js"
BUILD = "/__registry/build"
POLL_SECONDS = 0.2
"""How often the watcher looks at the files."""
RELOAD_POLL_SECONDS = 0.1
"""How often an open page asks whether a new build is ready (a request to 127.0.0.1 costs nothing)."""
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".png": "image/png"}
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
"""The names a request may give the server in its ``Host`` header, with the port."""
IDLE_SECONDS = 20.0
"""How long a connection may stay silent before it is closed."""
MAX_CONNECTIONS = 32
"""Connections served at once: a browser opens six; further ones are closed at once."""
FRESH_CACHE_BUILDS = 50
"""Builds after which the preview lets go of what earlier builds made and starts a new memory cache (the
next build makes everything once more): what each save makes would otherwise be kept for ever."""


def watched(root: Path) -> Iterator[Path]:
    """The files whose change changes the preview."""
    yield root / SETTINGS_FILE
    yield from activity_files(root)
    if overrides := override_templates(root):  # a stranger's folder: only what a build may read of it
        yield from template_files(root, overrides)
    for folder in (templates_dir(), LOCALES_DIR):
        yield from (p for p in folder.rglob("*") if p.is_file())


def snapshot(root: Path) -> dict[Path, tuple[int, int]]:
    stamps = {}
    for path in watched(root):
        try:
            stat = path.stat()
        except OSError:
            continue  # removed between listing and reading: the next poll sees it gone
        stamps[path] = (stat.st_mtime_ns, stat.st_size)
    return stamps


@dataclass
class Preview:
    """The latest build of the register, as pages by URL path."""

    root: Path
    language: str | None = None
    build: int = 0
    pages: dict[str, bytes] = field(default_factory=dict)
    rendered: Cache = field(default_factory=lambda: Cache(None, memory=True))
    """Files loaded, fiches written and rendered, notice snippets, by what they say: a save loads and
    renders again what it changed."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    later: Callable[[], dict[str, bytes]] | None = None
    """The latest build's snippet gallery, rendered when one of its pages is first asked for: a save
    shows in the register without waiting for every notice of every activity."""
    gallery: tuple[object, dict[str, bytes]] = (None, {})
    """The gallery pages rendered, and the ``later`` they were rendered from."""
    gallery_lock: threading.Lock = field(default_factory=threading.Lock)

    def refresh(self) -> list[Problem]:
        """Rebuild from the files as they are now; returns the problems shown."""
        from .build import build_register
        from .lint.runner import check
        from .render.environment import Templates

        if self.build and self.build % FRESH_CACHE_BUILDS == 0:
            self.rendered = Cache(None, memory=True)
        loaded = load(self.root, self.rendered, jobs=1)  # a file caught half-written is read again at the next poll
        templates = Templates(self.root, CompiledTemplates(self.rendered), own_templates=False)  # the preview's own pages
        register = loaded.register
        language = self.language or (register.settings.settings.language if register else "fr")
        pages: dict[str, bytes] = {}
        later = None
        problems = [p for p in loaded.problems if p.severity is Severity.ERROR]

        def unusable(problems: list[Problem]) -> bytes:
            return _live(templates.render("serve/error.html", {"title": CANNOT_SHOW, "problems": problems})).encode()

        if register is None or problems:
            pages["/register.html"] = unusable(problems)
        else:
            failing = [p for p in check(register, date.today()) if p.severity is Severity.ERROR]
            banner = templates.render("serve/problems.html", {"title": FAILING_CHECKS, "problems": failing}) if failing else ""
            try:
                built = build_register(register, ["html"], language, cache=self.rendered, gallery=False)
            except ProblemsError as error:  # a template of the register's own that does not render
                problems = error.problems
                pages["/register.html"] = unusable(problems)
            else:
                pages.update(_served(built.artifacts, banner))
                if built.deferred is not None:
                    later = partial(_gallery, built.deferred, banner, unusable)
                problems = failing
        pages[LIVE] = templates.render("serve/live.js", {"interval": round(RELOAD_POLL_SECONDS * 1000)}).encode()
        with self.lock:
            self.pages, self.later = pages, later
            self.build += 1
        gc.collect()  # once the new pages are served: the previous build's garbage, which holds cycles
        return problems

    def page(self, path: str) -> bytes | None:
        with self.lock:
            if path == BUILD:
                return str(self.build).encode()
            found, later = self.pages.get(path), self.later
        if found is None and later is not None and path.startswith("/notices/"):
            with self.gallery_lock:
                if self.gallery[0] is not later:
                    self.gallery = (later, later())
                gallery = self.gallery[1]
            found = gallery.get(path, gallery.get(UNUSABLE))
        return found


CANNOT_SHOW = "The register cannot be shown"
FAILING_CHECKS = "The register fails compliance checks"
"""The preview's banners are diagnostics, like the terminal's: in English whatever the register's language,
so that the messages they list (English too) never sit under a French title."""

UNUSABLE = "/__registry/unusable"
"""Where a gallery that cannot be rendered keeps its error page, served for each of its pages."""


def _served(artifacts: list[Artifact], banner: str) -> dict[str, bytes]:
    """Pages by URL path, each HTML page with the reload script and the banner of failing checks."""
    return {"/" + a.path: _live(a.content.decode(), banner).encode() if a.path.endswith(".html") else a.content
            for a in artifacts}


def _gallery(render: Callable[[], list[Artifact]], banner: str,
             unusable: Callable[[list[Problem]], bytes]) -> dict[str, bytes]:
    """The gallery's pages as served, or its error page when a template of the register's own fails."""
    try:
        return _served(render(), banner)
    except ProblemsError as error:  # a gallery or notice template of the register's own that does not render
        return {UNUSABLE: unusable(error.problems)}


_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def _live(html: str, banner: str = "") -> str:
    """The page as served: the reload script allowed by its policy and added, the banner on top."""
    def allow(match: re.Match[str]) -> str:
        policy = match.group(1)
        policy = (re.sub(r"script-src ", "script-src 'self' ", policy) if "script-src" in policy
                  else policy.replace("default-src 'none';", "default-src 'none'; script-src 'self';"))
        return f'<meta http-equiv="Content-Security-Policy" content="{policy.rstrip("; ")}; connect-src \'self\'">'

    html = _POLICY.sub(allow, html, count=1)
    html = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + banner, html, count=1)
    return html.replace("</body>", f'<script src="{LIVE}"></script>\n</body>', 1)


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        timeout = IDLE_SECONDS

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            if not _local(self.headers.get("Host"), self.server.server_port):  # type: ignore[attr-defined]
                self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "this preview answers only to 127.0.0.1 and localhost")
                return
            path = unquote(urlsplit(self.path).path)
            if path in ("/", "/index.html"):
                path = "/register.html"
            content = preview.page(path)
            if content is None:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", TYPES.get(Path(path).suffix, "text/plain; charset=utf-8")
                             if path != BUILD else "text/plain")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the terminal shows rebuilds, not every request."""

    return Handler


def _local(host: str | None, port: int) -> bool:
    """Whether a request names this server by a local name and its port (DNS rebinding names another host); a
    browser leaves out port 80."""
    names = {f"{name}:{port}" for name in LOCAL_HOSTS} | (set(LOCAL_HOSTS) if port == 80 else set())
    return host is not None and host.strip().lower() in names


class _Server(ThreadingHTTPServer):
    """One daemon thread per connection, at most :data:`MAX_CONNECTIONS` at once."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request: socket, client_address: object) -> None:  # type: ignore[override]
        if not self.slots.acquire(blocking=False):
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: socket, client_address: object) -> None:  # type: ignore[override]
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


def serve(root: Path, port: int, language: str | None, report: Callable[[str], None],
          ready: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted; ``report`` prints each rebuild's outcome."""
    preview = Preview(root, language)
    try:
        server = _Server(("127.0.0.1", port), _handler(preview))
    except OSError as error:
        raise RegistryError(f"cannot listen on 127.0.0.1:{port}: {error.strerror or error}") from None
    stop = threading.Event()

    def rebuild() -> None:
        started = time.perf_counter()
        problems = preview.refresh()
        elapsed = time.perf_counter() - started
        report(f"build {preview.build} in {elapsed:.2f} s: "
               + (f"{len(problems)} problem(s)" if problems else "no problem"))
        for problem in problems:
            report(f"  {problem}")

    def watch() -> None:
        seen = snapshot(root)
        while not stop.wait(POLL_SECONDS):
            now = snapshot(root)
            if now != seen:
                time.sleep(POLL_SECONDS / 2)  # let an editor finish writing before reading
                seen = snapshot(root)
                rebuild()

    rebuild()
    watcher = threading.Thread(target=watch, name="registry-watch", daemon=True)
    watcher.start()
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    (ready or report)(address)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        stop.set()
        server.server_close()
