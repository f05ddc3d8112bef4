"""`registry serve` in a real headless Chromium: open the page, edit a file, see the change; break it, see
the error; fix it, see the page again; stop cleanly on Ctrl-C.

`make test` installs Debian's chromium and chromium-driver where it can (as root, with apt-get); elsewhere
the browser tests skip and say why. Selenium drives the browser.
"""

from __future__ import annotations

import http.client
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser import NEEDS_BROWSER

pytestmark = pytest.mark.slow

WAIT = 15.0


@pytest.fixture
def server(example: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    process = subprocess.Popen([sys.executable, "-m", "registry", "serve", str(example), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    url = None
    for line in process.stdout:
        if match := re.search(r"serving (http://127\.0\.0\.1:\d+/)", line):
            url = match.group(1)
            break
    assert url, "the server did not start"
    yield process, url
    if process.poll() is None:
        process.kill()
        process.wait()


def _until(condition, what: str) -> float:  # noqa: ANN001
    """Seconds until ``condition()`` holds; fails after WAIT seconds."""
    start = time.perf_counter()
    while time.perf_counter() - start < WAIT:
        if condition():
            return time.perf_counter() - start
        time.sleep(0.05)
    pytest.fail(f"after {WAIT} s: {what}")


def _body(browser) -> str:  # noqa: ANN001
    """The page's markup as it stands (text may be wrapped or transformed by the stylesheet)."""
    try:
        return str(browser.page_source)
    except Exception:  # the page is being reloaded
        return ""


def _save(path: Path, text: str) -> None:
    """As an editor does: write a temporary file, then rename it over the old one."""
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


@NEEDS_BROWSER
def test_edit_break_and_fix_in_the_browser(server, browser, example: Path) -> None:  # noqa: ANN001
    process, url = server
    browser.get(url)
    assert "Gestion des clients" in _body(browser)
    fiche = example / "activities" / "gestion-clients.yaml"
    original = fiche.read_text(encoding="utf-8")

    _save(fiche, original.replace("{fr: Gestion des clients,", "{fr: Clientèle Zéphyr,", 1))
    seconds = _until(lambda: "Clientèle Zéphyr" in _body(browser), "the edit shows")
    print(f"\nthe edit showed in the open page {seconds:.2f} s after the save")

    fiche.write_text(original.replace("purposes:", "purposes: [unclosed", 1), encoding="utf-8")
    _until(lambda: "activities/gestion-clients.yaml" in _body(browser), "the YAML error shows")
    problems = browser.find_element("id", "registry-problems").text
    assert re.search(r"activities/gestion-clients\.yaml:\d+:\d+ V001", problems), problems

    _save(fiche, original.replace("basis: contract", "basis: todo", 1))
    _until(lambda: "A30005" in _body(browser) and "Gestion des clients" in _body(browser),
           "a failing check shows above the register")

    _save(fiche, original)
    _until(lambda: "Gestion des clients" in _body(browser) and "registry-problems" not in _body(browser),
           "the fixed register shows without problems")
    browser.get(url + "notices/GC-01.html")
    _until(lambda: "Gestion des clients" in _body(browser) and "copy" in _body(browser).lower(),
           "the snippet gallery opens from the preview")
    assert "Refused" not in " ".join(e["message"] for e in browser.get_log("browser")), "the policy allows the page"


def test_half_written_files_and_ctrl_c(server, example: Path) -> None:  # noqa: ANN001
    process, url = server
    fiche = example / "activities" / "gestion-clients.yaml"
    original = fiche.read_bytes()
    fiche.write_bytes(original[: len(original) // 3])  # an editor caught mid-write
    time.sleep(0.6)
    fiche.write_bytes(original)
    time.sleep(0.8)
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    connection.request("GET", "/")
    page = connection.getresponse().read().decode()
    assert "Gestion des clients" in page and "registry-problems" not in page
    for sneaky in ("/../registry.yaml", "/activities/../../registry.yaml", "/%2e%2e/registry.yaml",
                   "/activities/gestion-clients.yaml"):
        connection.request("GET", sneaky)
        answer = connection.getresponse()
        answer.read()
        assert answer.status == 404, sneaky
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=10)
    assert process.returncode == 0 and "stopped" in output and "Traceback" not in output


def test_the_gallery_is_rendered_when_opened_and_never_stale(example: Path) -> None:
    """A save rebuilds the register's pages at once and leaves the snippet gallery (every notice of
    every activity) for the first request of one of its pages: rendered from the latest build, once."""
    from registry.serve import Preview

    preview = Preview(example)
    preview.refresh()
    assert "/register.html" in preview.pages and not any(p.startswith("/notices/") for p in preview.pages)
    page = preview.page("/notices/GC-01.html")
    assert page is not None and b"Gestion des clients" in page and b"/__registry/live.js" in page
    assert preview.page("/notices/GC-01.html") is page, "rendered once per build"
    fiche = example / "activities" / "gestion-clients.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("{fr: Gestion des clients,", "{fr: Clientèle Zéphyr,", 1),
                     encoding="utf-8")
    preview.refresh()
    again = preview.page("/notices/GC-01.html")
    assert again is not None and "Clientèle Zéphyr".encode() in again
    assert preview.page("/notices/nothing.html") is None


def test_a_gallery_template_that_does_not_render_shows_its_error(example: Path) -> None:
    from registry.serve import Preview

    override = example / "templates" / "gallery" / "gallery.html"
    override.parent.mkdir(parents=True)
    override.write_text("{{ cycler.__init__.__globals__.os.popen('id').read() }}\n", encoding="utf-8")
    preview = Preview(example)
    preview.refresh()
    assert b"Gestion des clients" in (preview.page("/register.html") or b"")
    page = preview.page("/notices/GC-01.html")
    assert page is not None and b"templates/gallery/gallery.html" in page and b"T001" in page


def test_an_edited_message_shows_at_the_next_build(example: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The tool's own catalogues are watched too: a label edited there appears in the fiches and the
    notices at once, not the wording the preview had cached."""
    import registry.i18n
    from registry.serve import Preview

    locales = tmp_path / "locales"
    shutil.copytree(registry.i18n.LOCALES_DIR, locales)
    monkeypatch.setattr(registry.i18n, "LOCALES_DIR", locales)
    preview = Preview(example)
    preview.refresh()
    assert "Qui reçoit vos données".encode() in (preview.page("/notices/GC-01.html") or b"")
    french = locales / "fr.yaml"
    french.write_text(french.read_text(encoding="utf-8")
                      .replace("automated: Décisions automatisées et profilage", "automated: Zéphyrs", 1)
                      .replace("recipients: Qui reçoit vos données", "recipients: Qui lit vos données", 1),
                      encoding="utf-8")
    preview.refresh()
    assert '<th scope="row">Zéphyrs</th>'.encode() in (preview.page("/register.html") or b"")
    assert "Qui lit vos données".encode() in (preview.page("/notices/GC-01.html") or b"")
