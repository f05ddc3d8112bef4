"""The HTML pages on a phone, a laptop and a wide screen, in a real headless Chromium: nothing makes the page
scroll sideways, a table too wide for the screen scrolls inside its own frame with every column readable, and
the preview's box of failing checks sits above the register rather than pushing it aside."""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.support.wait import WebDriverWait

from .browser import NEEDS_BROWSER, WIDTHS, viewport

pytestmark = [pytest.mark.slow, NEEDS_BROWSER]

MIN_COLUMN = 44
"""The narrowest a table's column may be, in CSS pixels: about five letters of the body text."""

MEASURE = """
const width = document.documentElement.clientWidth, problems = [];
if (document.documentElement.scrollWidth > width) {
  problems.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`);
}
for (const table of document.querySelectorAll("table")) {
  if (!table.getClientRects().length) { continue; }
  let frame = table.parentElement;
  while (frame && !["auto", "scroll"].includes(getComputedStyle(frame).overflowX)) { frame = frame.parentElement; }
  const box = (frame || table).getBoundingClientRect();
  const name = table.className || "table";
  if (box.left < -0.5 || box.right > width + 0.5) { problems.push(`${name} goes from ${box.left} to ${box.right}`); }
  for (const cell of table.rows[0] ? table.rows[0].cells : []) {
    if (cell.getBoundingClientRect().width < arguments[0]) {
      problems.push(`a column of ${name} is ${cell.getBoundingClientRect().width} px wide`);
    }
  }
}
return problems;
"""


@pytest.fixture
def site(run, example: Path) -> Iterator[str]:  # noqa: ANN001
    """The example's HTML output, served over HTTP on the loopback address."""
    assert run("build", example, "--format", "html").exit_code == 0
    handler = functools.partial(_Quiet, directory=str(example / "output"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the http.server API
        pass


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_the_screen(site: str, browser: Any, width: int) -> None:
    viewport(browser, width)
    for page in ("register.html", "activities/GC-01.html", "notices/index.html", "notices/PR-01.html"):
        browser.get(site + page)
        assert browser.execute_script(MEASURE, MIN_COLUMN) == [], f"{page} at {width} px"
    browser.get(site + "register.html")
    sidebar, main = (browser.find_element("css selector", s).rect for s in ("aside.sidebar", "main"))
    if width >= 1024:  # the contents beside the page, which takes the rest of the width
        assert main["x"] >= sidebar["x"] + sidebar["width"] - 1
        assert main["width"] >= 0.7 * (width - sidebar["width"])
    else:  # the contents above the page, which takes the whole width
        assert main["y"] >= sidebar["y"] + sidebar["height"] - 1 and main["width"] >= width - 1


@pytest.fixture
def preview(example: Path) -> Iterator[str]:
    """``registry serve`` on a register with a failing check, so that the preview shows its box."""
    fiche = example / "activities" / "gestion-clients.yaml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("basis: contract", "basis: todo", 1), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "registry", "serve", str(example), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    url = next((m.group(1) for line in process.stdout if (m := re.search(r"serving (http://\S+/)", line))), None)
    assert url, "the server did not start"
    yield url
    process.kill()
    process.wait()


@pytest.mark.parametrize("width", WIDTHS)
def test_failing_checks_sit_above_the_register(preview: str, browser: Any, width: int) -> None:
    viewport(browser, width)
    browser.get(preview + "register.html")
    box, sidebar, main = (browser.find_element("css selector", s).rect
                          for s in ("#registry-problems", "aside.sidebar", "main"))
    assert "A30005" in browser.find_element("id", "registry-problems").text
    assert browser.execute_script(MEASURE, MIN_COLUMN) == []
    assert box["width"] >= width - 40, "the box spans the page"
    assert sidebar["y"] >= box["y"] + box["height"] and main["y"] >= box["y"] + box["height"], "and sits above it"
    if width >= 1024:
        assert main["x"] >= sidebar["x"] + sidebar["width"] - 1 and main["width"] >= 0.7 * (width - sidebar["width"])


PASTE_TARGET = """
const target = document.createElement("div");
target.id = "paste-target";
target.contentEditable = "true";
target.addEventListener("paste", (event) => {
  window.pasted = {html: event.clipboardData.getData("text/html"), text: event.clipboardData.getData("text/plain")};
});
document.body.appendChild(target);
target.focus();
"""

NO_CLIPBOARD_API = "delete Navigator.prototype.clipboard; delete window.ClipboardItem;"
"""What a page served over plain HTTP on a network address lacks (not a secure context)."""


def _copy_and_paste(browser: Any, snippet: str, kind: str) -> tuple[str, dict[str, str]]:
    """Click a copy button, then paste with Ctrl+V into an editable block: the status and what was pasted."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    browser.find_element("css selector", f'button[data-copy="{snippet}"][data-as="{kind}"]').click()
    status = browser.find_element("css selector", f'#{snippet} ~ p.status')
    WebDriverWait(browser, 10).until(lambda _: status.text)
    browser.execute_script(PASTE_TARGET)
    ActionChains(browser).key_down(Keys.CONTROL).send_keys("v").key_up(Keys.CONTROL).perform()
    pasted = WebDriverWait(browser, 10).until(lambda b: b.execute_script("return window.pasted"))
    browser.execute_script("document.getElementById('paste-target').remove(); window.pasted = undefined;")
    return status.text, pasted


@pytest.mark.parametrize("api", [True, False], ids=["clipboard-api", "fallback"])
def test_copy_buttons_paste_formatted_and_plain_text(site: str, browser: Any, api: bool) -> None:
    origin = site.rstrip("/")
    browser.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    if not api:
        browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": NO_CLIPBOARD_API})
    browser.get(site + "notices/PR-01.html")
    assert browser.execute_script("return !!navigator.clipboard") is api

    status, pasted = _copy_and_paste(browser, "PR-01-fr-short", "rich")
    assert status == "Copié"
    assert browser.find_element("css selector", "#PR-01-fr-short ~ p.status").get_attribute("aria-live") == "polite"
    html, text = pasted["html"], pasted["text"]  # the HTML as the browser serialises it (&#39; for ')
    assert re.search(r"<h3[^>]*>Protection des données</h3>", html) and "<p" in html, html[:300]
    assert "\u2610 J'accepte de recevoir les offres de Menuiseries Rhône Lumière par courriel." in unescape(html)
    assert text.startswith("Protection des données\n\nMenuiseries Rhône Lumière utilise vos données pour"), text
    assert "\u2610 J'accepte de recevoir les offres" in text
    assert not re.search(r"^[=-]{3,}$", text, re.M) and "<" not in text and "&#39;" not in text

    status, pasted = _copy_and_paste(browser, "PR-01-en-full", "text")
    assert status == "Copié"  # in the page's language
    assert pasted["html"] == "" and pasted["text"].startswith("Data protection: Direct marketing\n\nController: "), pasted
    assert not re.search(r"^[=-]{3,}$", pasted["text"], re.M) and "<" not in pasted["text"]


def test_a_copy_that_fails_says_so(site: str, browser: Any) -> None:
    """Neither the clipboard API nor the browser's copy command: the status says so and selects the text."""
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {
        "source": NO_CLIPBOARD_API + " document.execCommand = () => false;"})
    browser.get(site + "notices/PR-01.html")
    browser.find_element("css selector", 'button[data-copy="PR-01-fr-short"][data-as="rich"]').click()
    status = browser.find_element("css selector", "#PR-01-fr-short ~ p.status")
    assert status.text.startswith("La copie a échoué")
    assert browser.execute_script("return window.getSelection().toString()").startswith("Protection des données")
