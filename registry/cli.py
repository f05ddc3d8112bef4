"""Command line: parse arguments, call the library, print, choose the exit code.

Exit codes: 0 nothing wrong, 1 problems found (or the command could not
complete), 2 usage error (click's own).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__, report
from .errors import RegistryError
from .loader import LoadResult, load
from .problems import Problem
from .scaffold import init as scaffold_init
from .schema import SCHEMAS, schema_text

REGISTER_PATH = click.argument(
    "path", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path)
)


class _Group(click.Group):
    """Turns :class:`RegistryError` into a one-line message and exit status 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except RegistryError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="registry")
def cli() -> None:
    """Keep a GDPR record of processing activities (Art. 30) as YAML files in git."""


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a register in DIRECTORY from the example, with editor set-up."""
    for path in scaffold_init(directory):
        click.echo(f"created {path}")
    click.echo(f"next: edit {directory}/registry.yaml, then run 'registry validate {directory}'")


@cli.command()
@REGISTER_PATH
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def validate(path: Path, fmt: str) -> None:
    """Check that the register's files are well formed and its references resolve."""
    result = load(path)
    _print_problems(result.problems, fmt)
    if fmt == "text" and result.ok:
        click.echo(f"{_summary(result)} valid")
    sys.exit(0 if result.ok else 1)


@cli.command()
@click.argument("name", type=click.Choice(list(SCHEMAS)), default="activity")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Write every schema as NAME.schema.json into this folder instead.")
def schema(name: str, out: Path | None) -> None:
    """Print the JSON Schema of a file kind: registry, activity or processor-activity."""
    if out is None:
        click.echo(schema_text(name), nl=False)
        return
    out.mkdir(parents=True, exist_ok=True)
    for each in SCHEMAS:
        (out / f"{each}.schema.json").write_text(schema_text(each), encoding="utf-8")
        click.echo(f"wrote {out / f'{each}.schema.json'}")


def _print_problems(problems: list[Problem], fmt: str) -> None:
    text = report.as_json(problems) if fmt == "json" else report.as_text(problems)
    click.echo(text, nl=False)


def _summary(result: LoadResult) -> str:
    count = len(result.register.activities) if result.register else 0
    return f"registry.yaml and {count} activit{'y' if count == 1 else 'ies'}"


def main() -> None:
    cli(prog_name="registry")
