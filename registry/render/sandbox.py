"""What a template may cost: Jinja's immutable sandbox, with bounds on loops, operators and output.

A register's template overrides are a stranger's code run on the build
machine. The sandbox keeps them from Python's internals; these bounds keep
them from the machine's time and memory: a loop nested in loops, ``'x' * 10**9``,
``7 ** 10**8``, ``'x'|center(10**9)``, ``'%1000000000s' % x`` or a text doubled
with ``~`` in a loop stop with an
error the caller reports as T001, where they would hang the build or end it
with MemoryError (which the caller also reports, should something else ask
for too much). Each bound is far above what
the built-in templates need for the largest register (5,000 activities).
This sandbox is used only for a register that brings templates of its own
(see :mod:`.environment`); even then the tool's own templates are compiled
without the loop counts and text measures (their code is the tool's, their
data bounded by the loader), while operators, calls and output stay bounded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from contextvars import ContextVar
from functools import wraps
from itertools import islice
from pathlib import Path
from typing import Any

from jinja2 import Template, nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

MAX_ITERATIONS = 20_000_000
"""Loop steps in one render: the register of 5,000 activities takes about a tenth of it."""
MAX_SEQUENCE = 10_000_000
"""Characters of a string, or items of a list, that ``*`` or ``+`` may make."""
MAX_POWER_BITS = 4096
"""Bits of a number that ``**`` may make."""
MAX_OUTPUT = 200_000_000
"""Characters one render may write: forty times the register of 5,000 activities."""
OUTPUT_BATCH = 64
"""Pieces of output counted together. A piece is at most ``MAX_SEQUENCE`` characters (the operators'
bound), so a render holds at most ``MAX_OUTPUT + OUTPUT_BATCH * MAX_SEQUENCE`` characters before it stops."""

_COUNTED = "__counted__"
"""The filter every ``{% for %}`` of a template is made to iterate through."""
_MEASURED = "__measured__"
"""The filter every ``~`` and ``{% set %}…{% endset %}`` of a template is made to pass its text through."""
_CONTAINERS = (list, tuple, set, frozenset, dict)


def text_size(value: Any, limit: int = MAX_SEQUENCE) -> int:
    """About how many characters ``value`` takes as text, counted no further than just past ``limit``: a list
    holding itself twice, nested forty times, is a few bytes in memory and a terabyte as text, so it is walked
    (each item at least a character), never turned into text to be measured. Objects other than texts and
    containers (the views, numbers) count as one: they hold the register, which is bounded already."""
    size, pending = 0, [value]
    while pending and size <= limit:
        item = pending.pop()
        if isinstance(item, str):
            size += len(item) + 1
        elif isinstance(item, _CONTAINERS):
            size += 2
            if isinstance(item, dict):
                pending.extend(item.keys())
                pending.extend(item.values())
            else:
                pending.extend(item)
        else:
            size += 1
    return size


def _measured(value: Any) -> Any:
    """A value a template makes or hands on (joined texts, a block assigned, what a call, a filter or an output
    gives), refused past the bound: doubling a text in a loop or in a macro calling itself, by whatever means,
    stops at ten million characters, not at the machine's memory."""
    if isinstance(value, str):
        if len(value) > MAX_SEQUENCE:
            raise SecurityError(f"the template makes a text of more than {MAX_SEQUENCE:,} characters")
    elif isinstance(value, _CONTAINERS) and text_size(value) > MAX_SEQUENCE:
        raise SecurityError(f"the template makes a text of more than {MAX_SEQUENCE:,} characters")
    return value


class _Bounded(NodeTransformer):
    """A template's syntax tree with its loops counted and its joined texts measured."""

    def visit_For(self, node: nodes.For) -> nodes.Node:  # noqa: N802 - Jinja's visitor names
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, _COUNTED, [], [], None, None, lineno=node.iter.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:  # noqa: N802
        self.generic_visit(node)
        node.nodes = [_measure(part) for part in node.nodes]  # each made text before it is joined
        return _measure(node)

    def visit_Filter(self, node: nodes.Filter) -> nodes.Node:  # noqa: N802
        """What a filter is given is measured before it turns it into text (what it gives is measured where it
        is used: written, joined, given to a call or another filter)."""
        self.generic_visit(node)
        if node.name in (_COUNTED, _MEASURED):
            return node
        if node.node is not None:
            node.node = _measure(node.node)
        node.args = [_measure(arg) for arg in node.args]
        return node

    def visit_AssignBlock(self, node: nodes.AssignBlock) -> nodes.Node:  # noqa: N802
        self.generic_visit(node)
        node.filter = nodes.Filter(node.filter, _MEASURED, [], [], None, None, lineno=node.lineno)
        return node


def _measure(node: nodes.Expr) -> nodes.Expr:
    return nodes.Filter(node, _MEASURED, [], [], None, None, lineno=node.lineno)


class _Budget:
    def __init__(self) -> None:
        self.steps = 0


_budget: ContextVar[_Budget | None] = ContextVar("template_budget", default=None)


def _counted(iterable: Iterable[Any]) -> Iterable[Any]:
    """The loop's items, counted against the render's budget of loop steps: a sized iterable (a list, a
    mapping, a range) all at once before the loop starts, which leaves the loop at its full speed; any
    other item by item."""
    budget = _budget.get()
    if budget is None:
        return iterable
    if isinstance(iterable, Sized):
        _spend(budget, len(iterable))
        return iterable
    return _each_counted(iterable, budget)


def _each_counted(iterable: Iterable[Any], budget: _Budget) -> Iterator[Any]:
    for item in iterable:
        _spend(budget, 1)
        yield item


def _spend(budget: _Budget, steps: int) -> None:
    budget.steps += steps
    if budget.steps > MAX_ITERATIONS:
        raise SecurityError(f"the template's loops take more than {MAX_ITERATIONS:,} steps")


_WIDE_FORMAT = re.compile(r"%[-+ #0]*(?:\*|\d{8,})|%[-+ #0]*\d*\.(?:\*|\d{8,})|\{[^{}]*:[^{}]*\d{8,}[^{}]*\}")
"""A width or precision of ten million or more (or taken from the arguments) in a %- or {}-format."""
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
"""Methods of a text that pad it to a width given as their first argument."""


def _refuse_width(width: object) -> None:
    if isinstance(width, int) and width > MAX_SEQUENCE:
        raise SecurityError(f"the template pads a text to more than {MAX_SEQUENCE:,} characters")


def _refuse_wide_format(text: object, *values: object) -> None:
    """A format whose widths, or whose fields filled with ``values`` (each may be used by every field:
    ``'{0}{0}{0}'``, ``'%(a)s%(a)s'``), would make a text past the bound."""
    if isinstance(text, str) and _WIDE_FORMAT.search(text):
        raise SecurityError(f"the template formats a value wider than {MAX_SEQUENCE:,} characters")
    if isinstance(text, str) and values:
        fields = text.count("%") + text.count("{")
        if fields and len(text) + fields * max(text_size(value) for value in values) > MAX_SEQUENCE:
            raise SecurityError(f"the template makes a text of more than {MAX_SEQUENCE:,} characters")


def _refuse_long_replacement(text: object, old: object, new: object) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        if len(text) + (text.count(old) if old else len(text) + 1) * len(new) > MAX_SEQUENCE:
            raise SecurityError(f"the template makes a sequence of more than {MAX_SEQUENCE:,} items")


def _refuse_long_join(items: object, separator: object) -> None:
    if isinstance(items, (list, tuple)) and all(isinstance(item, str) for item in items):
        if sum(map(len, items)) + len(str(separator)) * len(items) > MAX_SEQUENCE:
            raise SecurityError(f"the template makes a text of more than {MAX_SEQUENCE:,} characters")


def _guarded(check: Callable[..., None], function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that runs ``check`` on its arguments first (``wraps`` keeps Jinja's pass_context marks)."""
    @wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        check(*args, **kwargs)
        return function(*args, **kwargs)
    return guarded


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox whose loops, repetitions, widths, powers and output are bounded (see the module)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, trusted: Path | None = None, **options: Any) -> None:
        """``trusted``: the folder of the tool's own templates, compiled without the counts (see :meth:`_parse`)."""
        options.setdefault("finalize", _measured)  # what ``{{ … }}`` writes, measured before it is made text
        super().__init__(**options)
        self.trusted = trusted
        self.filters[_COUNTED] = _counted
        self.filters[_MEASURED] = _measured
        filters = self.filters
        filters["center"] = _guarded(lambda value, width=80: _refuse_width(width), filters["center"])
        filters["indent"] = _guarded(lambda value, width=4, *_, **__: _refuse_width(
            width if isinstance(width, int) else len(str(width)) * (str(value).count("\n") + 1)), filters["indent"])
        filters["format"] = _guarded(lambda value, *args, **kwargs: _refuse_wide_format(value, *args, *kwargs.values()),
                                     filters["format"])
        filters["join"] = _guarded(lambda eval_ctx, value, d="", *_: _refuse_long_join(value, d), filters["join"])
        filters["replace"] = _guarded(lambda eval_ctx, value, old, new, *_: _refuse_long_replacement(value, old, new),
                                      filters["replace"])

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        """A text's own methods are bounded as the filters are: ``'x'.center(10**9)`` is refused before it is run."""
        name, owner = getattr(__obj, "__name__", ""), getattr(__obj, "__self__", None)
        if name in ("format", "format_map"):
            owner = getattr(getattr(__obj, "__wrapped__", None), "__self__", None)  # the sandbox's wrapper
            _refuse_wide_format(owner, *args, *kwargs.values())
        elif isinstance(owner, str):
            if name in _WIDTH_METHODS and args:
                _refuse_width(args[0])
            elif name == "replace" and len(args) >= 2:
                _refuse_long_replacement(owner, args[0], args[1])
            elif name == "join" and args:
                _refuse_long_join(list(args[0]) if isinstance(args[0], (list, tuple)) else args[0], owner)
        return _measured(super().call(__context, __obj, *args, **kwargs))

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """The template's syntax tree, each loop iterating through the counting filter and each joined text
        passing through the measuring one; the tool's own templates (under ``trusted``) as they are: their
        loops run over the register's data, which the loader bounds, and every page would pay for the counts."""
        tree = super()._parse(source, name, filename)
        if self.trusted is not None and filename is not None and Path(filename).is_relative_to(self.trusted):
            return tree
        bounded = _Bounded().visit(tree)
        assert isinstance(bounded, nodes.Template)
        return bounded

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(left, int) and isinstance(right, int):
            if right > 0 and max(left.bit_length(), 1) * right > MAX_POWER_BITS:
                raise SecurityError(f"the template computes a number of more than {MAX_POWER_BITS} bits")
        elif operator == "*":
            sequence, count = (left, right) if isinstance(right, int) else (right, left)
            if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) and len(sequence) * count > MAX_SEQUENCE:
                raise SecurityError(f"the template makes a sequence of more than {MAX_SEQUENCE:,} items")
        elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            if len(left) + len(right) > MAX_SEQUENCE:
                raise SecurityError(f"the template makes a sequence of more than {MAX_SEQUENCE:,} items")
        elif operator == "%":
            _refuse_wide_format(left, *(right.values() if isinstance(right, dict) else
                                        right if isinstance(right, tuple) else (right,)))
        return super().call_binop(context, operator, left, right)


def render_bounded(template: Template, context: Mapping[str, Any], **extra: Any) -> str:
    """The template rendered within the budget of loop steps, its output counted as it is written."""
    token = _budget.set(_Budget())
    try:
        written, parts, pieces = 0, [], template.generate(context, **extra)
        while batch := list(islice(pieces, OUTPUT_BATCH)):  # no Python step per piece: a page has 100,000
            written += sum(map(len, batch))
            if written > MAX_OUTPUT:
                raise SecurityError(f"the template writes more than {MAX_OUTPUT:,} characters")
            parts += batch
        return "".join(parts)
    finally:
        _budget.reset(token)
