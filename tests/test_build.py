"""`registry build`: golden HTML, the PDF an auditor reads, reproducibility, safety, atomicity."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from registry import load
from registry.build import build_register
from registry.loading.version import register_version
from registry.render.pdf.weasy import fetcher

from .conftest import FIXTURE, STYLESHEET

GOLDEN = Path(__file__).parent / "golden"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


@pytest.fixture
def reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def built(root: Path, formats: list[str], **options: str) -> dict[str, bytes]:
    result = load(root)
    assert result.ok, result.problems
    outcome = build_register(result.register, formats, **options)
    assert outcome.warnings == []
    return {a.path: a.content for a in outcome.artifacts}


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    root = tmp_path_factory.mktemp("pdf") / "register"
    shutil.copytree(FIXTURE, root)
    return PdfReader(io.BytesIO(built(root, ["pdf"])["register.pdf"]))


def test_golden_html(example: Path, reproducible: None, golden: Callable[[Path, str], None]) -> None:
    files = built(example, ["html"])
    assert sorted(files) == ["activities/AV-01.html", "activities/CF-01.html", "activities/GC-01.html",
                             "activities/PR-01.html", "activities/ST-01.html", "notices/AV-01.html", "notices/CF-01.html",
                             "notices/GC-01.html", "notices/PR-01.html", "notices/ST-01.html", "notices/index.html",
                             "register.html"]
    golden(GOLDEN / "register.fr.html", files["register.html"].decode())
    golden(GOLDEN / "activity-PR-01.fr.html", files["activities/PR-01.html"].decode())


def test_golden_html_english(example: Path, reproducible: None, golden: Callable[[Path, str], None]) -> None:
    files = built(example, ["html"], language="en")
    assert "register.en.html" in files
    html = files["register.en.html"].decode()
    assert "Record of processing activities" in html and "Customer management" in html
    golden(GOLDEN / "register.en.html", html)


def test_golden_stylesheet(example: Path, golden: Callable[[Path, str], None]) -> None:
    """Every page carries the same stylesheet, with the organisation and title in the running header."""
    files = built(example, ["html"])
    sheets = {STYLESHEET.search(content.decode()).group(1) for name, content in files.items()
              if not name.startswith("notices/")}
    assert len(sheets) == 1
    golden(GOLDEN / "register.fr.css", sheets.pop())


def test_html_is_self_contained(example: Path) -> None:
    html = built(example, ["html"])["register.html"].decode()
    for fetching in ("<link", "<script", "src=", "@import", "url("):
        assert fetching not in html


def test_empty_sections_say_so(example: Path) -> None:
    html = built(example, ["html"])["register.html"].decode()
    assert "Aucun transfert hors de l&#39;Union européenne" in html  # the reviews activity
    assert "Aucune donnée sensible" in html


def test_missing_recommended_information_is_marked(example: Path) -> None:
    path = example / "activities" / "avis-clients.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    retention:\n      duration: P3Y\n      from: publication\n", "", 1), encoding="utf-8")
    html = built(example, ["html"])["activities/AV-01.html"].decode()
    assert '<span class="todo">À compléter</span>' in html


@pytest.mark.slow
def test_pdf_has_every_section_and_activity(example_pdf: PdfReader) -> None:
    text = "\n".join(page.extract_text() for page in example_pdf.pages)
    for heading in ("Registre des activités de traitement", "Sommaire", "Organisme", "Liste des activités de traitement",
                    "Annexe A : durées de conservation", "Annexe B : destinataires et sous-traitants",
                    "Annexe C : transferts hors de l'Union européenne", "Annexe D : mesures de sécurité par activité",
                    "Finalités du traitement", "Catégories de données personnelles", "Mesures de sécurité"):
        assert heading in text, heading
    for ref in ("GC-01", "PR-01", "ST-01", "CF-01", "AV-01"):
        assert ref in text
    assert "Page 1 / " in text and "hors contrôle de version" in text


@pytest.mark.slow
def test_pdf_bookmarks_pages_and_metadata(example_pdf: PdfReader) -> None:
    def titles(outline: list) -> list[str]:
        return [t for item in outline for t in (titles(item) if isinstance(item, list) else [item.title])]

    bookmarks = titles(example_pdf.outline)
    for fiche in ("GC-01 Gestion des clients", "PR-01 Prospection commerciale", "AV-01 Gestion des avis clients"):
        assert fiche in bookmarks
    assert "Annexe D : mesures de sécurité par activité" in bookmarks
    assert len(example_pdf.pages) >= 15
    meta = example_pdf.metadata
    assert meta.title == "Registre des activités de traitement — Menuiseries Rhône Lumière"
    assert meta.author == "Menuiseries Rhône Lumière"
    assert meta.subject == "Registre du responsable de traitement (article 30.1 du RGPD)"
    assert meta.creation_date is not None
    assert example_pdf.trailer["/Root"].get("/Lang") == "fr"


@pytest.mark.slow
def test_pdf_fonts_are_embedded(example_pdf: PdfReader) -> None:
    fonts = {}
    for page in example_pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts


@pytest.mark.slow
def test_reproducible_bytes(example: Path, reproducible: None) -> None:
    first, second = built(example, ["html", "pdf"]), built(example, ["html", "pdf"])
    assert first == second


@pytest.mark.slow
def test_pdf_a3b_for_archiving(example: Path) -> None:
    reader = PdfReader(io.BytesIO(built(example, ["pdf"], pdf_variant="pdf/a-3b")["register.pdf"]))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3" pdfaid:conformance="B"' in xmp


@pytest.mark.slow
def test_pdf_ua1_is_tagged(example: Path) -> None:
    reader = PdfReader(io.BytesIO(built(example, ["pdf"], pdf_variant="pdf/ua-1")["register.pdf"]))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]


@pytest.mark.slow
def test_injected_html_is_escaped_everywhere(example: Path) -> None:
    path = example / "activities" / "statistiques.yaml"
    payload = '<script>alert(1)</script><img src="http://attacker.example/x.png">'
    text = path.read_text(encoding="utf-8").replace("software: [Metabase]", f"software: ['{payload}']")
    text = text.replace("description:\n  fr: >-\n", f"description:\n  fr: >-\n    {payload} ![i](http://attacker.example/i.png)\n")
    path.write_text(text, encoding="utf-8")
    files = built(example, ["html", "pdf"])
    for name in ("register.html", "activities/ST-01.html"):
        html = files[name].decode()
        assert "<script>" not in html and "<img" not in html and "attacker.example/i.png" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(files["register.pdf"])).pages)
    assert "<script>alert(1)</script>" in pdf_text


def test_pdf_fetcher_refuses_the_outside(tmp_path: Path) -> None:
    fetch = fetcher(tmp_path)
    with pytest.raises(ValueError):
        fetch("http://attacker.example/x.png")
    with pytest.raises(ValueError):
        fetch("file:///etc/passwd")
    (tmp_path / "logo.svg").write_text("<svg/>")
    assert fetch((tmp_path / "logo.svg").as_uri()).url.endswith("logo.svg")


def test_template_override_extends_the_default(example: Path) -> None:
    override = example / "templates" / "register" / "register.html"
    override.parent.mkdir(parents=True)
    override.write_text('{% extends "default:register/register.html" %}'
                        '{% block sidebar %}<p id="custom">Registre interne</p>{{ super() }}{% endblock %}',
                        encoding="utf-8")
    html = built(example, ["html"])["register.html"].decode()
    assert '<p id="custom">Registre interne</p>' in html
    assert 'id="activity-GC-01"' in html


def test_version_from_git(example: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(example), *args], check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=DPO", "-c", "user.email=dpo@example.org", "commit", "-q", "-m", "register")
    commit = subprocess.run(["git", "-C", str(example), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    html = built(example, ["html"])["register.html"].decode()
    assert f">{commit}</td>" in html
    path = example / "activities" / "statistiques.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert f">{commit} (modifiée depuis ce commit)</td>" in built(example, ["html"])["register.html"].decode()


def test_a_warm_build_sees_a_file_changed_in_place(example: Path, tmp_path: Path) -> None:
    """The working tree's blob ids are remembered by each file's status: an edit of the same size, made at
    once, still marks the version modified, and undoing it unmarks it."""
    from registry.cache.store import Cache

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(example), *args], check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=DPO", "-c", "user.email=dpo@example.org", "commit", "-q", "-m", "register")
    cache = Cache(tmp_path / "cache")
    html = lambda: build_register(load(example).register, ["html"], cache=cache).artifacts[0].content.decode()  # noqa: E731
    assert "(modifiée depuis ce commit)" not in html() and "(modifiée depuis ce commit)" not in html()
    path = example / "activities" / "statistiques.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("P", "Q", 1), encoding="utf-8")  # same size, same second
    assert "(modifiée depuis ce commit)" in html()
    path.write_text(original, encoding="utf-8")
    assert "(modifiée depuis ce commit)" not in html()


def test_processor_register_has_its_own_layout(processor_register) -> None:
    html = built(processor_register(), ["html"])["register.html"].decode()
    assert "Registre du sous-traitant (article 30.2 du RGPD)" in html
    assert "Boutique Exemple SARL" in html and "Gestion des désabonnements" in html
    assert "Finalités du traitement" not in html and "Annexe A" not in html


def test_built_in_templates_do_not_mark_the_register_modified(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The example register shares the tool's root: a change to a built-in template is not a change of the register."""
    import registry.resources

    builtin = example / "templates"
    shutil.copytree(registry.resources.templates_dir(), builtin)
    monkeypatch.setattr(registry.resources, "templates_dir", lambda: builtin)
    subprocess.run(["git", "-C", str(example), "init", "-q"], check=True)
    subprocess.run(["git", "-C", str(example), "add", "."], check=True)
    subprocess.run(["git", "-C", str(example), "-c", "user.name=DPO", "-c", "user.email=dpo@example.org", "commit",
                    "-q", "-m", "register"], check=True)
    (builtin / "register" / "style.css").write_text("/* restyled */\n", encoding="utf-8")
    assert register_version(example).modified is False
    (example / "activities" / "statistiques.yaml").write_text("\n", encoding="utf-8")
    assert register_version(example).modified is True


def test_gaps_are_marked_and_located(example: Path) -> None:
    """Each "À compléter" mark in the document is a B001 warning pointing at the field to fill."""
    settings = example / "registry.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("  legal_form: SAS\n", ""), encoding="utf-8")
    result = load(example)
    outcome = build_register(result.register, ["html"])
    html = next(a.content.decode() for a in outcome.artifacts if a.path == "register.html")
    assert html.count('<span class="todo">') == len(outcome.problems) == 1
    [gap] = outcome.problems
    assert (gap.path, gap.code, gap.line) == ("registry.yaml", "B001", 5)
    assert "fill 'organisation.legal_form'" in gap.message
