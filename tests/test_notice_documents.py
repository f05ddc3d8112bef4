"""Notices as documents: A4 PDF, Word, a standalone page, and the snippet gallery of the HTML build."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from .fuzzing import html_faults, pdf_faults

GOLDEN = Path(__file__).parent / "golden" / "notices"
EPOCH = "1767225600"


@pytest.fixture
def reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def written(run, example: Path, tmp_path: Path, *args: str) -> dict[str, bytes]:
    out = tmp_path / "out"
    result = run("notice", example, *args, "--out", out)
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}


@pytest.mark.slow
def test_pdf_notice_has_title_organisation_date_bookmarks_and_fonts(run, example: Path, tmp_path: Path,
                                                                    reproducible: None) -> None:
    files = written(run, example, tmp_path, "--policy", "--format", "pdf")
    reader = PdfReader(io.BytesIO(files["privacy-policy.fr.pdf"]))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Politique de protection des données personnelles" in text and "Menuiseries Rhône Lumière" in text
    assert "Mise à jour : 30 septembre 2026 (version hors contrôle de version)" in text
    assert reader.metadata.title.startswith("Politique de protection des données personnelles")
    assert reader.metadata.author == "Menuiseries Rhône Lumière"
    outline = [item for item in reader.outline if not isinstance(item, list)]
    nested = [child.title for item in reader.outline if isinstance(item, list) for child in item
              if not isinstance(child, list)]
    assert outline[0].title == "Politique de protection des données personnelles"
    assert "Gestion des clients" in nested and "Prospection commerciale" in nested
    fonts = {f["/BaseFont"] for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts and all("+" in str(font) for font in fonts)  # subset, hence embedded
    again = written(run, example, tmp_path / "again", "--policy", "--format", "pdf")
    assert again["privacy-policy.fr.pdf"] == files["privacy-policy.fr.pdf"]


def test_annex_mode_is_compact_and_pdf_a_on_request(run, example: Path, tmp_path: Path) -> None:
    normal = written(run, example, tmp_path / "n", "--policy", "--format", "pdf")["privacy-policy.fr.pdf"]
    annex = written(run, example, tmp_path / "a", "--policy", "--format", "pdf", "--annex",
                    "--pdf-variant", "pdf/a-3b")["privacy-policy.fr.pdf"]
    reader = PdfReader(io.BytesIO(annex))
    assert len(reader.pages) < len(PdfReader(io.BytesIO(normal)).pages)
    assert b'pdfaid:part="3"' in reader.trailer["/Root"]["/Metadata"].get_object().get_data()


def test_word_notice_keeps_headings_lists_links_and_boxes(run, example: Path, tmp_path: Path, reproducible: None,
                                                          golden: Callable[[Path, str], None]) -> None:
    files = written(run, example, tmp_path, "PR-01", "--format", "docx")
    document = docx.Document(io.BytesIO(files["PR-01.full.fr.docx"]))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert styles[0] == ("Heading 1", "Protection des données : Prospection commerciale")
    assert ("Heading 2", "Vos droits") in styles
    assert any(name == "Privacy List" for name, _ in styles)
    boxes = [text for name, text in styles if name == "Privacy Checkbox"]
    assert len(boxes) == 5 and all(text.startswith("☐ ") for text in boxes)
    links = [rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")]
    assert "https://www.cnil.fr/fr/plaintes" in links
    assert document.core_properties.author == "Menuiseries Rhône Lumière"
    golden(GOLDEN / "PR-01.full.fr.docx.txt", "".join(f"[{name}] {text}\n" for name, text in styles))
    again = written(run, example, tmp_path / "again", "PR-01", "--format", "docx")
    assert again == files


class Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if values.get("id"):
            self.ids.append(values["id"] or "")


def test_standalone_page_is_accessible_and_self_contained(run, example: Path, reproducible: None,
                                                          golden: Callable[[Path, str], None]) -> None:
    page = run("notice", example, "--policy", "--format", "html", "--page").output
    outline = Outline()
    outline.feed(page)
    assert outline.lang == "fr"
    assert outline.headings[0] == 1 and all(b - a <= 1 for a, b in zip(outline.headings, outline.headings[1:]))
    assert {"activity-GC-01", "activity-PR-01"} <= set(outline.ids)
    assert "@media print" in page and html_faults(page, page=True) == []
    golden(GOLDEN / "privacy-policy.fr.page.html", page)


def test_hostile_text_stays_text_in_the_new_formats(run, example: Path, tmp_path: Path) -> None:
    path = example / "activities" / "gestion-clients.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: {fr: Gestion des clients",
                                 "name: {fr: '<script>x</script> [a](javascript:alert(1))'", 1), encoding="utf-8")
    pdf = written(run, example, tmp_path / "pdf", "GC-01", "--format", "pdf")["GC-01.full.fr.pdf"]
    assert pdf_faults(pdf) == []
    assert "<script>x</script>" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    word = docx.Document(io.BytesIO(written(run, example, tmp_path / "docx", "GC-01", "--format",
                                            "docx")["GC-01.full.fr.docx"]))
    assert all(rel.target_ref.startswith(("https://", "http://", "mailto:"))
               for rel in word.part.rels.values() if rel.reltype.endswith("/hyperlink"))
    page = run("notice", example, "GC-01", "--format", "html", "--page").output
    assert html_faults(page, page=True) == []


def test_pdf_and_word_need_a_folder(run, example: Path) -> None:
    result = run("notice", example, "--format", "docx")
    assert result.exit_code == 2 and "give --out FOLDER" in result.output


def test_gallery_offers_every_snippet_in_both_languages(run, example: Path) -> None:
    assert run("build", example, "--format", "html").exit_code == 0
    output = example / "output"
    register = (output / "register.html").read_text(encoding="utf-8")
    assert '<a href="notices/index.html">Textes d&#39;information à copier</a>' in register
    index = (output / "notices" / "index.html").read_text(encoding="utf-8")
    pages = re.findall(r'<a href="([\w-]+\.html)"><span class="ref">', index)
    assert pages == [f"{i}.html" for i in ("AV-01", "CF-01", "GC-01", "PR-01", "ST-01")]
    assert "<script" not in index
    articles = 0
    for name in pages:
        page = (output / "notices" / name).read_text(encoding="utf-8")
        activity_id = name.removesuffix(".html")
        for code in ("fr", "en"):
            assert f'id="{activity_id}-{code}-short"' in page and f'id="{activity_id}-{code}-full"' in page
        targets = re.findall(r'data-copy="([^"]+)" data-as="(rich|text)"', page)
        assert targets and all(f'<div class="preview" id="{target}">' in page for target, _ in targets)
        assert {kind for _, kind in targets} == {"rich", "text"}
        script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"script-src 'sha256-{digest}'" in page  # the only script the page may run is its own
        assert "<pre" not in page  # what is copied is the notice shown, not a source kept beside it
        articles += page.count("<article")
    assert articles == 2 * (5 * 2 + 2 + 1)  # short and full each, plus PR's form and messages, CF's form

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="no LibreOffice on this machine: 'make test' installs it as root with "
                                            "apt-get, which could not run here")
@pytest.mark.slow
def test_word_notice_opens_in_libreoffice(run, example: Path, tmp_path: Path) -> None:
    files = written(run, example, tmp_path, "PR-01", "--format", "docx")
    source = tmp_path / "PR-01.docx"
    source.write_bytes(files["PR-01.full.fr.docx"])
    done = subprocess.run([str(SOFFICE), "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                           "--convert-to", "txt:Text", "--outdir", str(tmp_path / "converted"), str(source)],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-500:]
    text = (tmp_path / "converted" / "PR-01.txt").read_text(encoding="utf-8-sig")
    assert "Protection des données : Prospection commerciale" in text
    assert "☐ J'accepte de recevoir les offres de Menuiseries Rhône Lumière par SMS." in text
