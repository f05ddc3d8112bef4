"""Compiled templates kept in the signed cache, by name and source: compiling those of a build took a sixth
of a second, at every command. Jinja checks that the code is for this Python."""

from __future__ import annotations

import jinja2
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from .keys import key
from .store import Cache


class CompiledTemplates(BytecodeCache):
    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def _digest(self, bucket: Bucket) -> str:
        """The environment's kind is part of it: a bounded sandbox compiles the same source to other code."""
        return key("template-code", jinja2.__version__, type(bucket.environment).__qualname__, bucket.key,
                   bucket.checksum)

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self.cache.get(self._digest(bucket))
        if isinstance(found, bytes):
            bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.cache.put(self._digest(bucket), bucket.bytecode_to_string())
