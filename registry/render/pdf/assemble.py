"""One PDF from the chunks: pages in order, running header and footer drawn over them, one table of
destinations (which the chunks' links to one another name), the outline rebuilt, each font kept once,
and for a tagged variant one structure tree (pikepdf/qpdf)."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Iterator
from functools import partial
from itertools import compress, count
from operator import lt
from typing import Any

import pikepdf

from ...kept import Kept
from .chunks import Destination, Laid
from .running import Running


def destinations(laid: list[Laid]) -> dict[str, Destination]:
    """Every named destination of the chunks, by its page index in the whole document."""
    found, first_page = {}, 0
    for chunk in laid:
        found.update({name: (first_page + page, x, y) for name, (page, x, y) in chunk.destinations.items()})
        first_page += len(chunk.sizes)
    return found


Outline = list[tuple[str, Destination, "Outline", str]]
"""Bookmarks: each one's label, destination, children and state ("open" or "closed")."""
POINTS_PER_PIXEL = 0.75


def outline(laid: list[Laid]) -> Outline:
    """The bookmark tree of the whole document: each bookmark under the nearest one before it of a
    lower level, as WeasyPrint nests them in one pass (a level skipped leaves no empty level)."""
    root: Outline = []
    ancestors: list[tuple[int, Outline]] = [(0, root)]  # bookmark levels start at 1
    pages = (page for chunk in laid for page in chunk.bookmarks)
    for index, (height, bookmarks) in enumerate(pages):
        for level, label, (x, y), state in bookmarks:
            while ancestors[-1][0] >= level:
                ancestors.pop()
            children: Outline = []
            position = (index, x * POINTS_PER_PIXEL, y * -POINTS_PER_PIXEL + height * POINTS_PER_PIXEL)
            ancestors[-1][1].append((label, position, children, state))
            ancestors.append((level, children))
    return root


def _items(tree: Outline, pages: list[pikepdf.Object]) -> Iterator[pikepdf.OutlineItem]:
    """The outline's items, each pointing at its page object (pikepdf would look up every page by its
    number again)."""
    for label, (page, x, y), children, state in tree:
        item = pikepdf.OutlineItem(label, pikepdf.Array([pages[page], pikepdf.Name.XYZ, x, y, 0]))
        item.is_closed = state == "closed"
        item.children.extend(_items(children, pages))
        yield item


def merge(laid: list[Laid], running: Running, names: dict[str, Destination], kept: Kept,
          tagged: bool = False) -> bytes:
    """The assembled document; the first chunk (the cover) gives its metadata, language and, in the
    PDF/A and PDF/UA variants, its XMP metadata, output intent and structure tree root."""
    sources = [pikepdf.open(io.BytesIO(chunk.pdf)) for chunk in laid[1:]]
    layers = [pikepdf.open(io.BytesIO(pdf)) for pdf in running.sources]
    with pikepdf.open(io.BytesIO(laid[0].pdf)) as out:
        for key in ("/Outlines", "/Names"):
            if key in out.Root:
                del out.Root[key]
        _append_pages(out, sources)
        for index, (page, form) in enumerate(zip(out.pages, _running_forms(out, layers, running), strict=True)):
            _draw_over(out, index, page, form, tagged)
        if tagged:
            _merge_structure(out, sources, [len(chunk.sizes) for chunk in laid])
        out.Root.Names = pikepdf.Dictionary(Dests=_name_tree(out, names))
        with out.open_outline() as root:
            root.root.extend(_items(outline(laid), [page.obj for page in out.pages]))
        _share_fonts(out, kept)
        buffer = io.BytesIO()
        out.save(buffer, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 fix_metadata_version=False)  # the cover's XMP metadata, kept byte for byte
    for pdf in (*sources, *layers):
        pdf.close()
    return buffer.getvalue()


def _name_tree(pdf: pikepdf.Pdf, names: dict[str, Destination]) -> pikepdf.Object:
    """The named destinations as a name tree of one node, its keys in order: inserting thousands of
    names one by one into pikepdf's ``NameTree`` took a fifth of a second."""
    pages = [page.obj for page in pdf.pages]
    pairs: list[Any] = []
    for name in sorted(names):
        index, x, y = names[name]
        pairs += [pikepdf.String(name), pikepdf.Array([pages[index], pikepdf.Name.XYZ, x, y, 0])]
    return pdf.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(pairs)))


def _append_pages(pdf: pikepdf.Pdf, sources: list[pikepdf.Pdf]) -> None:
    """Add the pages of ``sources`` after those of ``pdf``.

    Through qpdf's own call (pikepdf's ``_add_page``, which its ``add_blank_page`` uses): ``pages.extend``
    adds each page in a time that grows with the document, a second for the 4,000 pages of 1,000
    activities, against a fifth of one."""
    for source in sources:
        for page in source.pages:
            pdf._add_page(page.obj, first=False)


def _running_forms(pdf: pikepdf.Pdf, layers: list[pikepdf.Pdf], running: Running) -> Iterator[pikepdf.Object]:
    """Each page's running header and footer as a form of ``pdf``: the pages of one shape share its
    size and resources, copied once."""
    shapes: dict[tuple[int, int], pikepdf.Object] = {}
    for layer, number, contents in running.pages:
        if (layer, number) not in shapes:
            source, page = layers[layer], layers[layer].pages[number].obj
            shapes[layer, number] = pdf.copy_foreign(source.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=page.MediaBox,
                Resources=source.make_indirect(page.Resources))))
        form = pdf.make_stream(contents)
        form.stream_dict.update(shapes[layer, number])
        yield form


def _draw_over(pdf: pikepdf.Pdf, index: int, page: pikepdf.Page, form: pikepdf.Object, tagged: bool) -> None:
    """Draw ``form`` over ``page``, under a name of its own (pages of a chunk share their resources, and
    the same register must give the same bytes). In a tagged PDF the running header and footer are
    artifacts: page furniture that a screen reader skips."""
    name = pikepdf.Name(f"/RegistryRunning{index}")
    page.add_resource(form, pikepdf.Name.XObject, name)
    drawing = b"q " + name.unparse() + b" Do Q"
    if tagged:
        drawing = b"/Artifact BMC " + drawing + b" EMC"
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    page.contents_add(pdf.make_stream(b"\nQ\n" + drawing + b"\n"))


def _merge_structure(out: pikepdf.Pdf, sources: list[pikepdf.Pdf], page_counts: list[int]) -> None:
    """One structure tree for the tagged chunks (PDF/UA): each chunk's elements, in document order,
    under the cover's Document element, and one parent tree numbered as a single pass numbers it:
    every page by its index in the document, then every annotation, in page order."""
    root = out.Root.StructTreeRoot
    document = root.K[0]
    trees = [_numbers(root.ParentTree)]
    kids = list(document.K)
    for source in sources:
        for kid in source.Root.StructTreeRoot.K[0].K:
            copied = out.copy_foreign(kid)
            copied.P = document
            kids.append(copied)
        trees.append(_numbers(out.copy_foreign(source.Root.StructTreeRoot.ParentTree)))
    document.K = pikepdf.Array(kids)
    chunk_of_page = [chunk for chunk, count in enumerate(page_counts) for _ in range(count)]
    numbers: list[Any] = []
    annotations: list[tuple[pikepdf.Object, Any]] = []
    for index, (page, chunk) in enumerate(zip(out.pages, chunk_of_page, strict=True)):
        if "/StructParents" in page.obj:
            numbers += [index, trees[chunk][int(page.obj.StructParents)]]
            page.obj.StructParents = index
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation:
                annotations.append((annotation, trees[chunk][int(annotation.StructParent)]))
    for key, (annotation, element) in enumerate(annotations, start=len(chunk_of_page)):
        numbers += [key, element]
        annotation.StructParent = key
    root.ParentTree = out.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(numbers)))


def _numbers(tree: pikepdf.Object) -> dict[int, Any]:
    """A parent tree (a number tree) as a mapping."""
    return {int(key): value for key, value in pikepdf.NumberTree(tree).items()}


def _share_fonts(pdf: pikepdf.Pdf, kept: Kept) -> None:
    """Each chunk embeds its own subset of the same fonts: keep one, the union of them, per font.

    WeasyPrint subsets TrueType fonts keeping every glyph's index, so the text of every chunk still
    points at the right glyphs in the union. Other font formats keep their subset per chunk. A union
    is remembered by its subsets: an edit seldom brings a glyph the register did not use already.
    """
    groups: dict[str, list[pikepdf.Dictionary]] = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor" and "/FontFile2" in obj:
            groups.setdefault(str(obj.FontName).split("+")[-1], []).append(obj)
    for descriptors in groups.values():
        streams = list({d.FontFile2.objgen: d.FontFile2 for d in descriptors}.values())
        if len(streams) > 1:
            fonts = [stream.read_bytes() for stream in streams]
            union = kept.remember("font-union", tuple(hashlib.sha256(font).hexdigest() for font in fonts),
                                  partial(_union, fonts))
            if union is not None:
                shared = pikepdf.Stream(pdf, union)
                shared.Length1 = len(union)
                for descriptor in descriptors:
                    descriptor.FontFile2 = shared


def _union(fonts: Iterable[bytes]) -> bytes | None:
    """One TrueType font holding every glyph any of ``fonts`` (subsets of one font) holds, at the same index.

    A glyph's bytes are copied as they are: its components are named by index, and the indices are the
    same in every subset. Only the glyphs a subset holds are read (from its ``loca`` offsets), not the
    thousands it emptied."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    loaded = sorted((TTFont(io.BytesIO(data), recalcTimestamp=False) for data in fonts),
                    key=lambda font: -font["maxp"].numGlyphs)
    if any("glyf" not in font for font in loaded):
        return None
    base = loaded[0]
    order = base.getGlyphOrder()
    glyphs, metrics = base["glyf"], base["hmtx"]
    family = base["name"].getDebugName(6)
    held = _held(base)
    for other in loaded[1:]:
        if other["name"].getDebugName(6) != family or other["head"].unitsPerEm != base["head"].unitsPerEm:
            return None  # not subsets of the same font after all
        missing = sorted(_held(other) - held)
        if not missing:
            continue
        data, offsets, names = other.reader["glyf"], other["loca"], other.getGlyphOrder()
        for index in missing:  # same index, not always the same name
            glyph = Glyph(data[offsets[index]:offsets[index + 1]])
            glyph.expand(glyphs)
            glyphs[order[index]] = glyph
            metrics[order[index]] = other["hmtx"][names[index]]
            held.add(index)
    buffer = io.BytesIO()
    base.save(buffer)
    return buffer.getvalue()


def _held(font: Any) -> set[int]:
    """The indices of the glyphs a subset holds: the others have no bytes (compared in C: a register's
    chunks bring hundreds of subsets of thousands of glyphs each)."""
    offsets = font["loca"].locations
    return set(compress(count(), map(lt, offsets, offsets[1:])))
