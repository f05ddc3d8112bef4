"""The flow pictures: what they draw follows the fiche, their layout never lets a label overlap another or
leave its box, user text cannot break out of SVG, Mermaid or DOT, and `registry map` writes them."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pypdfium2
import pytest

from registry import load
from registry.i18n import Messages
from registry.loading.register import Register
from registry.render.pictures import activity_maps
from registry.render.pictures.layout import COLUMN, FONT, PAD, Layout, layout, text_width
from registry.render.pictures.svg import flow_svg
from registry.render.pictures.text import dot, mermaid
from registry.views.fiche import FicheWriter
from registry.views.flows import FlowColumn, FlowGroup, FlowNode, FlowTarget, FlowView, flow_view
from registry.views.gaps import Gaps

from .conftest import DATA

GOLDEN = DATA.parent / "golden" / "flows"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def register() -> Register:
    loaded = load(DATA / "register")
    assert loaded.register is not None
    return loaded.register


def views(register: Register, lang: str = "fr") -> dict[str, FlowView]:
    t = Messages(lang)
    writer = FicheWriter(register, t, Gaps(register))
    return {a.model.id: flow_view(writer.fiche(a), t) for a in register.ordered}


def check_geometry(geometry: Layout) -> None:
    """No text overlaps another, each stays in its column and, for a box's text, in its box; no box
    overlaps another; everything is inside the picture."""
    spans = [(x.x, x.y - FONT, x.x + text_width(x.text, FONT, x.bold), x.y + 3) for x in geometry.texts]
    for (a, b) in itertools.combinations(spans, 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    for box_a, box_b in itertools.combinations(geometry.boxes, 2):
        assert (box_a.x + box_a.width <= box_b.x or box_b.x + box_b.width <= box_a.x
                or box_a.y + box_a.height <= box_b.y or box_b.y + box_b.height <= box_a.y), (box_a, box_b)
    for x0, y0, x1, y1 in spans:
        assert 0 <= x0 and x1 <= geometry.width and 0 <= y0 and y1 <= geometry.height
        inside = [b for b in geometry.boxes if b.x <= x0 < b.x + b.width and b.y <= y0 and y1 <= b.y + b.height]
        for box in inside:
            assert x1 <= box.x + box.width - PAD + 0.01
        if not inside:  # a heading: within its column
            assert x1 - x0 <= COLUMN


def test_the_picture_draws_what_the_fiche_holds(register: Register) -> None:
    flows = views(register)["GC-01"]
    t = Messages("fr")
    writer = FicheWriter(register, t, Gaps(register))
    fiche = writer.fiche(next(a for a in register.ordered if a.model.id == "GC-01"))
    assert fiche.controller is not None
    drawn = [x.node.label for g in flows.groups for x in g.targets]
    assert sorted(drawn) == sorted(r.name for r in [*fiche.controller.recipients, *fiche.controller.authorities])
    assert [p.label for p in flows.purposes] == [p.label for p in fiche.controller.purposes]
    leaving = [x for g in flows.groups for x in g.targets if x.leaves]
    assert [x.node.label for x in leaving] == [x.recipient for x in fiche.transfers]
    assert leaving[0].safeguard is not None and leaving[0].safeguard.label == fiche.transfers[0].tool


def test_a_flow_leaving_without_a_transfer_is_to_complete(register: Register, example: Path) -> None:
    path = example / "activities" / "gestion-clients.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\ntransfers:\n(  .*\n|\s*\n)*", "\n", text), encoding="utf-8")
    loaded = load(example)
    assert loaded.register is not None
    flows = views(loaded.register)["GC-01"]
    leaving = [x for g in flows.groups for x in g.targets if x.leaves]
    assert leaving and all(x.safeguard == FlowNode("À compléter", unknown=True) for x in leaving)
    assert "garanties : À compléter" in flows.description


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_label_overlaps_or_overflows_in_any_fiche(register: Register, lang: str) -> None:
    for flows in views(register, lang).values():
        check_geometry(layout(flows))


def test_long_words_and_many_recipients_stay_in_their_boxes() -> None:
    word = "Établissement" * 6
    targets = [FlowTarget(FlowNode(f"{word} {n}", "États-Unis"), "Hors UE/EEE : États-Unis",
                          FlowNode("À compléter", unknown=True), True) for n in range(30)]
    flows = FlowView("X", "activity-X", "t", [FlowColumn("WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", [FlowNode(word)])],
                     FlowNode(word), [FlowNode(word, "Consentement")], [FlowGroup(word, targets)], None, "d")
    check_geometry(layout(flows))


HOSTILE = '</text><script>alert(1)</script>"]; a --> b & {x} #quot; \\"'


def test_user_text_cannot_break_out_of_any_picture() -> None:
    node = FlowNode(HOSTILE, HOSTILE)
    flows = FlowView("X", "activity-X", HOSTILE, [FlowColumn(HOSTILE, [node])], node, [node],
                     [FlowGroup(HOSTILE, [FlowTarget(node, HOSTILE, node, True)])], HOSTILE, HOSTILE)
    svg = ET.fromstring(f'<div xmlns="http://www.w3.org/2000/svg">{flow_svg(flows)}</div>')
    assert svg.find(f".//{SVG}script") is None
    drawn = "".join(e.text or "" for e in svg.iter(f"{SVG}text")).replace(" ", "")
    assert HOSTILE.replace(" ", "") in drawn  # drawn as written, only wrapped
    assert svg.find(f".//{SVG}title").text == HOSTILE  # type: ignore[union-attr]
    chart = mermaid(flows)
    for line in chart.splitlines():  # no label ends before its closing quote
        assert line.count('"') % 2 == 0, line
    assert "<script>" not in chart and "{x}" not in chart and "\\" in chart
    graph = dot(flows)
    for line in graph.splitlines():  # every quote inside a label is escaped: the quotes left pair up
        assert len(re.findall(r'(?<!\\)"', line)) % 2 == 0, line


@pytest.mark.parametrize(("fmt", "lang"), [("svg", "fr"), ("mermaid", "fr"), ("mermaid", "en"), ("dot", "fr")])
def test_golden_pictures(register: Register, golden: Callable[[Path, str], None], fmt: str, lang: str) -> None:
    content = activity_maps(register, ["GC-01", "RH-01"], fmt, Messages(lang)).decode()
    assert content == activity_maps(register, ["GC-01", "RH-01"], fmt, Messages(lang)).decode()  # same bytes
    golden(GOLDEN / f"GC-01+RH-01.{lang}.{ {'mermaid': 'mmd'}.get(fmt, fmt)}", content)


def test_registry_map_writes_and_never_replaces_a_file_it_did_not_write(run, example: Path, tmp_path: Path) -> None:
    mine = tmp_path / "map.svg"
    mine.write_text("hand-made", encoding="utf-8")
    refused = run("map", example, "--out", mine)
    assert refused.exit_code == 1 and "not written by registry" in refused.output
    assert mine.read_text(encoding="utf-8") == "hand-made"
    out = tmp_path / "flows.mmd"
    assert run("map", example, "GC-01", "--format", "mermaid", "--out", out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("flowchart LR")
    assert run("map", example, "GC-01", "--format", "dot", "--out", out).exit_code == 0  # its own: replaced
    assert out.read_text(encoding="utf-8").startswith('digraph "GC-01"')
    unknown = run("map", example, "NOPE")
    assert unknown.exit_code == 2 and "no activity 'NOPE'" in unknown.output
    printed = run("map", example, "--lang", "en")
    tree = ET.fromstring(printed.output.split("\n", 1)[1])
    assert len(tree.findall(f"{SVG}svg")) == len(load(example).register.ordered)  # type: ignore[union-attr]


@pytest.mark.slow
def test_pdf_pictures_keep_their_labels_apart(run, example: Path) -> None:
    """In the PDF, the text runs between each "Flux de données" heading and the next heading neither
    overlap nor leave the page's text area."""
    assert run("build", example, "--format", "pdf").exit_code == 0
    pdf = pypdfium2.PdfDocument(example / "output" / "register.pdf")
    pictures = 0
    for page in pdf:
        text = page.get_textpage()
        found = text.search("Flux de données").get_next()
        if found is None:
            continue
        pictures += 1
        top = text.get_charbox(found[0])[1]
        below = text.search("Acteurs").get_next()
        bottom = text.get_charbox(below[0])[3] if below else 0.0
        runs = [text.get_rect(i) for i in range(text.count_rects())]
        runs = [r for r in runs if bottom < r[1] and r[3] < top]
        assert runs
        width = page.get_width()
        for left, low, right, high in runs:
            assert 0 < left and right < width
        for a, b in itertools.combinations(runs, 2):
            overlap_x = min(a[2], b[2]) - max(a[0], b[0])
            overlap_y = min(a[3], b[3]) - max(a[1], b[1])
            assert overlap_x <= 0.5 or overlap_y <= 0.5, (a, b)
    assert pictures == len(load(example).register.ordered)  # type: ignore[union-attr]


def test_a_processor_fiche_draws_its_clients_processing_and_sub_processors(
        processor_register: Callable[[str], Path]) -> None:
    loaded = load(processor_register("ovhcloud"))
    assert loaded.register is not None
    flows = views(loaded.register)["P-01"]
    assert [n.label for c in flows.sources for n in c.nodes] == ["Boutique Exemple SARL"]
    assert [p.label for p in flows.purposes] == ["Envoi des messages", "Gestion des désabonnements"]
    assert [g.heading for g in flows.groups] == ["Sous-traitants ultérieurs"]
    assert len(flows.groups[0].targets) == 2
    check_geometry(layout(flows))
