"""The flow pictures as text that other tools draw: Mermaid (GitHub and GitLab render it in pull requests
and wikis) and Graphviz DOT. The same nodes and marked flows as the SVG, from the same view; every user
text quoted so that it can neither end its label nor add a node."""

from __future__ import annotations

from collections.abc import Iterator

from ...views.flows import FlowView
from ...xmltext import xml_text


def _mermaid_text(text: str) -> str:
    """A label inside ``"…"``: Mermaid reads entity codes (``#quot;``) there, and HTML in labels."""
    text = " ".join(xml_text(text).split())
    for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("&", "#amp;"),
                       ("`", "#96;"), ("[", "#91;"), ("]", "#93;"), ("{", "#123;"), ("}", "#125;"), ("|", "#124;")):
        text = text.replace(char, code)
    return text


def _nodes(view: FlowView) -> Iterator[tuple[str, str, list[tuple[str, str, str | None]], str]]:
    """Each column's groups as (id, heading, [(node id, label, flow note)], side)."""
    for n, column in enumerate(view.sources):
        yield f"s{n}", column.heading, [(f"s{n}_{i}", _label(x.label, x.note), None)
                                        for i, x in enumerate(column.nodes)], "in"
    for n, group in enumerate(view.groups):
        yield f"r{n}", group.heading, [
            (f"r{n}_{i}", _label(x.node.label, x.node.note),
             f"{x.leaves}\n{x.safeguard.label}" if x.leaves and x.safeguard else None)
            for i, x in enumerate(group.targets)], "out"


def _label(label: str, note: str | None) -> str:
    return f"{label}\n{note}" if note else label


def _activity(view: FlowView) -> str:
    return "\n".join([view.activity.label, *(_label(p.label, p.note) for p in view.purposes)])


def mermaid(view: FlowView) -> str:
    """A ``flowchart LR`` with a subgraph per column group; flows leaving the EU/EEA are dotted and named."""
    def quoted(text: str) -> str:
        return '"' + "<br>".join(_mermaid_text(line) for line in text.split("\n")) + '"'

    lines = ["flowchart LR", f"  %% {_mermaid_text(view.title)}", f"  a[{quoted(_activity(view))}]"]
    edges = []
    for group_id, heading, nodes, side in _nodes(view):
        lines.append(f"  subgraph {group_id}[{quoted(heading)}]")
        lines += [f"    {node}[{quoted(label)}]" for node, label, _ in nodes]
        lines.append("  end")
        for node, _, note in nodes:
            if side == "in":
                edges.append(f"  {node} --> a")
            elif note:
                edges.append(f"  a -.->|{quoted(note)}| {node}")
            else:
                edges.append(f"  a --> {node}")
    if view.no_recipient:
        lines.append(f"  none[{quoted(view.no_recipient)}]")
        edges.append("  a --> none")
    return "\n".join(lines + edges) + "\n"


def _dot_text(text: str) -> str:
    return '"' + xml_text(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def dot(view: FlowView) -> str:
    """A Graphviz digraph, left to right, with a cluster per column group."""
    prefix = view.anchor.replace('"', "")
    lines = [f"digraph {_dot_text(view.id)} {{", "  rankdir=LR;", f"  label={_dot_text(view.title)};",
             '  node [shape=box, style=rounded, fontname="DejaVu Sans"];',
             f"  {_dot_text(prefix + '-a')} [label={_dot_text(_activity(view))}, style=\"rounded,filled\"];"]
    edges = []
    activity = _dot_text(prefix + "-a")
    for group_id, heading, nodes, side in _nodes(view):
        lines.append(f"  subgraph {_dot_text('cluster_' + prefix + '-' + group_id)} {{")
        lines.append(f"    label={_dot_text(heading)};")
        for node, label, note in nodes:
            name = _dot_text(f"{prefix}-{node}")
            lines.append(f"    {name} [label={_dot_text(label)}];")
            if side == "in":
                edges.append(f"  {name} -> {activity};")
            elif note:
                edges.append(f"  {activity} -> {name} [style=dashed, color=\"#b35c00\", label={_dot_text(note)}];")
            else:
                edges.append(f"  {activity} -> {name};")
        lines.append("  }")
    if view.no_recipient:
        none = _dot_text(prefix + "-none")
        lines.append(f"  {none} [label={_dot_text(view.no_recipient)}, style=dashed];")
        edges.append(f"  {activity} -> {none};")
    return "\n".join(lines + edges + ["}"]) + "\n"
