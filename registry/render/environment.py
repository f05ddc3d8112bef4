"""The Jinja2 environment: a register's own ``templates/`` first, then the built-in ones.

An override can extend the template it replaces with
``{% extends "default:register/fiche.html" %}``. Overrides come with the
register, written by whoever can commit to it, and run on the machine of
whoever builds it: templates render in Jinja's immutable sandbox, bounded
in time and memory when the register brings templates of its own, and a
construct it refuses, like any template error, is a located T001 problem.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from functools import cached_property, partial
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..codes import T001, V010
from ..errors import ProblemsError
from ..i18n import LOCALES_DIR
from ..loading.reader import read_template, template_files, templates_refused
from ..problems import Problem, display_path
from ..resources import override_templates, templates_dir
from . import markup
from .pictures import flow_picture
from .sandbox import BoundedSandbox, render_bounded


class _Verdicts(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox remembering its verdict per type and attribute name.

    The verdict depends only on those two (private names, Python internals, mutating methods), and a
    large register asks the same few hundred thousand times.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._verdicts: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
        return verdict


class _OwnSandbox(_Verdicts):
    """For a register without templates of its own: only the tool's templates run, over data the loader
    bounds, so nothing is counted (a warm build of 1,000 activities spent a tenth of its time counting)."""


class _BoundedSandbox(_Verdicts, BoundedSandbox):
    """For a register with templates of its own: a stranger's code, bounded (see :mod:`.sandbox`)."""


class _Refused(TemplateError):
    """A template of the register's own that the reader refuses: its problem is reported as it is."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _RegisterTemplates(BaseLoader):
    """A register's own ``templates/``, read under the rules of every register file (see
    :func:`~registry.loading.reader.read_template`): a template linked to /proc/self/environ is refused, not
    published. A folder that is itself a link out of the register refuses every template."""

    def __init__(self, root: Path, folder: Path) -> None:
        self.root, self.folder = root, folder
        self.refused = templates_refused(root, folder)

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        if self.refused is not None:
            raise _Refused(self.refused)
        path = self.folder.joinpath(*split_template_path(template))
        if not path.is_symlink() and not path.exists():
            raise TemplateNotFound(template)
        raw = read_template(self.root, path)
        if isinstance(raw, Problem):
            raise _Refused(raw)
        try:
            source = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _Refused(V010.at(display_path(path, self.root), 1, 1, "cannot read file: not UTF-8 text")) \
                from None
        stamp = _stamp(path)
        return source, str(path), lambda: _stamp(path) == stamp


def _stamp(path: Path) -> int | None:
    """When the template (or the file its link leads to) last changed: Jinja reads it again after a change."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


class Templates:
    """Renders the register's templates, turning every template failure into a located problem."""

    def __init__(self, register_root: Path, compiled: BytecodeCache | None = None, own_templates: bool = True) -> None:
        """``compiled``: where compiled templates are kept (see :mod:`registry.cache.templates`);
        ``own_templates``: whether the register's ``templates/`` come first (not for the tool's own pages)."""
        self.root = register_root
        builtin = FileSystemLoader(templates_dir())
        overrides = override_templates(register_root) if own_templates else None
        loaders = [_RegisterTemplates(register_root, overrides)] if overrides else []
        sandbox: Callable[..., _Verdicts] = (partial(_BoundedSandbox, trusted=templates_dir()) if overrides
                                             else _OwnSandbox)
        self.env = sandbox(
            bytecode_cache=compiled,
            loader=ChoiceLoader([*loaders, builtin, PrefixLoader({"default": builtin}, delimiter=":")]),
            undefined=StrictUndefined,
            autoescape=select_autoescape(["html", "css"], default_for_string=False),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["md"] = markup.render
        self.env.filters["md_text"] = markup.markdown_text
        self.env.filters["md_cell"] = markup.markdown_cell
        self.env.filters["plain"] = markup.plain
        self.env.filters["wrap"] = markup.wrap
        self.env.globals["flow_picture"] = flow_picture

    @cached_property
    def digest(self) -> str:
        """What every template and message says: part of the key of anything rendered from them."""
        hasher = hashlib.sha256()
        listed = [(folder, sorted(p for p in folder.rglob("*") if p.is_file())) for folder in (templates_dir(), LOCALES_DIR)]
        if overrides := override_templates(self.root):  # a stranger's folder: read only as a template is read
            listed.append((overrides, template_files(self.root, overrides)))
        for folder, paths in listed:
            for path in paths:
                hasher.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
        return hasher.hexdigest()

    def render(self, name: str, context: Mapping[str, Any], **extra: Any) -> str:
        where = name  # the file, once the template is found: a failure of the whole render is located there
        try:
            template = self.env.get_template(name)
            where = template.filename or name
            if isinstance(self.env, BoundedSandbox):
                return render_bounded(template, context, **extra)
            return template.render(context, **extra)
        except _Refused as exc:
            raise ProblemsError([exc.problem]) from None
        except TemplateError as exc:
            raise ProblemsError([self._problem(exc, where)]) from None
        except (MemoryError, RecursionError) as exc:  # what the sandbox's bounds cannot foresee
            error = TemplateError("the template needs too much memory" if isinstance(exc, MemoryError)
                                  else "the template nests calls too deeply")
            raise ProblemsError([self._problem(error.with_traceback(exc.__traceback__), where)]) from None

    def _problem(self, exc: TemplateError, name: str) -> Problem:
        """Where in which template it failed: the syntax error's line, or the deepest template frame."""
        where, line = name, 1
        if isinstance(exc, TemplateSyntaxError):
            where, line = exc.filename or exc.name or name, exc.lineno
        else:
            frame = exc.__traceback__
            while frame is not None:
                filename = frame.tb_frame.f_code.co_filename
                if filename.endswith((".html", ".css", ".md", ".txt")):
                    where, line = filename, frame.tb_lineno
                frame = frame.tb_next
        path = display_path(Path(where), self.root) if Path(where).is_absolute() else where
        message = " ".join(str(exc.message or exc).split())
        return T001.at(path, line, 1, error=message)
