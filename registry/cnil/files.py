"""An import as files: YAML a DPO can read and edit, the report, and the proof that it loads."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import RegistryError
from ..loading.loader import LoadResult, load_files
from ..problems import Problem, one_line
from .importer import FicheReport, Imported, Importer

SETTINGS_HEADER = """\
# Imported from {source} by `registry import cnil`: see import-report.md.
# `todo` marks a fact the spreadsheet did not give: `registry check` lists them all.
"""
ACTIVITY_HEADER = "# Imported from {source}, sheet {sheet}.\n"
"""The names in these comments are the user's (a file, a sheet): each is given as :func:`quoted` writes it."""
REPORT = "import-report.md"


class _Dumper(yaml.SafeDumper):
    """Block style, long lines kept, and multi-line text as literal blocks."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)


def quoted(name: str) -> str:
    """A name as one double-quoted YAML scalar on one line, every line break and control character escaped by
    the emitter: a sheet named "Fiche 1\\nstatus: retired" stays a comment's text, never a key."""
    return yaml.dump(name, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True, width=sys.maxsize).rstrip("\n")


@dataclass
class ImportResult:
    files: dict[str, bytes]
    """Relative path -> content: registry.yaml, activities/*.yaml and the report."""
    imported: Imported
    loaded: LoadResult
    """The imported register read back by the loader: its problems are the import's own failures."""

    @property
    def problems(self) -> list[Problem]:
        return [*self.imported.problems, *self.loaded.problems]


def import_cnil(path: Path, into: Path) -> ImportResult:
    imported = Importer(path).run()
    if not imported.settings:  # the workbook was refused before it was read: its problem says where
        return ImportResult({}, imported, LoadResult(None))
    source = quoted(path.name)
    settings = (SETTINGS_HEADER.format(source=source) + dump(imported.settings)).encode()
    sheets = {f"activities/{r.id}.yaml": quoted(r.sheet) for r in imported.fiches}
    activities = {name: (ACTIVITY_HEADER.format(source=source, sheet=sheets[name]) + dump(data)).encode()
                  for name, data in imported.activities.items()}
    loaded = load_files(into, settings, activities)
    report = render_report(source, imported.fiches, [*imported.problems, *loaded.problems])
    return ImportResult({"registry.yaml": settings, **activities, REPORT: report.encode()}, imported, loaded)


def refuse_links(into: Path, names: Iterable[str]) -> None:
    """An import writes into real folders only: ``into``, a folder on the way to a file, or the file itself,
    when it is a link (``activities`` linked to another folder of the user's), is refused before anything is
    written, so a register received from someone else cannot steer the files elsewhere."""
    paths = {into}
    for name in names:
        paths.update(into / Path(*Path(name).parts[:depth]) for depth in range(1, len(Path(name).parts) + 1))
    link = next((p for p in sorted(paths) if p.is_symlink()), None)
    if link is not None:
        raise RegistryError(f"{one_line(str(link))} is a link: an import writes only into real folders; "
                            "nothing was written")


def render_report(source: str, fiches: list[FicheReport], problems: list[Problem]) -> str:
    """Markdown: per fiche what was mapped, kept as text and missing; then every located problem. Every name
    and value of the spreadsheet in it is on one line, its line breaks and control characters escaped."""
    lines = [f"# Import of {one_line(source)}", "",
             f"{len(fiches)} activities imported. Facts marked `todo` in the YAML are listed under *Missing*; "
             "`registry check` reports each one until it is filled.", ""]
    for fiche in fiches:
        lines += [one_line(f"## {fiche.id} — {fiche.name}"), "", f"Sheet: {quoted(fiche.sheet)}", ""]
        for title, items in (("Mapped", fiche.mapped), ("Kept as text", fiche.as_text), ("Missing", fiche.missing)):
            lines.append(one_line(f"- **{title}**: " + ("; ".join(items) if items else "none")))
        lines.append("")
    if problems:
        lines += ["## Cells to look at", ""]
        lines += [one_line(f"- {problem.severity}: {problem.code} {problem.message}") for problem in problems]
        lines.append("")
    return "\n".join(lines)
