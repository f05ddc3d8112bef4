"""An import as files: YAML a DPO can read and edit, the report, and the proof that it loads."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..codes import A30005, A30006
from ..errors import RegistryError
from ..lint.runner import check
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


def import_cnil(path: Path, into: Path, today: date | None = None) -> ImportResult:
    """The files of an import, validated; the report lists what ``registry check`` then finds in them (on
    ``today``), fiche by fiche."""
    imported = Importer(path).run()
    if not imported.settings:  # the workbook was refused before it was read: its problem says where
        return ImportResult({}, imported, LoadResult(None))
    source = quoted(path.name)
    settings = (SETTINGS_HEADER.format(source=source) + dump(imported.settings)).encode()
    sheets = {f"activities/{r.id}.yaml": quoted(r.sheet) for r in imported.fiches}
    activities = {name: (ACTIVITY_HEADER.format(source=source, sheet=sheets[name]) + dump(data)).encode()
                  for name, data in imported.activities.items()}
    loaded = load_files(into, settings, activities)
    findings = check(loaded.register, today or date.today()) if loaded.register is not None else []
    texts = {name: content.decode() for name, content in {"registry.yaml": settings, **activities}.items()}
    report = render_report(source, imported.fiches, [*imported.problems, *loaded.problems], findings, texts)
    return ImportResult({"registry.yaml": settings, **activities, REPORT: report.encode()}, imported, loaded)


def _finding(finding: Problem, text: str) -> str:
    """A finding with the field it is about, as the YAML written names it on the finding's line."""
    lines = text.splitlines()
    line = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
    field = line.split(":", 1)[0].strip().lstrip("- ").strip() if ":" in line else ""
    where = f"`{field}` (line {finding.line})" if field else f"line {finding.line}"
    return f"{finding.severity} {finding.code} {where}: {finding.message}"


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


def render_report(source: str, fiches: list[FicheReport], problems: list[Problem], findings: list[Problem],
                  texts: dict[str, str]) -> str:
    """Markdown: per fiche what was mapped, kept as text and not in the spreadsheet, then what ``registry
    check`` finds in the file written: the facts still to complete (*Missing*, "none" only when it finds
    none) and every other finding, each with its field; then every located problem of the import. Every
    name and value of the spreadsheet in it is on one line, its line breaks and control characters escaped."""
    lines = [f"# Import of {one_line(source)}", "",
             f"{len(fiches)} activities imported. *Missing* and *Findings* are what `registry check` finds in the "
             "files written; each fact marked `todo` stays listed until it is filled.", ""]
    by_file: dict[str, list[Problem]] = {}
    for finding in findings:
        by_file.setdefault(finding.path, []).append(finding)
    for fiche in [*fiches, FicheReport("", "registry.yaml", "")]:
        name = "registry.yaml" if fiche.id == "registry.yaml" and not fiche.sheet else f"activities/{fiche.id}.yaml"
        found = by_file.get(name, [])
        to_complete = (A30005.code, A30006.code)
        todo = [_finding(f, texts.get(name, "")) for f in found if f.code in to_complete]
        other = [_finding(f, texts.get(name, "")) for f in found if f.code not in to_complete]
        if name == "registry.yaml":
            lines += ["## registry.yaml", ""]
        else:
            lines += [one_line(f"## {fiche.id} — {fiche.name}"), "", f"Sheet: {quoted(fiche.sheet)}", ""]
            for title, items in (("Mapped", fiche.mapped), ("Kept as text", fiche.as_text),
                                 ("Not in the spreadsheet", fiche.missing)):
                lines.append(one_line(f"- **{title}**: " + ("; ".join(items) if items else "none")))
            if fiche.removed:
                lines.append(one_line("- **Removed, their row deleted from the sheet**: " + "; ".join(fiche.removed)))
        for title, items in (("Missing", todo), ("Findings", other)):
            lines.append(f"- **{title}**:" + ("" if items else " none"))
            lines += [one_line(f"  - {item}") for item in items]
        lines.append("")
    if problems:
        lines += ["## Cells to look at", ""]
        lines += [one_line(f"- {problem.severity}: {problem.code} {problem.message}") for problem in problems]
        lines.append("")
    return "\n".join(lines)
