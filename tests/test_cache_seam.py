"""The cache behind one seam (issue 22 items 1 and 2): views, renderers and the register object import
nothing of the cache, and the PDF wing nothing of the renderer that hands it its job."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "registry"


def _imported(path: Path) -> set[str]:
    """The modules ``path`` imports, anywhere in it, as absolute names."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            module = f"{base}.{node.module}" if node.level and node.module else (node.module or base)
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


STAGES = [*sorted((PACKAGE / "views").glob("*.py")), *sorted((PACKAGE / "render").rglob("*.py")),
          PACKAGE / "loading" / "register.py", *sorted((PACKAGE / "notices").glob("*.py")),
          *sorted((PACKAGE / "export").glob("*.py"))]


@pytest.mark.parametrize("path", STAGES, ids=lambda path: path.relative_to(PACKAGE).as_posix())
def test_stages_know_nothing_of_the_cache(path: Path) -> None:
    assert not {name for name in _imported(path) if name.startswith("registry.cache")}


@pytest.mark.parametrize("path", sorted((PACKAGE / "render" / "pdf").glob("*.py")),
                         ids=lambda path: path.name)
def test_the_pdf_wing_imports_nothing_of_the_register_document(path: Path) -> None:
    assert not {name for name in _imported(path) if name.startswith("registry.render.register")}


@pytest.mark.parametrize("path", sorted((PACKAGE / "loading").glob("*.py")), ids=lambda path: path.name)
def test_the_loader_memoises_through_the_one_seam(path: Path) -> None:
    """The loader's entry points hand their command's cache to a memo of declared stages: no module that
    loads a register makes a key or opens a shelf of its own."""
    allowed = {"registry.cache", "registry.cache.memo", "registry.cache.memo.Memo", "registry.cache.store",
               "registry.cache.store.Cache"}
    assert not {name for name in _imported(path) if name.startswith("registry.cache")} - allowed


def test_keys_are_made_only_behind_the_seam() -> None:
    """Every key is made by the memo of declared stages: no loader, diff or orchestrator makes one of its
    own (the protocol that stands for the memo, which keeps nothing, makes none either)."""
    makers = {path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
              if "registry.cache.keys" in _imported(path) or "registry.cache.keys.key" in _imported(path)}
    assert {maker for maker in makers if not maker.startswith("cache/")} == set()
