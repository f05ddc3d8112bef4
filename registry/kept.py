"""How a stage is handed what it made before, without knowing where that is kept.

Views and renderers call ``kept.remember(stage, inputs, make)``: the value ``make()`` gives, or the one it
gave before for the same declared stage and inputs. The orchestrators (``build``, ``serve``, the loader)
pass a :class:`registry.cache.memo.Memo`, which keeps values in the cache; :data:`NOTHING` keeps nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

T = TypeVar("T")
Inputs = tuple[bytes | str, ...]
"""What a stage's result follows from, as its declaration in :data:`registry.cache.keys.STAGES` lists it."""


class Kept(Protocol):
    def remember(self, stage: str, inputs: Inputs, make: Callable[[], T]) -> T:
        """``make()``, or what it gave before for the same ``stage`` and ``inputs``."""

    def remember_all(self, stage: str, inputs: Sequence[Inputs], make: Callable[[list[int]], list[T]]) -> list[T]:
        """One value per ``inputs``: those made before, and ``make(positions)`` for the others, made together
        (on several processes, for instance)."""

    def made_from(self, stage: str, inputs: Inputs) -> str | None:
        """What a result is made from, hashed: the previous output's file made from the same is kept. None
        when nothing made before may be used (``--no-cache``): every file is made again."""


class Nothing:
    """Keeps nothing: every stage is done again."""

    def remember(self, stage: str, inputs: Inputs, make: Callable[[], T]) -> T:
        return make()

    def remember_all(self, stage: str, inputs: Sequence[Inputs], make: Callable[[list[int]], list[T]]) -> list[T]:
        return make(list(range(len(inputs))))

    def made_from(self, stage: str, inputs: Inputs) -> str | None:
        return None


NOTHING = Nothing()
