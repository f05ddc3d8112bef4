"""The red team's reproducers: a contributor's YAML never reaches the build machine, the PDF or the website."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from pypdf import PdfReader

from registry import load
from registry.build import build_register
from registry.errors import ProblemsError, RegistryError
from registry.render.pdf.weasy import asset_path
from registry.write.staged import Artifact, create_files, write_outputs

from .fuzzing import html_faults

ATTACHMENT = "</style><link rel=attachment href=%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd><style>"


def set_organisation_name(root: Path, name: str) -> None:
    settings = root / "registry.yaml"
    text = settings.read_text(encoding="utf-8").replace("  name: Menuiseries Rhône Lumière",
                                                        f"  name: {json.dumps(name)}", 1)
    settings.write_text(text, encoding="utf-8")


def built(root: Path, formats: list[str]) -> dict[str, bytes]:
    result = load(root)
    assert result.ok, [str(p) for p in result.problems]
    return {a.path: a.content for a in build_register(result.register, formats).artifacts}


class Elements(HTMLParser):
    """Every element and attribute of a page, as a browser would parse it."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data


def parsed(html: bytes) -> Elements:
    elements = Elements()
    elements.feed(html.decode())
    return elements


@pytest.mark.slow
def test_a_name_cannot_attach_local_files_to_the_pdf(example: Path) -> None:
    set_organisation_name(example, ATTACHMENT)
    files = built(example, ["html", "pdf"])
    reader = PdfReader(io.BytesIO(files["register.pdf"]))
    assert reader.attachments == {}
    for name in ("register.html", "activities/GC-01.html"):
        page = parsed(files[name])
        assert [tag for tag, _ in page.tags].count("style") == 1
        assert not [tag for tag, attrs in page.tags if tag == "link"]
        assert "passwd" not in page.style and "Menuiseries" not in page.style


def test_the_fetcher_decodes_and_resolves_before_comparing(tmp_path: Path) -> None:
    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "logo.svg").write_text("<svg/>")
    (tmp_path / "secret").write_text("x")
    assert asset_path((assets / "logo.svg").as_uri(), assets) is not None
    for url in (assets.as_uri() + "/%2e%2e/secret", assets.as_uri() + "/../secret", "file:///etc/passwd",
                "http://169.254.169.254/latest", "data:text/plain,hello", assets.as_uri() + "/logo.svg?x=1"):
        assert asset_path(url, assets) is None, url


@pytest.mark.slow
def test_script_and_css_injection_cannot_hide_a_fiche(example: Path) -> None:
    set_organisation_name(example, 'X"; } section.fiche { display: none } x { content: "\r<script>alert(1)</script>')
    files = built(example, ["html", "pdf"])
    for name in ("register.html", "activities/GC-01.html"):
        page = parsed(files[name])
        assert "script" not in [tag for tag, _ in page.tags]
        assert "display: none }" not in page.style
        csp = [attrs.get("content") for tag, attrs in page.tags if attrs.get("http-equiv") == "Content-Security-Policy"]
        assert csp and "default-src 'none'" in (csp[0] or "")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(files["register.pdf"])).pages)
    for ref in ("GC-01", "PR-01", "ST-01", "CF-01", "AV-01"):
        assert text.count(ref) >= 3, ref  # table of contents, list of activities, its fiche


def test_a_template_override_cannot_run_code(example: Path, run) -> None:
    override = example / "templates" / "register" / "register.html"
    override.parent.mkdir(parents=True)
    override.write_text('{% extends "default:register/register.html" %}\n{% block sidebar %}\n'
                        "{{ cycler.__init__.__globals__.os.popen('id').read() }}\n{% endblock %}\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        built(example, ["html"])
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.code) == ("templates/register/register.html", 3, "T001")
    assert "unsafe" in problem.message
    result = run("build", example, "--format", "html")
    assert result.exit_code == 1
    assert "templates/register/register.html:3:1: error: T001 template error" in result.output
    assert not (example / "output").exists()


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_notices_apply_one_url_policy(example: Path, run, fmt: str) -> None:
    path = example / "activities" / "gestion-clients.yaml"
    text = path.read_text(encoding="utf-8")
    hostile = ("'[clic](javascript:alert(1)) [d](data:text/html;base64,PHNjcmlwdD4=) [f](file:///etc/passwd) "
               "![pixel](http://10.0.0.1/track.png) [ok](https://www.example.org/)'")
    path.write_text(text.replace("name: {fr: Gestion des clients", f"name: {{fr: {hostile}", 1), encoding="utf-8")
    assert hostile.strip("'") in path.read_text(encoding="utf-8")
    result = run("notice", example, "GC-01", "--format", fmt)
    assert result.exit_code == 0, result.output
    # Parsed, not searched: the text may quote an address, no element may use it.
    if fmt == "txt":
        assert not any(f"<{scheme}" in result.output for scheme in ("javascript", "data", "file", "http://10."))
        assert "ok <https://www.example.org/>" in result.output
        return
    html = result.output if fmt == "html" else markdown.markdown(result.output)
    assert html_faults(html, page=False) == []
    if fmt == "md":
        links = [attrs.get("href") for tag, attrs in parsed(html.encode()).tags if tag == "a"]
        assert "https://www.example.org/" in links


def test_github_annotations_cannot_be_forged(example: Path, run) -> None:
    forged = example / "activities" / "x\n::error file=evil::forged.yaml"
    forged.write_text("id: [\n", encoding="utf-8")
    result = run("check", example, "--format", "github")
    lines = result.output.splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert not any(line.startswith("::error file=evil") for line in lines)
    assert "%0A" in result.output and "%3A%3Aerror" in result.output


def test_a_problem_is_one_line_with_control_characters_escaped(example: Path, run) -> None:
    (example / "activities" / "x\ny.yaml").write_text("id: [\n", encoding="utf-8")
    result = run("validate", example)
    assert "activities/x\\ny.yaml:2:1: error: V001" in result.output


def test_links_leaving_the_register_are_refused(example: Path, tmp_path: Path, run) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("secret line one\nsecret: two\n", encoding="utf-8")
    (example / "activities" / "link.yaml").symlink_to(outside)
    result = run("validate", example)
    assert result.exit_code == 1
    assert "activities/link.yaml:1:1: error: V015" in result.output and "secret" not in result.output


def test_init_never_writes_half_or_through_a_link(tmp_path: Path, run) -> None:
    target = tmp_path / "new"
    target.mkdir()
    (target / "registry.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    result = run("init", target)
    assert result.exit_code == 1 and "already exists" in result.output
    assert not (tmp_path / "elsewhere.yaml").exists()
    with pytest.raises(Exception) as caught:
        create_files({"a.txt": b"a", "sub/b.txt": b"b"}, Path("/proc/registry-cannot-write"))
    assert "nothing was changed" in str(caught.value)
    result = run("init", "/proc/registry-cannot-write-here")  # a folder nobody, root included, can create
    assert result.exit_code == 1 and result.output.startswith("error: cannot write")
    assert "Traceback" not in result.output


def test_schema_out_reports_a_write_failure(tmp_path: Path, run) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("schema", "--out", blocker / "schemas")
    assert result.exit_code == 1 and result.output.startswith("error: cannot write")


def _html(path: str) -> str:
    return "html"


def test_outputs_renew_their_own_files(tmp_path: Path) -> None:
    """A page registry wrote for a series it renews and no longer makes goes (a deleted activity's);
    nothing else is added to the folder, and nothing is written beside it but the manifest."""
    out = tmp_path / "output"
    write_outputs([Artifact("register.html", b"1"), Artifact("activities/A.html", b"1")], out, _html)
    written = write_outputs([Artifact("register.html", b"2"), Artifact("activities/B.html", b"2")], out, _html)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "activities/B.html", "register.html"]
    assert written.removed == [out / "activities/A.html"] and written.kept == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.registry-manifest.json", "output"]
    write_outputs([Artifact("register.html", b"3")], out)
    assert (out / "activities/B.html").exists(), "a write of no series only adds and replaces"


def test_unchanged_outputs_are_left_in_place(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_outputs([Artifact("register.html", b"1"), Artifact("activities/A.html", b"same")], out)
    kept = (out / "activities/A.html").stat().st_ino
    changed = (out / "register.html").stat().st_ino
    write_outputs([Artifact("register.html", b"2"), Artifact("activities/A.html", b"same")], out)
    assert (out / "activities/A.html").stat().st_ino == kept
    assert (out / "register.html").stat().st_ino != changed and (out / "register.html").read_bytes() == b"2"
    assert (out / "activities/A.html").stat().st_nlink == 1, "no file of the output is linked to another"


def test_outputs_made_from_the_same_are_kept_without_being_made(tmp_path: Path) -> None:
    """A renderer that knows what a file is made from lets the writer keep the previous output's file
    without making the content or reading it; a file changed since by hand is made again."""
    out, made = tmp_path / "output", []

    def page(name: str, content: bytes, made_from: str) -> Artifact:
        return Artifact(name, lambda: made.append(name) or content, made_from=made_from)

    write_outputs([page("notices/A.html", b"a", "1"), page("notices/B.html", b"b", "1")], out)
    kept = (out / "notices/A.html").stat().st_ino
    assert made == ["notices/A.html", "notices/B.html"]
    write_outputs([page("notices/A.html", b"a", "1"), page("notices/B.html", b"B", "2")], out)
    assert made[2:] == ["notices/B.html"], "A was made from the same: kept, not made"
    assert (out / "notices/A.html").stat().st_ino == kept and (out / "notices/B.html").read_bytes() == b"B"

    edited = out / "notices/A.html"
    edited.write_bytes(b"x")  # by hand, same size, and later
    os.utime(edited, ns=(edited.stat().st_atime_ns, edited.stat().st_mtime_ns + 1_000_000))
    write_outputs([page("notices/A.html", b"a", "1"), page("notices/B.html", b"B", "2")], out)
    assert made[3:] == ["notices/A.html"] and (out / "notices/A.html").read_bytes() == b"a"

    manifest = tmp_path / ".output.registry-manifest.json"
    manifest.write_text("[not, what, was, written", encoding="utf-8")
    write_outputs([page("notices/A.html", b"a", "1"), page("notices/B.html", b"B", "2")], out)
    assert made[4:] == ["notices/A.html", "notices/B.html"], "an unreadable manifest keeps nothing unread"
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    recorded["files"]["notices/A.html"][1] = "1"  # its size
    manifest.write_text(json.dumps(recorded), encoding="utf-8")
    write_outputs([page("notices/A.html", b"a", "1"), page("notices/B.html", b"B", "2")], out)
    assert made[6:] == ["notices/A.html", "notices/B.html"], "nor one holding something else"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.registry-manifest.json", "output"]


def test_nothing_is_written_through_a_link_in_the_output(tmp_path: Path) -> None:
    """A page of the output swapped for a link to an outside file, or a folder swapped for a link to an
    outside folder: the write is refused before anything changes, and the outside files keep their bytes."""
    out, outside = tmp_path / "output", tmp_path / "outside"
    (outside / "activities").mkdir(parents=True)
    (outside / "register.html").write_bytes(b"mine")
    (outside / "activities/A.html").write_bytes(b"mine")
    write_outputs([Artifact("register.html", b"1"), Artifact("activities/A.html", b"1")], out)
    (out / "register.html").unlink()
    (out / "register.html").symlink_to(outside / "register.html")
    with pytest.raises(RegistryError, match="register.html is a link"):
        write_outputs([Artifact("register.html", b"2"), Artifact("activities/A.html", b"2")], out)
    assert (out / "activities/A.html").read_bytes() == b"1", "refused before anything changed"
    (out / "register.html").unlink()
    shutil.rmtree(out / "activities")
    (out / "activities").symlink_to(outside / "activities")
    with pytest.raises(RegistryError, match="activities is a link"):
        write_outputs([Artifact("register.html", b"2"), Artifact("activities/A.html", b"2")], out)
    assert {p.name: p.read_bytes() for p in outside.rglob("*.html")} == {"register.html": b"mine", "A.html": b"mine"}


def test_a_folder_of_the_users_own_files_keeps_them(tmp_path: Path) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "contract.docx").write_bytes(b"mine")
    written = write_outputs([Artifact("register.html", b"1")], out, _html)
    assert written.kept == [out / "contract.docx"]
    written = write_outputs([Artifact("register2.html", b"1")], out, _html)
    assert written.removed == [out / "register.html"] and written.kept == [out / "contract.docx"]
    assert (out / "contract.docx").read_bytes() == b"mine"


KILLED_WRITE = (
    "import sys\nfrom pathlib import Path\nfrom registry.write.staged import Artifact, write_outputs\n"
    "tag = sys.argv[1].encode()\n"
    "write_outputs([Artifact(f'activities/{i}.html', tag * 20000) for i in range(400)]"
    " + [Artifact('register.html', tag * 20000), Artifact('register.pdf', tag * 20000)], Path(sys.argv[2]),"
    " lambda path: 'all')\n"
)


@pytest.mark.slow
def test_killed_builds_leave_every_file_old_or_new(tmp_path: Path) -> None:
    """Builds killed at every moment of writing: each file is one build's whole, never half of one;
    what a killed build left beside the output is removed by the next."""
    out = tmp_path / "output"
    subprocess.run([sys.executable, "-c", KILLED_WRITE, "0", str(out)], check=True)
    delays = [0.12 + 0.025 * step for step in range(12)]  # starting takes about 0.17 s, writing 0.2 s
    for step, delay in enumerate(delays, start=1):
        process = subprocess.Popen([sys.executable, "-c", KILLED_WRITE, str(step % 10), str(out)])
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        for page in [*out.rglob("*.html"), out / "register.pdf"]:
            content = page.read_bytes()
            assert len(content) == 20000 and len(set(content)) == 1, f"{page} half-written after a kill at {delay:.2f} s"
        assert len(list(out.rglob("*.html"))) == 401
    subprocess.run([sys.executable, "-c", KILLED_WRITE, "9", str(out)], check=True)
    assert {p.read_bytes()[:1] for p in out.rglob("*.*")} == {b"9"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.registry-manifest.json", "output"]


def test_worker_processes_end_with_a_killed_parent(tmp_path: Path) -> None:
    """A build killed from outside leaves no worker laying out pages for nobody."""
    script = (
        "import os, sys, time\n"
        "from registry.cores import worker_pool\n"
        "pool = worker_pool(2)\n"
        "futures = [pool.submit(time.sleep, 60) for _ in range(2)]\n"
        "time.sleep(1)\n"
        "print(' '.join(str(p) for p in pool._processes), flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    workers = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(workers) == 2
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def _alive(pid: int) -> bool:
    """Whether a process runs (a zombie, reaped by nobody once its parent is gone, does not)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return status != "Z"


def test_loading_in_a_long_process_freezes_nothing(example: Path) -> None:
    """A library caller (or a test run) that loads many registers keeps the collector: what each load left in
    cycles is collected, where a frozen heap would keep every register loaded since the process began."""
    import gc

    frozen = gc.get_freeze_count()
    for _ in range(3):
        assert load(example).ok
    assert gc.get_freeze_count() == frozen


def test_a_command_process_freezes_what_it_loaded(example: Path) -> None:
    """The command, run as a process of its own, keeps what it loaded out of later collections."""
    script = ("import gc, sys\nfrom registry import cli\nfreeze = gc.freeze\n"
              "gc.freeze = lambda: (print('frozen', flush=True), freeze())\n"
              "sys.argv = ['registry', 'validate', sys.argv[1]]\ncli.main()\n")
    done = subprocess.run([sys.executable, "-c", script, str(example)], capture_output=True, text=True)
    assert done.returncode == 0 and "frozen" in done.stdout


def test_a_link_into_the_register_s_hidden_files_is_refused_unread(example: Path, run) -> None:
    """A pull request commits ``templates/register/register.html`` as a link to ``../../.git/config``, inside
    the register's folder: the CI's build published the token that ``actions/checkout`` keeps there. A link
    may lead only to a file of the register's own, never to a hidden one (``.git``, ``.env``)."""
    import subprocess

    subprocess.run(["git", "init", "-q", str(example)], check=True)
    subprocess.run(["git", "-C", str(example), "config", "http.https://github.com/.extraheader",
                    "AUTHORIZATION: basic c2VjcmV0LXRva2Vu"], check=True)
    (example / ".env").write_text("API_TOKEN: hunter2\n", encoding="utf-8")
    (example / "templates" / "register").mkdir(parents=True)
    (example / "templates" / "register" / "register.html").symlink_to("../../.git/config")
    result = run("build", example, "--format", "html", "--no-cache")
    assert result.exit_code == 1 and "templates/register/register.html:1:1: error: V015" in result.output
    assert not (example / "output").exists()
    (example / "templates" / "register" / "register.html").unlink()
    (example / "activities" / "env.yaml").symlink_to("../.env")
    result = run("build", example, "--format", "html", "--no-cache")
    assert result.exit_code == 1 and "activities/env.yaml:1:1: error: V015" in result.output
    assert "hunter2" not in result.output and "c2VjcmV0" not in result.output


@pytest.mark.parametrize("description", ["- " * 1000 + "x", "1. " * 1000 + "x", "* " * 1000 + "x"])
def test_a_description_markdown_chokes_on_is_shown_as_written(example: Path, run, description: str) -> None:
    """Lists nested a thousand deep made Python-Markdown recurse past Python's limit, and the build stopped
    with T001 blaming the tool's own ``macros.html``, not the register's file. Such a value is shown as
    written, escaped, and the build goes on."""
    path = example / "activities" / "gestion-clients.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("description:"), text.index("status:")
    path.write_text(text[:start] + f'description:\n  fr: "{description}"\n  en: "x"\n' + text[end:], encoding="utf-8")
    result = run("build", example, "--format", "html", "--no-cache")
    assert result.exit_code == 0, result.output
    assert description[:40] in (example / "output" / "register.html").read_text(encoding="utf-8")


def test_markdown_still_renders_links_after_a_text_too_deep_for_it() -> None:
    """The converter a RecursionError left half-way through its text is not used again: it rendered every
    later link as its Markdown source."""
    from registry.render import markup

    assert "- - -" in markup.render("- " * 1000 + "y")
    assert str(markup.render("voir [la CNIL](https://www.cnil.fr/).")) == 'voir <a href="https://www.cnil.fr/">la CNIL</a>.'
