"""The Jinja2 environment: a register's own ``templates/`` first, then the built-in ones.

An override can extend the template it replaces with
``{% extends "default:register/fiche.html" %}``.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .. import markup
from ..resources import override_templates, templates_dir


def css_string(value: str) -> Markup:
    """A CSS string literal, for labels placed in generated content (page footers)."""
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return Markup(f'"{escaped}"')


def environment(register_root: Path) -> Environment:
    builtin = FileSystemLoader(templates_dir())
    overrides = override_templates(register_root)
    loaders = [FileSystemLoader(overrides)] if overrides else []
    env = Environment(
        loader=ChoiceLoader([*loaders, builtin, PrefixLoader({"default": builtin}, delimiter=":")]),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html", "css"], default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markup.render
    env.filters["md_text"] = markup.markdown_text
    env.filters["plain"] = markup.plain
    env.filters["wrap"] = markup.wrap
    env.filters["css_string"] = css_string
    return env
