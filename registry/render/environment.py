"""The Jinja2 environment: a register's own ``templates/`` first, then the built-in ones.

An override can extend the template it replaces with
``{% extends "default:register/fiche.html" %}``. Overrides come with the
register, written by whoever can commit to it, and run on the machine of
whoever builds it: templates render in Jinja's immutable sandbox, and a
construct it refuses, like any template error, is a located T001 problem.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..codes import T001
from ..errors import ProblemsError
from ..i18n import LOCALES_DIR
from ..problems import Problem, display_path
from ..resources import override_templates, templates_dir
from . import markup


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, remembering its verdict per type and attribute name.

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


class Templates:
    """Renders the register's templates, turning every template failure into a located problem."""

    def __init__(self, register_root: Path, compiled: BytecodeCache | None = None) -> None:
        """``compiled``: where compiled templates are kept (see :mod:`registry.cache.templates`)."""
        self.root = register_root
        builtin = FileSystemLoader(templates_dir())
        overrides = override_templates(register_root)
        loaders = [FileSystemLoader(overrides)] if overrides else []
        self.env = _Sandbox(
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
        self.env.filters["plain"] = markup.plain
        self.env.filters["wrap"] = markup.wrap

    @cached_property
    def digest(self) -> str:
        """What every template and message says: part of the key of anything rendered from them."""
        hasher = hashlib.sha256()
        folders = [templates_dir(), LOCALES_DIR, *([o] if (o := override_templates(self.root)) else [])]
        for folder in folders:
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                hasher.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
        return hasher.hexdigest()

    def render(self, name: str, context: Mapping[str, Any], **extra: Any) -> str:
        try:
            return self.env.get_template(name).render(context, **extra)
        except TemplateError as exc:
            raise ProblemsError([self._problem(exc, name)]) from None

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
