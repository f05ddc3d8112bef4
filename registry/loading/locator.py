"""Where in the register's files a fact is, for every stage that reports on one.

Gaps of the register document, missing facts of the notices and the findings of
the compliance rules all point at a field the DPO fills: the same place for the
same field, whichever stage reports it.
"""

from __future__ import annotations

from .register import Register, SourcedActivity

Loc = tuple[str | int, ...]


def locate(register: Register, activity: SourcedActivity | None, loc: Loc, *,
           in_settings: bool = False) -> tuple[str, int, int]:
    """The file, line and column of ``loc`` in ``activity`` (in registry.yaml when there is no activity, or
    ``in_settings``): the value when it is written, else the key of its nearest written ancestor, where
    the missing field belongs."""
    if activity is None or in_settings:
        path, source = register.settings_path, register.settings_source
    else:
        path, source = activity.path, activity.source
    line, column = source.locate(loc, at_key=not source.has(loc))
    return path, line, column
