"""The orchestrators' memory of the stages: each declared stage's results kept by its declared inputs.

``build``, ``serve`` and the loader make a :class:`Memo` over the command's :class:`~.store.Cache` and
hand it to the views and renderers as their :class:`~registry.kept.Kept`; these know neither keys nor
folders. A stage kept per activity (``shelf`` in its declaration) goes to a shelf of the register and
language the memo is for, written back when the memo's ``with`` block ends.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from ..kept import Inputs
from .keys import STAGES, key
from .store import Cache, Shelf

T = TypeVar("T")


class Memo:
    """What a command made before, for one register (its folder) and, for views, one language."""

    def __init__(self, cache: Cache, root: Path | None = None, language: str = "") -> None:
        self.cache = cache
        self._owner = (str(root.resolve()) if root is not None else "", language)
        self._shelves: dict[str, Shelf] = {}

    def __enter__(self) -> Memo:
        return self

    def __exit__(self, *exception: object) -> None:
        for shelf in self._shelves.values():
            shelf.__exit__(*exception)
        self._shelves.clear()

    @property
    def remembers(self) -> bool:
        """Whether what is made is found again (not with ``--no-cache``)."""
        return self.cache.remembers

    @property
    def on_disk(self) -> bool:
        """Whether what is made is kept in a folder, pickled (not in memory, not at all)."""
        return self.cache.folder is not None

    def remember(self, stage: str, inputs: Inputs, make: Callable[[], T], pickled: bytes | None = None) -> T:
        """``make()``, or what it gave before; ``pickled`` is the value pickled already (by another process),
        kept as it is on a shelf."""
        digest = key(stage, *inputs)
        name = STAGES[stage].shelf
        if name is not None:
            return self._shelf(name).remember(digest, make, pickled)
        return self.cache.remember(digest, make)

    def knows(self, stage: str, inputs: Inputs) -> bool:
        """Whether a stage kept on a shelf made something from ``inputs`` before."""
        name = STAGES[stage].shelf
        assert name is not None, f"{stage} is not kept on a shelf"
        return self._shelf(name).knows(key(stage, *inputs))

    def remember_all(self, stage: str, inputs: Sequence[Inputs], make: Callable[[list[int]], list[T]]) -> list[T]:
        digests = [key(stage, *parts) for parts in inputs]
        found: dict[int, T] = {}
        for position, digest in enumerate(digests):
            value = self.cache.get(digest)
            if value is not None:
                found[position] = value
        missing = [position for position in range(len(digests)) if position not in found]
        if missing:
            for position, value in zip(missing, make(missing), strict=True):
                self.cache.put(digests[position], value)
                found[position] = value
        return [found[position] for position in range(len(digests))]

    def made_from(self, stage: str, inputs: Inputs) -> str | None:
        """None with ``--no-cache``, which means cold: not even the previous output's files are reused."""
        return key(stage, *inputs) if self.remembers else None

    def _shelf(self, name: str) -> Shelf:
        if name not in self._shelves:
            self._shelves[name] = self.cache.shelf(name, *self._owner)
        return self._shelves[name]
