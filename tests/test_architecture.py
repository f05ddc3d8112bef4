"""The package's import graph: no circles, and no stage importing from a stage after it.

The layers below are the pipeline of docs/architecture.md, read from the bottom up. A module
may import from its own layer and the layers before it; imports inside
functions count too, since a deferred import is still a dependency.
``python -m tests.test_architecture`` prints the graph's circles and upward
imports, for a look without running pytest.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "registry"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("registry.release", "registry.problems", "registry.errors", "registry.resources", "registry.formats",
     "registry.xmltext", "registry.cores"),
    ("registry.codes",),
    ("registry.write", "registry.cache", "registry.kept"),
    ("registry.models", "registry.diff.changeset"),
    ("registry.loading",),
    ("registry.i18n",),
    ("registry.law",),
    ("registry.views",),
    ("registry.notices",),
    ("registry.lint",),
    ("registry.diff",),
    ("registry.workbook",),
    ("registry.cnil",),
    ("registry.render", "registry.export"),
    ("registry.build", "registry.serve", "registry.scaffold", "registry.provenance", "registry.new_activity",
     "registry.schema", "registry.report", "registry.cli", "registry.__main__", "registry"),
)
"""Each layer's modules, by dotted prefix, from the first stage to the command line."""


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """The package's modules that ``name`` imports, resolved to modules rather than names."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join(base + (node.module.split(".") if node.module else []))
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                if submodule in known:
                    yield submodule
                elif target in known:
                    yield target


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: set(imports(name, path, known)) - {name} for name, path in known.items()}


def layer(module: str) -> int:
    """The index of the layer whose longest prefix matches ``module``."""
    best = max(((len(prefix), index) for index, prefixes in enumerate(LAYERS) for prefix in prefixes
                if module == prefix or module.startswith(prefix + ".")), default=None)
    assert best is not None, f"{module} belongs to no layer: add it to LAYERS"
    return best[1]


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def upward(edges: dict[str, set[str]]) -> list[str]:
    return sorted(f"{source} -> {target}" for source, targets in edges.items() for target in targets
                  if layer(target) > layer(source))


def test_the_import_graph_has_no_circle() -> None:
    assert circles(graph()) == []


def test_no_stage_imports_a_later_stage() -> None:
    assert upward(graph()) == []


def test_every_module_belongs_to_a_layer() -> None:
    for module in graph():
        layer(module)


def test_the_checks_find_a_circle_and_an_upward_import() -> None:
    edges = {"registry.views.a": {"registry.lint.b"}, "registry.lint.b": {"registry.views.a"}}
    assert circles(edges) == [["registry.lint.b", "registry.views.a"]]
    assert upward(edges) == ["registry.views.a -> registry.lint.b"]


if __name__ == "__main__":
    edges = graph()
    for component in circles(edges):
        print("circle:", " ".join(component))
    for line in upward(edges):
        print("upward:", line)
