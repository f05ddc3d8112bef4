"""Command line: parse arguments, call the library, print, choose the exit code.

Exit codes: 0 nothing wrong, 1 problems found (or the command could not
complete), 2 usage error (click's own).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from contextlib import ExitStack
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import report
from .cache.store import Cache, user_cache
from .cores import MAX_JOBS
from .errors import ProblemsError, RegistryError
from .formats import (
    BINARY_EXPORTS,
    CHANGE_FORMATS,
    EXPORT_FORMATS,
    NOTICE_FORMATS,
    NOTICE_LAYERS,
    PDF_VARIANTS,
    REGISTER_FORMATS,
    SCHEMAS,
)
from .models.vocabulary import Language, values
from .problems import Problem, Severity, one_line
from .release import __version__

if TYPE_CHECKING:  # each command imports what it runs: `validate` of an unchanged register imports no model
    from .build import BuildResult, Timeline
    from .loading.loader import LoadResult
    from .loading.register import Register
    from .scaffold import Ci
    from .write.staged import Written

REGISTER_PATH = click.argument(
    "path", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path)
)


def _cache_options(command: Callable[..., None]) -> Callable[..., None]:
    """--cache DIR and --no-cache, read by :func:`_cache`."""
    command = click.option("--no-cache", is_flag=True, help="Parse and lay out everything again.")(command)
    return click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path),
                        help="Where work done before is kept [default: ~/.cache/registry].")(command)


def _cache(cache_dir: Path | None, no_cache: bool) -> Cache:
    cache = Cache(None if no_cache else cache_dir or user_cache())
    if cache.refused:
        click.echo(f"warning: {cache.refused}", err=True)
    return cache


class _Group(click.Group):
    """Turns :class:`RegistryError` into a one-line message and exit status 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ProblemsError as exc:
            click.echo(report.as_text(exc.problems), nl=False, err=True)
            ctx.exit(1)
        except RegistryError as exc:  # it may name a stranger's file: shown on one line, escapes escaped
            click.echo(f"error: {one_line(str(exc))}", err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="registry")
def cli() -> None:
    """Keep a GDPR record of processing activities (Art. 30) as YAML files in git."""


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--example", is_flag=True, help="The example register (a window maker and its activities) instead of a blank one.")
@click.option("--ci", type=click.Choice(["github", "gitlab"]), help="Also a CI workflow that validates, checks and builds.")
def init(directory: Path, example: bool, ci: Ci | None) -> None:
    """Create a register in DIRECTORY: blank (facts to fill as todo) or the example, with editor set-up,
    .gitignore and pre-commit configuration."""
    from .scaffold import init as scaffold_init

    created = scaffold_init(directory, example=example, ci=ci)
    for path in created.paths:
        click.echo(f"created {path}")
    if created.ci_source_unknown:
        click.echo(f"note: this copy of registry was not installed from a git repository with a remote: write where CI "
                   f"installs it from (REGISTRY_TOOL, a pip requirement) in {created.ci_source_unknown}")
    click.echo(f"next: run 'registry check {directory}' and fill in what it lists")


@cli.group(name="new", invoke_without_command=True)
@click.option("--list", "listing", is_flag=True, help="List the kinds of activity, with the CNIL text each comes from.")
@click.pass_context
def new(ctx: click.Context, listing: bool) -> None:
    """Start a fiche from the CNIL's référentiel for its kind (see 'registry new --list')."""
    if listing:
        from .law.referentiels import kinds, table

        click.echo(f"référentiels: version {table().version}")
        click.echo(report.as_kinds([(k.name, k.label["fr"], "; ".join(s.cited for s in k.sources)) for k in kinds()]),
                   nl=False)
    elif ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@new.command(name="activity")
@REGISTER_PATH
@click.option("--kind", "kind_name", required=True, help="The kind of activity (see 'registry new --list').")
@click.option("--id", "activity_id", help="The fiche's id [default: the kind, e.g. video-surveillance].")
def new_activity_command(path: Path, kind_name: str, activity_id: str | None) -> None:
    """Write activities/ID.yaml, pre-filled from the table of référentiels; 'todo' where the DPO decides."""
    from .new_activity import new_activity
    from .write.staged import create_files

    name, content = new_activity(path, kind_name, activity_id)
    (written,) = create_files({name: content}, path)
    click.echo(f"created {written}")
    click.echo(f"next: replace each 'todo', then run 'registry check {path}'")


@cli.command()
@REGISTER_PATH
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_cache_options
def validate(path: Path, fmt: str, cache_dir: Path | None, no_cache: bool) -> None:
    """Check that the register's files are well formed and its references resolve."""
    from .cache.memo import Memo
    from .loading.verdict import Verdict, remembered_verdict

    def judge() -> Verdict:
        result = _loaded(path, cache)
        return Verdict(result.problems, result.ok, len(result.register.activities) if result.register else 0)

    cache = _cache(cache_dir, no_cache)
    verdict = remembered_verdict(path, Memo(cache, path), judge)
    _print_problems(verdict.problems, fmt)
    if fmt == "text" and verdict.ok:
        click.echo(f"registry.yaml and {verdict.activities} activit{'y' if verdict.activities == 1 else 'ies'} valid")
    sys.exit(0 if verdict.ok else 1)


@cli.command()
@click.argument("name", type=click.Choice(SCHEMAS), default="activity")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Write every schema as NAME.schema.json into this folder instead.")
def schema(name: str, out: Path | None) -> None:
    """Print the JSON Schema of a file kind: registry, activity or processor-activity."""
    from .schema import schema_text
    from .write.staged import replace_files

    if out is None:
        click.echo(schema_text(name), nl=False)
        return
    for written in replace_files({f"{each}.schema.json": schema_text(each).encode() for each in SCHEMAS}, out):
        click.echo(f"wrote {written}")


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
    chosen = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [f for f in chosen if f not in REGISTER_FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"choose among {', '.join(REGISTER_FORMATS)} (comma-separated)")
    return chosen


def _revisions(ctx: click.Context, param: click.Parameter, value: str | tuple[str, ...] | None) -> object:
    """A revision or a date is never an option: ``--at --output=FILE`` would have git write FILE."""
    for spec in (value,) if isinstance(value, str) else value or ():
        if spec.startswith("-"):
            raise click.BadParameter(f"'{spec}' is not a revision: a revision or a date cannot start with '-'")
    return value


PROGRESS_FROM = 20
"""Activities from which a build on a terminal shows a progress bar."""
KEPT_SHOWN = 3
"""Files named in the line that lists what a write removed or kept; the others are counted."""


class _ProgressBar:
    """click's progress bar, opened when the build first says how many steps it has."""

    def __init__(self) -> None:
        self.stack = ExitStack()
        self.shown = 0
        self.update: Callable[[int], None] | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.update is None:
            self.update = self.stack.enter_context(
                click.progressbar(length=total, label="Building", file=sys.stderr)).update
        self.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        self.stack.close()


@cli.command()
@REGISTER_PATH
@click.option("--format", "formats", default=",".join(REGISTER_FORMATS), show_default=True, callback=_formats,
              help="Formats to build, comma-separated.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder [default: PATH/output].")
@click.option("--lang", type=click.Choice(values(Language)), help="Language [default: the register's].")
@click.option("--pdf-variant", type=click.Choice(PDF_VARIANTS), help="PDF/A-3b for archiving, PDF/UA-1 for accessibility.")
@click.option("--at", "at", callback=_revisions,
              help="Build the register as it stood at this git revision or date (YYYY-MM-DD).")
@click.option("--changes-since", callback=_revisions,
              help="Annex E lists the changes since this revision or date [default: 12 months before].")
@click.option("--jobs", type=click.IntRange(1, MAX_JOBS), help="Processes laying out the PDF [default: the machine's cores].")
@_cache_options
def build(path: Path, formats: list[str], out: Path | None, lang: str | None, pdf_variant: str | None,
          at: str | None, changes_since: str | None, jobs: int | None, cache_dir: Path | None, no_cache: bool) -> None:
    """Build the register document (HTML and PDF) for an auditor or the CNIL."""
    from .build import Timeline  # the renderers: imported only by the commands that render
    from .diff.compare import register_at
    from .loading.history import resolve
    from .write.staged import write_outputs

    cache = _cache(cache_dir, no_cache)
    if at is None:
        register = _valid_register(path, "text", cache)
        timeline = Timeline(None, changes_since or _year_before(date.today()), asked=changes_since is not None)
        built = _build(register, formats, lang, pdf_variant, timeline, jobs, cache)
    else:
        revision = resolve(path, at)
        register, _ = register_at(path, revision, kept=cache)
        timeline = Timeline(revision, changes_since or _year_before(revision.day), path, asked=changes_since is not None)
        built = _build(register, formats, lang, pdf_variant, timeline, jobs, cache)
    _print_problems(built.problems, "text")
    for warning in built.warnings:
        click.echo(f"warning: PDF renderer: {warning}", err=True)
    series = partial(_register_series, lang or register.settings.settings.language)
    _report_written(write_outputs(built.artifacts, out or path / "output", series), out or path / "output")


def _register_series(language: str, path: str) -> str:
    """A build renews its formats in its language: an HTML build leaves the PDF, an English one the French."""
    return f"register {language} {path.rpartition('.')[2]}"


def _report_written(written: Written, out: Path) -> None:
    """One line for what was written, one for what was removed, one for the other files left as they were."""
    count = len(written.written)
    click.echo(f"wrote {count} file{'s' if count != 1 else ''} into {out}")
    for what, paths in (("removed {} file{} it no longer makes", written.removed),
                        ("left {} other file{} as they were", written.kept)):
        if paths:
            names = [one_line(path.relative_to(written.folder).as_posix()) for path in paths]  # anyone's names
            shown = ", ".join(names[:KEPT_SHOWN]) + (", …" if len(names) > KEPT_SHOWN else "")
            click.echo(f"{what.format(len(names), 's' if len(names) != 1 else '')}: {shown}")


def _build(register: Register, formats: list[str], lang: str | None, pdf_variant: str | None,
           timeline: Timeline, jobs: int | None, cache: Cache) -> BuildResult:
    from .build import build_register
    from .cores import default_jobs

    bar = _ProgressBar() if len(register.activities) >= PROGRESS_FROM and sys.stderr.isatty() else None
    try:
        return build_register(register, formats, lang, pdf_variant, progress=bar, timeline=timeline,
                              jobs=jobs or default_jobs(), cache=cache)
    finally:
        if bar:
            bar.close()


def _year_before(day: date) -> str:
    """The default start of the changes annex: the same day a year earlier (28 February for a 29th)."""
    return (day.replace(year=day.year - 1, day=min(day.day, 28)) if day.month == 2 else
            day.replace(year=day.year - 1)).isoformat()


@cli.command()
@REGISTER_PATH
@click.argument("activity_ids", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(NOTICE_FORMATS), default="md", show_default=True)
@click.option("--lang", type=click.Choice(values(Language)), help="Language [default: the register's].")
@click.option("--layer", type=click.Choice(NOTICE_LAYERS), default="full", show_default=True,
              help="short: a few sentences for a form or a quote; full: the whole notice; first-contact: "
                   "the Art. 14 notice for people whose data came from someone else.")
@click.option("--policy", is_flag=True, help="The privacy policy page gathering every activity.")
@click.option("--partners", is_flag=True, help="The public list of partners who receive data.")
@click.option("--draft", is_flag=True, help="Show placeholders for missing facts instead of stopping.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Write one file per notice into this folder instead of printing (needed for pdf and docx).")
@click.option("--page", is_flag=True, help="HTML: a standalone, accessible page rather than a fragment to paste.")
@click.option("--annex", is_flag=True, help="PDF, HTML page: compact, to append to general terms of sale or a contract.")
@click.option("--pdf-variant", type=click.Choice(PDF_VARIANTS), help="PDF/A-3b for archiving, PDF/UA-1 for accessibility.")
def notice(path: Path, activity_ids: tuple[str, ...], fmt: str, lang: str | None, layer: str, policy: bool,
           partners: bool, draft: bool, out: Path | None, page: bool, annex: bool, pdf_variant: str | None) -> None:
    """Write privacy notices from the register (GDPR articles 13 and 14).

    PATH is the register, followed by the ids of the activities (default: all of them).
    """
    from .i18n import Messages
    from .loading.version import generation_time
    from .notices import compose
    from .notices.model import NoticeDocument
    from .render.environment import Templates
    from .render.notices import render_notices
    from .write.staged import write_outputs

    register = _valid_register(path, "text")
    _known_activities(register, activity_ids)
    if policy and partners:
        raise click.UsageError("--policy and --partners make different pages: ask for one at a time")
    composed = compose(register, list(activity_ids), layer, lang, draft, policy, partners)
    if composed.problems:
        click.echo(report.as_text(composed.problems), nl=False, err=True)
    if any(p.severity is Severity.ERROR for p in composed.problems):
        click.echo("the notice is incomplete: fill the fields above, or use --draft to see placeholders", err=True)
        sys.exit(1)
    if out is None and fmt in ("pdf", "docx"):
        raise click.UsageError(f"a {fmt} file cannot be printed: give --out FOLDER")
    language = lang or register.settings.settings.language
    document = NoticeDocument(Messages(language).fact(register.settings.organisation.name) or "", language,
                              f"registry {__version__}", generation_time().strftime("%Y-%m-%dT%H:%M:%SZ"),
                              page=page, annex=annex, pdf_variant=pdf_variant)
    rendered = render_notices(composed.notices, Templates(register.root), fmt, document)
    if out is None:
        click.echo("\n".join(r.content.decode() for r in rendered), nl=False)
        return
    _report_written(write_outputs(rendered, out), out)


@cli.command()
@click.argument("revisions", nargs=-1, required=True, callback=_revisions)
@click.option("--register", "path", default=".", show_default=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path), help="The register's folder.")
@click.option("--format", "fmt", type=click.Choice(CHANGE_FORMATS), default="text", show_default=True)
@click.option("--lang", type=click.Choice(values(Language)), help="Language [default: the register's].")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the report into this file.")
@click.option("--date", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="Check findings as of this date (default: today).")
@_cache_options
def diff(revisions: tuple[str, ...], path: Path, fmt: str, lang: str | None, out: Path | None,
         as_of: datetime | None, cache_dir: Path | None, no_cache: bool) -> None:
    """What changed in the register's meaning: REV1 [REV2], a git revision or a date (REV2: the working copy)."""
    from .diff.compare import diff as diff_revisions
    from .render.diff_report import render_changes
    from .render.environment import Templates
    from .write.staged import replace_file

    if len(revisions) > 2:
        raise click.UsageError("give one revision (compared with the working copy) or two")
    if out is None and fmt == "pdf":
        raise click.UsageError("a PDF cannot be printed: give --out FILE")
    changes, messages, later = diff_revisions(path, revisions[0], revisions[1] if len(revisions) == 2 else None,
                                              lang, as_of.date() if as_of else date.today(), _cache(cache_dir, no_cache))
    report_bytes = render_changes(changes, fmt, Templates(path), messages,
                                  messages.fact(later.settings.organisation.name) or "", f"registry {__version__}", later)
    if out is None:
        click.echo(report_bytes.decode(), nl=False)
        return
    replace_file(out, report_bytes)
    click.echo(f"wrote {out}")


def _selectors(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str]:
    from .lint.rules import RULES

    selectors = [part.strip().upper() for part in (value or "").split(",") if part.strip()]
    unknown = [s for s in selectors if not any(code.startswith(s) for code in RULES)]
    if unknown:
        raise click.BadParameter(f"no rule code starts with {', '.join(unknown)} (see 'registry rules')")
    return selectors


@cli.command()
@REGISTER_PATH
@click.option("--format", "fmt", type=click.Choice(list(report.PROBLEM_FORMATS)), default="text", show_default=True)
@click.option("--select", callback=_selectors, help="Only these rules: codes or prefixes, comma-separated (PR,RT003).")
@click.option("--ignore", callback=_selectors, help="Skip these rules: codes or prefixes, comma-separated.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--score", is_flag=True, help="Also print each activity's Art. 30 completeness and DPIA screening.")
@click.option("--date", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="Check as of this date (default: today).")
@_cache_options
def check(path: Path, fmt: str, select: list[str], ignore: list[str], strict: bool, score: bool,
          as_of: datetime | None, cache_dir: Path | None, no_cache: bool) -> None:
    """Check that the register is lawful and complete (GDPR and CNIL rules)."""
    from .law.completeness import register_score
    from .lint.runner import check as run_checks

    register = _valid_register(path, fmt, _cache(cache_dir, no_cache))
    problems = run_checks(register, as_of.date() if as_of else date.today(), select, ignore)
    _print_problems(problems, fmt)
    if fmt == "text" and not problems:  # as linters do: silence would not say the checks ran
        click.echo(f"{_files(len(register.activities))} checked: no problem found")
    if score and fmt == "text":
        click.echo(report.as_scores(*register_score(register)), nl=False)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    sys.exit(1 if any(p.severity in failing for p in problems) else 0)


@cli.command(name="rules")
@click.option("--all", "every", is_flag=True, help="Also list the codes of reading, validation, notices and builds.")
def list_rules(every: bool) -> None:
    """List the compliance rules with their codes and default severities."""
    from .law.referentiels import TABLE_FILE, table
    from .lint.catalogue import every_code  # the rules' documentation: only when asked
    from .lint.rules import RULES

    described = every_code() if every else [d for d in every_code() if d.code in RULES]
    click.echo(report.as_codes([(d.code, str(d.severity), d.name, d.summary) for d in described]), nl=False)
    click.echo(f"référentiels: version {table().version} (registry/data/{TABLE_FILE.name}, 'registry new --list')")


@cli.group(name="import")
def import_register() -> None:
    """Bring in a register kept elsewhere (the CNIL spreadsheet)."""


@import_register.command(name="cnil")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--into", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="The folder that receives registry.yaml, activities/ and import-report.md.")
@click.option("--force", is_flag=True, help="Overwrite files that already exist (never done otherwise).")
def import_cnil_command(file: Path, into: Path, force: bool) -> None:
    """Import FILE, a register kept in the CNIL spreadsheet (.ods or .xlsx)."""
    from .cnil.files import REPORT, import_cnil, refuse_links
    from .write.staged import create_files, replace_files

    result = import_cnil(file, into)
    if any(p.severity is Severity.ERROR for p in result.problems):
        _print_problems(result.problems, "text")
        click.echo("error: nothing was written", err=True)
        sys.exit(1)
    refuse_links(into, result.files)
    written = (replace_files if force else create_files)(result.files, into)
    click.echo(result.files[REPORT].decode())
    click.echo(f"wrote {len(written)} files into {into}; next: registry check {into}")


@cli.command(name="export")
@REGISTER_PATH
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write into this file (needed for xlsx and ods; others print by default).")
@click.option("--lang", type=click.Choice(values(Language)), help="Language [default: the register's].")
def export_command(path: Path, fmt: str, out: Path | None, lang: str | None) -> None:
    """Hand the register over as a spreadsheet in the CNIL layout, a CSV table, JSON or DPV JSON-LD."""
    from .export import export
    from .i18n import Messages
    from .loading.version import generation_time
    from .write.staged import replace_file

    if out is None and fmt in BINARY_EXPORTS:
        raise click.UsageError(f"{fmt} is a binary file: give --out FILE")
    register = _valid_register(path, "text")
    content = export(register, fmt, Messages(lang or register.settings.settings.language), generation_time().date())
    if out is None:
        click.echo(content.decode("utf-8-sig"), nl=False)
        return
    replace_file(out, content)
    click.echo(f"wrote {out}")


@cli.command(name="map")
@REGISTER_PATH
@click.argument("activity_ids", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(("svg", "mermaid", "dot")), default="svg", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write into this file instead of printing; a file registry did not write is never replaced.")
@click.option("--lang", type=click.Choice(values(Language)), help="Language [default: the register's].")
def map_command(path: Path, activity_ids: tuple[str, ...], fmt: str, out: Path | None, lang: str | None) -> None:
    """Draw the data flows of activities: SVG, Mermaid (GitHub and GitLab render it) or Graphviz DOT.

    PATH is the register, followed by the ids of the activities (default: all of them).
    """
    from .i18n import Messages
    from .render.pictures import activity_maps
    from .write.staged import Artifact, write_outputs

    register = _valid_register(path, "text")
    _known_activities(register, activity_ids)
    content = activity_maps(register, list(activity_ids), fmt, Messages(lang or register.settings.settings.language))
    if out is None:
        click.echo(content.decode(), nl=False)
        return
    write_outputs([Artifact(out.name, content)], out.parent)
    click.echo(f"wrote {out}")


@cli.command()
@REGISTER_PATH
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--lang", type=click.Choice(values(Language)), help="Language [default: the register's].")
def serve(path: Path, port: int, lang: str | None) -> None:
    """Preview the register and its notices in a browser, rebuilt and reloaded as you edit (127.0.0.1 only)."""
    from .serve import serve as run_preview

    try:
        run_preview(path, port, lang, click.echo, lambda url: click.echo(f"serving {url} (Ctrl-C to stop)"))
    except KeyboardInterrupt:
        click.echo("stopped")


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print the documentation of CODE (a rule, or a problem of reading, notices or builds), or of a kind of
    activity with the CNIL texts it comes from."""
    from .law.referentiels import table
    from .lint.catalogue import describe

    if code in table().kinds:
        click.echo(report.as_kind(table().kinds[code]), nl=False)
        return
    found = describe(code)
    if found is None:
        raise click.BadParameter(f"no code {code} (see 'registry rules --all')", param_hint="CODE")
    click.echo(f"{found.code} {found.name} (default severity: {found.severity})\n\n{found.doc}")


def _valid_register(path: Path, fmt: str, cache: Cache | None = None) -> Register:
    """The loaded register, or exit 1 after printing why it is not valid."""
    result = _loaded(path, cache)
    if result.register is None or not result.ok:
        _print_problems(result.problems, fmt)
        sys.exit(1)
    return result.register


def _known_activities(register: Register, activity_ids: tuple[str, ...]) -> None:
    """A usage error naming the first id that is no activity of the register."""
    known = [a.model.id for a in register.activities]
    for activity_id in activity_ids:
        if activity_id not in known:
            raise click.BadParameter(f"no activity '{activity_id}' (known: {', '.join(sorted(known))})",
                                     param_hint="ACTIVITY_IDS")


def _print_problems(problems: list[Problem], fmt: str) -> None:
    click.echo(report.PROBLEM_FORMATS[fmt](problems), nl=False)


def _summary(result: LoadResult) -> str:
    return _files(len(result.register.activities) if result.register else 0)


def _files(count: int) -> str:
    return f"registry.yaml and {count} activit{'y' if count == 1 else 'ies'}"


def main() -> None:
    """The command as a process of its own: what it loads stays until it exits, so nothing it loaded is
    scanned again by the cyclic collector (a library caller, or the tests, keep the collector as it is)."""
    cli(prog_name="registry", obj=OneShot())


class OneShot:
    """Marks a command run as a process of its own (see :func:`main`)."""


def _loaded(path: Path, cache: Cache | None) -> LoadResult:
    """The register loaded; in a process of its own, kept out of later collections (``gc.freeze``): the
    build that follows makes many objects, and each full collection would walk the whole register again."""
    from .loading.loader import load

    if not isinstance(click.get_current_context().obj, OneShot):
        return load(path, cache)
    gc.disable()  # kept off until the register is frozen: a collection on the way would walk all of it
    try:
        result = load(path, cache)
        gc.freeze()
    finally:
        gc.enable()
    return result
