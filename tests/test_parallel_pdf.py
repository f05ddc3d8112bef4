"""The PDF laid out in chunks on several processes is the single-pass PDF: same pages, text, table of
contents numbers, running footers, outline, named destinations and links; and any --jobs gives the
same bytes (with SOURCE_DATE_EPOCH)."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pypdf
import pytest

from registry import load
from registry.build import Timeline, _stamp, build_register
from registry.i18n import Messages
from registry.loading.register import Register
from registry.render.environment import Templates
from registry.render.pdf import chunks
from registry.render.pdf.weasy import render_pdf
from registry.render.register import RegisterDocument
from registry.resources import templates_dir
from registry.views import register_view

from .conftest import FIXTURE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def reproducible() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1790000000")
        yield


@pytest.fixture(scope="module")
def register() -> Register:
    loaded = load(FIXTURE).register
    assert loaded is not None
    return loaded


def single_pass_pdf(register: Register, variant: str | None = None) -> bytes:
    """The register's PDF laid out by WeasyPrint in one pass, as before chunks existed."""
    messages = Messages("fr")
    view = register_view(register, messages, _stamp(register, Timeline(), messages))
    document = RegisterDocument(view, Templates(register.root), register, "", templates_dir())
    content, warnings = render_pdf(document.html, document.assets, variant)
    assert not warnings
    return content


@pytest.fixture(scope="module")
def single_pass(register: Register) -> bytes:
    return single_pass_pdf(register)


@pytest.fixture(scope="module")
def chunked(register: Register) -> dict[int, bytes]:
    return {jobs: build_register(register, ["pdf"], jobs=jobs).artifacts[0].content for jobs in (1, 2)}


def describe(content: bytes) -> dict[str, object]:
    """What a reader sees and follows: each page's text and size, the outline, destinations and links."""
    pdf = pikepdf.open(io.BytesIO(content))
    index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    names = {str(name): (index[target[0].objgen], round(float(target[2]), 1), round(float(target[3]), 1))
             for name, target in pikepdf.NameTree(pdf.Root.Names.Dests).items()}
    outline: list[tuple[int, str, int]] = []

    def walk(items: list[pikepdf.OutlineItem], depth: int) -> None:
        for item in items:
            outline.append((depth, item.title, index[item.destination[0].objgen]))
            walk(item.children, depth + 1)

    with pdf.open_outline() as tree:
        walk(tree.root, 0)
    links = [(i, [round(float(v), 1) for v in annotation.Rect], str(annotation.get("/Dest", "")),
              str(annotation.get("/A", {}).get("/URI", "")) if "/A" in annotation else "")
             for i, page in enumerate(pdf.pages) for annotation in page.obj.get("/Annots", [])]
    reader = pypdf.PdfReader(io.BytesIO(content))
    return {
        "text": [page.extract_text() for page in reader.pages],
        "sizes": [(round(float(page.mediabox.width)), round(float(page.mediabox.height))) for page in reader.pages],
        "outline": outline, "names": names, "links": links,
        "info": {key: value for key, value in reader.metadata.items() if key != "/Producer"},
    }


def test_chunked_is_the_single_pass_document(single_pass: bytes, chunked: dict[int, bytes]) -> None:
    """Not the same bytes (the chunks embed their own font subsets, merged into one per font), but
    the same document: this test compares everything a reader sees and follows."""
    expected, actual = describe(single_pass), describe(chunked[2])
    for key in expected:
        assert actual[key] == expected[key], key
    text = "\n".join(actual["text"])  # type: ignore[arg-type]
    total = len(actual["sizes"])  # type: ignore[arg-type]
    assert f"Page {total} / {total}" in text, "the running footer numbers the whole document"
    assert any(w > h for w, h in actual["sizes"][-3:]), "the security matrix keeps its landscape pages"  # type: ignore[index]


def test_any_number_of_processes_gives_the_same_bytes(chunked: dict[int, bytes]) -> None:
    assert chunked[1] == chunked[2]


PARENT, LAY_OUT = os.getpid(), chunks.lay_out


def _laid_out_here_only(task: chunks.Task) -> chunks.Laid:
    if os.getpid() != PARENT:
        os._exit(9)  # as a process killed for lack of memory
    return LAY_OUT(task)


def test_chunks_a_dead_process_left_are_laid_out_here(register: Register, chunked: dict[int, bytes],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunks, "lay_out", _laid_out_here_only)
    assert build_register(register, ["pdf"], jobs=2).artifacts[0].content == chunked[1]


def test_fonts_are_embedded_once(chunked: dict[int, bytes], single_pass: bytes) -> None:
    pdf = pikepdf.open(io.BytesIO(chunked[2]))
    files = {d.FontFile2.objgen for d in pdf.objects
             if isinstance(d, pikepdf.Dictionary) and d.get("/Type") == "/FontDescriptor" and "/FontFile2" in d}
    families = {str(d.FontName).split("+")[-1] for d in pdf.objects
                if isinstance(d, pikepdf.Dictionary) and d.get("/Type") == "/FontDescriptor"}
    assert len(files) == len(families), "one font file per font, shared by every chunk"
    assert len(chunked[2]) < 2 * len(single_pass)


def test_cli_jobs(run, example: Path) -> None:
    result = run("build", example, "--format", "pdf", "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert pypdf.PdfReader(example / "output" / "register.pdf").outline


def test_long_tables_cut_in_groups_give_the_same_document(register: Register, monkeypatch: pytest.MonkeyPatch) -> None:
    """With small groups, the example has what a large register has: the table of contents in parts,
    the list of activities, the retention schedule, the recipients index and the security matrix in
    several tables, fiches in several chunks."""
    import registry.render.pdf.chunks
    import registry.views
    import registry.views.annexes

    monkeypatch.setattr(registry.views.annexes, "ACTIVITIES_PER_TABLE", 4)
    monkeypatch.setattr(registry.views, "CONTENTS_ON_COVER", 2)
    monkeypatch.setattr(registry.render.pdf.chunks, "FICHES_PER_CHUNK", 3)
    messages = Messages("fr")
    view = register_view(register, messages, _stamp(register, Timeline(), messages))
    annexes = view.annexes
    assert annexes is not None and len(annexes.retention) == len(annexes.matrix) == 2 and len(annexes.recipients) > 2
    assert all(sum(len(r.activities) for r in group) - len(group[-1].activities) < 4 for group in annexes.recipients)
    document = RegisterDocument(view, Templates(register.root), register, "", templates_dir())
    assert [len(part) for part in view.contents_parts] == [2, 3] and len(view.fiche_tables) == 2
    assert document.html.count('<nav class="toc continued"') == 1
    assert document.html.count("<section class=\"continued wide\">") == 2  # the list's and the retention schedule's
    assert document.html.count("<section class=\"continued\">") == len(annexes.recipients) - 1
    assert document.html.count("<section class=\"continued matrix\">") == 1
    single, _ = render_pdf(document.html, document.assets)
    chunked = build_register(register, ["pdf"], jobs=2).artifacts[0].content
    assert describe(chunked) == describe(single)


def test_an_empty_register_still_has_its_list_of_activities(run, example: Path) -> None:
    for fiche in (example / "activities").glob("*.yaml"):
        fiche.unlink()
    result = run("build", example, "--format", "pdf", "--jobs", "1", "--no-cache")
    assert result.exit_code == 0, result.output
    titles = [item.title for item in pypdf.PdfReader(example / "output" / "register.pdf").outline
              if not isinstance(item, list)]
    assert "Liste des activités de traitement" in titles


def structure(content: bytes) -> list[tuple[int, str, int | None]]:
    """The tagged PDF's structure tree in reading order: each element's depth, type and page, and each
    annotation it owns (OBJR), as a screen reader walks it."""
    pdf = pikepdf.open(io.BytesIO(content))
    index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    elements: list[tuple[int, str, int | None]] = []

    def walk(element: pikepdf.Object, depth: int) -> None:
        if not isinstance(element, pikepdf.Dictionary):
            return  # a marked-content id
        page = index[element.Pg.objgen] if "/Pg" in element else None
        if element.get("/Type") == "/OBJR":
            elements.append((depth, "OBJR", page))
            return
        elements.append((depth, str(element.S), page))
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid, depth + 1)

    walk(pdf.Root.StructTreeRoot.K[0], 0)
    return elements


def parent_tree_points_back(content: bytes) -> None:
    """Every page's and annotation's key in the parent tree leads to elements of that page or annotation."""
    pdf = pikepdf.open(io.BytesIO(content))
    tree = {int(key): value for key, value in pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree).items()}
    for page in pdf.pages:
        assert all(element.Pg.objgen == page.obj.objgen for element in tree[int(page.obj.StructParents)])
        for annotation in page.obj.get("/Annots", []):
            element = tree[int(annotation.StructParent)]
            assert any(kid.get("/Obj") is not None and kid.Obj.objgen == annotation.objgen for kid in element.K)


@pytest.mark.parametrize("variant", ["pdf/a-3b", "pdf/ua-1"])
def test_variants_are_laid_out_in_chunks_and_keep_their_conformance(register: Register, variant: str) -> None:
    """PDF/A-3b and PDF/UA-1 come from the chunks too: the same document as one pass, the cover's XMP
    metadata (with its conformance claim) and output intent, printable links (PDF/A), and for PDF/UA one
    structure tree equal to the single pass's, a parent tree that leads back to every page and link,
    and the running header and footer drawn as artifacts."""
    single = single_pass_pdf(register, variant)
    chunked = build_register(register, ["pdf"], pdf_variant=variant, jobs=2).artifacts[0].content
    assert describe(chunked) == describe(single)
    expected, actual = pikepdf.open(io.BytesIO(single)), pikepdf.open(io.BytesIO(chunked))
    assert actual.check_pdf_syntax() == []
    assert sorted(actual.Root.keys()) == sorted(expected.Root.keys())
    assert actual.Root.Metadata.read_bytes() == expected.Root.Metadata.read_bytes()
    assert actual.pdf_version == expected.pdf_version
    flags = [[a.get("/F") for a in page.obj.get("/Annots", [])] for page in actual.pages]
    assert flags == [[a.get("/F") for a in page.obj.get("/Annots", [])] for page in expected.pages]
    if variant == "pdf/a-3b":
        assert all(flag == 4 for page in flags for flag in page), "PDF/A prints every annotation"
        assert b'pdfaid:part="3"' in actual.Root.Metadata.read_bytes()
        assert actual.Root.OutputIntents[0].DestOutputProfile.read_bytes() == \
            expected.Root.OutputIntents[0].DestOutputProfile.read_bytes()
    else:
        assert structure(chunked) == structure(single)
        parent_tree_points_back(chunked)
        assert all(b"/Artifact BMC q /RegistryRunning" in page.obj.Contents[-1].read_bytes()
                   for page in actual.pages)


def test_every_table_of_the_pdf_has_fixed_column_widths(register: Register) -> None:
    """Column widths come from the stylesheet, not from measuring every cell (a fifth of the layout
    time): a table added without widths would be laid out in equal columns, and this test names it."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    messages = Messages("fr")
    view = register_view(register, messages, _stamp(register, Timeline(), messages))
    document = RegisterDocument(view, Templates(register.root), register, "", templates_dir())
    laid = HTML(string=document.html, base_url=str(document.assets)).render()

    def tables(box: object) -> Iterator[object]:
        if isinstance(box, boxes.TableBox):
            yield box
        for child in getattr(box, "children", ()):
            yield from tables(child)

    seen = set()
    for page in laid.pages[1:]:  # the cover's short table keeps the automatic layout
        for table in tables(page._page_box):
            first_cell = table.children[0].children[0].children[0]
            seen.add(table.element.get("class"))
            assert table.style["table_layout"] == "fixed" and first_cell.style["width"].unit == "%", \
                table.element.get("class")
    assert {"list", "purposes", "data", "recipients", "retention", "matrix"} <= seen


def test_the_outline_nests_bookmarks_as_weasyprint_does() -> None:
    """Levels that skip, climb back past several, or start deep: the same tree as WeasyPrint's one pass."""
    import random
    from types import SimpleNamespace

    from weasyprint.document import Document

    from registry.render.pdf.assemble import outline
    from registry.render.pdf.chunks import Laid

    generator = random.Random(30)
    for _ in range(200):
        pages = [(842.0 + page, [(generator.randint(1, 6), f"b{page}.{n}", (float(n), 10.0 * n), "open")
                                 for n in range(generator.randint(0, 4))])
                 for page in range(generator.randint(1, 6))]
        chunk = Laid("chunk", b"", [], pages, {})
        expected = Document.make_bookmark_tree(SimpleNamespace(pages=[SimpleNamespace(height=h, bookmarks=b)
                                                                      for h, b in pages]),
                                               scale=0.75, transform_pages=True)
        assert outline([chunk]) == _plain(expected)


def _plain(tree: list) -> list:  # type: ignore[type-arg]
    return [(label, tuple(position), _plain(children), state) for label, position, children, state in tree]
