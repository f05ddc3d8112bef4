"""Read one YAML file into plain data plus a map of where every value came from.

PyYAML alone is unsafe for a register: it silently keeps the last of two
duplicate keys, reads ``NO`` (Norway) as ``False`` and ``2024-01-15`` as a date,
and expands alias "bombs". Here the (C) parser only produces events; values
are built by :class:`_Builder`, which refuses duplicates, aliases and custom
tags, and resolves scalars with a small, documented set of rules:

* ``true``/``false`` (any case) are booleans; ``yes``, ``no``, ``on``, ``off``
  stay strings (so the country code ``NO`` stays ``"NO"``);
* ``null``, ``~`` and an empty value are null;
* decimal integers without a leading zero are integers (``0478…`` stays a
  string, so phone numbers and postcodes keep their zeros);
* ``1.5`` style decimals are floats;
* everything else, dates and times included, is a string.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import stat
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from ..codes import V001, V002, V010, V011, V012, V014, V016, V017, Code
from ..problems import Problem

try:
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing: same rules, slower
    _BaseLoader = yaml.SafeLoader

MAX_FILE_BYTES = 1024 * 1024
"""No register file comes close; larger input is refused before parsing."""
MAX_DEPTH = 32
"""Nesting of mappings and lists; the model needs 6."""
MAX_ITEMS = 1000
"""Entries in one list or mapping: what a renderer is asked to lay out stays bounded."""
MAX_TEXT = 20_000
"""Characters in one value: a long description is a few thousand."""

_NONCHARACTERS = "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef"
                        + _NONCHARACTERS + "]")
"""Control characters (terminal escapes, BEL…), bidirectional overrides and noncharacters
(U+FFFE, U+FFFF…, which a double-quoted ``"\\uFFFE"`` can spell): never text of a register, and the
office formats' XML cannot carry some of them."""

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


_PLAIN_SCALAR = re.compile(
    r"(?P<bool>true|True|TRUE|false|False|FALSE)"
    r"|(?P<null>~|null|Null|NULL|)"
    r"|(?P<int>[-+]?(?:0|[1-9][0-9]*))"
    r"|(?P<float>[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)"
)
_TAG_OF_GROUP = {"bool": _BOOL, "null": _NULL, "int": _INT, "float": _FLOAT}


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The parser composes nodes; tags of plain scalars follow the rules above.

    The parser calls :meth:`resolve` for every node, so one compiled pattern
    replaces PyYAML's resolver tables, and path-based resolution (unused) is
    switched off.
    """

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                match = _PLAIN_SCALAR.fullmatch(value)
                if match:
                    return _TAG_OF_GROUP[match.lastgroup or ""]
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


@dataclass(slots=True, eq=False)
class SourceNode:
    """Where a value (and, inside a mapping, its key) starts; 1-based."""

    line: int
    column: int
    key_line: int | None = None
    key_column: int | None = None
    children: dict[str | int, SourceNode] = field(default_factory=dict)

    def _fields(self) -> tuple[Any, ...]:
        return self.line, self.column, self.key_line, self.key_column, self.children

    def __eq__(self, other: object) -> bool:
        """Nodes are equal by their positions, packed (see :class:`PackedSourceNode`) or not."""
        return isinstance(other, SourceNode) and self._fields() == other._fields()

    def __reduce__(self) -> tuple[type[SourceNode], tuple[Any, ...]]:
        """Pickled as its fields (a cached file holds about a hundred nodes): a third faster to read back
        than the default for a class with slots, and a third smaller."""
        return SourceNode, self._fields()

    def locate(self, loc: tuple[str | int, ...], *, at_key: bool = False) -> tuple[int, int]:
        """Position of the value at ``loc`` (pydantic-style path), or of its nearest ancestor.

        Segments that are not in the file (a missing key, or a pydantic union
        tag) are skipped. With ``at_key`` the key of the value is preferred,
        which is where an unknown key or a missing child should point.
        """
        node = self
        for segment in loc:
            child = node.children.get(segment)
            if child is not None:
                node = child
        if at_key and node.key_line is not None and node.key_column is not None:
            return node.key_line, node.key_column
        return node.line, node.column

    def has(self, loc: tuple[str | int, ...]) -> bool:
        node: SourceNode | None = self
        for segment in loc:
            node = node.children.get(segment) if node else None
        return node is not None


class PackedSourceNode(SourceNode):
    """A file's tree of positions, kept pickled until a position is asked for.

    Positions serve only to point at a problem. A build that finds every fiche in the cache asks for
    none, and unpickling a thousand files' trees was a third of loading them."""

    __slots__ = ("_packed",)

    def __init__(self, node: SourceNode) -> None:  # the node's own fields stay unset until asked for
        self._packed = pickle.dumps(node, protocol=pickle.HIGHEST_PROTOCOL)

    def __getattr__(self, name: str) -> Any:
        """Called for a field not set yet, the first time a position is asked for: all are set then."""
        if name == "_packed":
            raise AttributeError(name)
        node = pickle.loads(self._packed)
        for field_name in ("line", "column", "key_line", "key_column", "children"):
            setattr(self, field_name, getattr(node, field_name))
        return getattr(self, name)

    def __reduce__(self) -> tuple[Any, ...]:
        return _packed, (self._packed,)


def _packed(packed: bytes) -> PackedSourceNode:
    node = PackedSourceNode.__new__(PackedSourceNode)
    node._packed = packed
    return node


@dataclass
class ParsedFile:
    """The outcome of reading a file: data and positions, or the problems that stopped it."""

    path: str
    data: Any = None
    source: SourceNode = field(default_factory=lambda: SourceNode(1, 1))
    problems: list[Problem] = field(default_factory=list)
    digest: str = ""
    """The file's path and content, hashed (empty when it could not be read): the key of work done on it."""

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_file(path: Path, display: str) -> ParsedFile:
    """Read ``path``; problems are reported under ``display`` (the path the user knows)."""
    raw = read_limited(path, display)
    return raw if isinstance(raw, ParsedFile) else parse_bytes(raw, display)


def read_limited(path: Path, display: str) -> bytes | ParsedFile:
    """The file's bytes, or, when it is too large, not a regular file or cannot be read, the problem as a parsed
    file. Opened without waiting (a named pipe put in its place would block the read for ever)."""
    result = ParsedFile(display)
    try:
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                return _fail(result, "cannot read file: it is not a regular file (a pipe, a device, a folder)", code=V010)
            size = info.st_size
            raw = stream.read(MAX_FILE_BYTES + 1)  # a file that grows, or lies about its size, is read no further
            if max(size, len(raw)) > MAX_FILE_BYTES:
                return _fail(result, too_large(max(size, len(raw))), code=V017)
            return raw
    except OSError as exc:
        return _fail(result, f"cannot read file: {exc.strerror or exc}", code=V010)


def too_large(size: int) -> str:
    """Why a file of ``size`` bytes is refused, wherever it is read from (the working tree, a git revision)."""
    return f"file is too large ({size / 1_048_576:.1f} MiB; a register file may be at most {MAX_FILE_BYTES // 1_048_576} MiB)"


def _fail(result: ParsedFile, message: str, line: int = 1, column: int = 1, code: Code = V001) -> ParsedFile:
    result.problems.append(code.at(result.path, line, column, message))
    return result


def content_digest(display: str, raw: bytes) -> str:
    """A file's path and content, hashed: a parsed file's :attr:`ParsedFile.digest`, known without parsing."""
    return hashlib.sha256(display.encode() + b"\0" + raw).hexdigest()


def parse_bytes(raw: bytes, display: str) -> ParsedFile:
    result = ParsedFile(display)
    result.digest = content_digest(display, raw)
    if len(raw) > MAX_FILE_BYTES:
        return _fail(result, too_large(len(raw)), code=V017)
    if b"\x00" in raw:
        line, column = _byte_position(raw, raw.index(b"\x00"))
        return _fail(result, "this is a binary file, not YAML text", line, column, V010)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(raw, exc.start)
        return _fail(result, f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8", line, column, V010)
    too_deep = _flow_too_deep(text)
    if too_deep is not None:
        line, column = _char_position(text, too_deep)
        return _fail(result, f"values are nested too deeply (at most {MAX_DEPTH} levels)", line, column, V014)
    relocation = _Relocation(text) if _other_breaks(text) else None
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if relocation is not None and mark:
            line, column = relocation.at(mark.index)
        return _fail(result, _syntax_message(exc, text, mark), line, column)
    except yaml.reader.ReaderError as exc:  # a character YAML refuses, e.g. a raw control character
        line, column = _char_position(text, exc.position)
        return _fail(result, f"character {_escaped(chr(exc.character)) if isinstance(exc.character, int) else ''} "
                             "is not allowed in YAML text", line, column, V016)
    except yaml.YAMLError as exc:  # other unmarked errors
        return _fail(result, "invalid YAML: " + " ".join(str(exc).split()))
    except RecursionError:
        return _fail(result, f"values are nested too deeply (at most {MAX_DEPTH} levels)", code=V014)
    if root is None:
        return _fail(result, "file is empty; expected a mapping of keys and values", code=V012)
    builder = _Builder(display)
    result.data, result.source = builder.build(root)
    problems = builder.problems
    if relocation is not None:
        relocation.tree(result.source)
        problems = [replace(p, line=line, column=column)
                    for p, (line, column) in ((p, relocation(p.line, p.column)) for p in problems)]
    result.problems.extend(problems)
    return result


_BRACKET = re.compile(r"[\[\]{}]")
_COMPOSER_DEPTH = 1000
"""Flow brackets nested this deep are refused before the (recursive, C) composer sees them."""


def _flow_too_deep(text: str) -> int | None:
    """Where unclosed ``[`` and ``{`` first pile up past what the composer may safely recurse into.

    Brackets inside quoted text count too: no register needs a thousand of them open.
    """
    depth = 0
    for match in _BRACKET.finditer(text):
        depth += 1 if match.group(0) in "[{" else -1
        if depth > _COMPOSER_DEPTH:
            return match.start()
    return None


_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _other_breaks(text: str) -> bool:
    """Whether YAML ends a line where git and editors do not (str's ``in`` and ``count`` are several
    times faster than a regular expression: this runs on every file)."""
    return ("\x85" in text or "\u2028" in text or "\u2029" in text
            or ("\r" in text and text.count("\r") != text.count("\r\n")))


class _Relocation:
    """YAML ends a line at ``\n``, ``\r\n``, a lone ``\r``, NEL, LS and PS; git, grep and editors at
    ``\n`` only. In a file holding one of the others, the parser's 1-based line and column are moved to
    where those tools show the same character (parsing itself is left alone: such files are rare)."""

    def __init__(self, text: str) -> None:
        self._yaml_starts = [0, *(found.end() for found in _YAML_BREAK.finditer(text))]
        self._starts = [0, *(found.end() for found in re.finditer("\n", text))]

    def __call__(self, line: int, column: int) -> tuple[int, int]:
        return self.at(self._yaml_starts[line - 1] + column - 1)

    def at(self, index: int) -> tuple[int, int]:
        """The position of the character at ``index`` (or of the end, where a syntax error may be)."""
        line = bisect_right(self._starts, index)
        return line, index - self._starts[line - 1] + 1

    def tree(self, node: SourceNode) -> None:
        node.line, node.column = self(node.line, node.column)
        if node.key_line is not None and node.key_column is not None:
            node.key_line, node.key_column = self(node.key_line, node.key_column)
        for child in node.children.values():
            self.tree(child)


def _char_position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def without_forbidden(text: str) -> str:
    """``text`` without the characters a register refuses (V016): for text coming from elsewhere (an import)."""
    return _FORBIDDEN.sub("", text)


def _escaped(text: str) -> str:
    """Control characters written as escapes, so that a message stays on one line and prints nothing strange."""
    return _FORBIDDEN.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text).replace("\n", "\\n").replace("\r", "\\r")


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, offset - line_start + 1


def _syntax_message(exc: yaml.MarkedYAMLError, text: str, mark: yaml.Mark | None) -> str:
    problem = exc.problem or "invalid YAML"
    lines = text.splitlines()
    if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        return f"YAML syntax error: {problem} (a tab character: indent with spaces, YAML does not allow tabs)"
    context = f" {exc.context}" if exc.context else ""
    return f"YAML syntax error: {problem}{context}"


class _Builder:
    """Turns a composed node tree into plain data and a :class:`SourceNode` tree."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self._alias_reported = False

    def _problem(self, node: yaml.Node, message: str, code: Code = V001) -> None:
        mark = node.start_mark
        self.problems.append(code.at(self.display, mark.line + 1, mark.column + 1, message))

    def build(self, node: yaml.Node, holder: yaml.Node | None = None, depth: int = 0) -> tuple[Any, SourceNode]:
        mark = node.start_mark
        source = SourceNode(mark.line + 1, mark.column + 1)
        if depth > MAX_DEPTH:
            self._problem(node, f"values are nested too deeply (at most {MAX_DEPTH} levels)", V014)
            return None, source
        if id(node) in self._seen:
            # The composer hands back the anchored node itself, so an alias has no
            # position of its own: point at the key or list that holds it.
            if not self._alias_reported:
                self._problem(holder or node, "aliases (*name) are not allowed: write the value again or "
                                              "refer to a catalogue entry by its id", V011)
                self._alias_reported = True
            return None, source
        self._seen.add(id(node))
        if node.tag not in _NODE_TAGS:
            self._problem(node, f"unsupported YAML tag {node.tag}; only plain values are allowed")
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node), source
        if len(node.value) > MAX_ITEMS:
            self._problem(node, f"{len(node.value)} entries here; a register allows at most {MAX_ITEMS} in one "
                                "list or mapping", V017)
            return None, source
        if isinstance(node, yaml.SequenceNode):
            items = []
            children = source.children
            for index, item in enumerate(node.value):
                value, children[index] = self.build(item, node, depth + 1)
                items.append(value)
            return items, source
        assert isinstance(node, yaml.MappingNode)
        return self._mapping(node, source, depth), source

    def _mapping(self, node: yaml.MappingNode, source: SourceNode, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        children = source.children
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                self._problem(key_node, "keys must be plain words, not lists or mappings")
                continue
            key = key_node.value  # as written: "no", "1" and "null" are plain words here
            if key in mapping:
                self._problem(key_node, f"duplicate key '{key}' (first defined at line {children[key].key_line}); "
                                        "YAML would silently keep only the last one", V002)
                continue
            mapping[key], child = self.build(value_node, key_node, depth + 1)
            mark = key_node.start_mark
            child.key_line, child.key_column = mark.line + 1, mark.column + 1
            children[key] = child
        return mapping

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == _STR:
            if len(value) > MAX_TEXT:
                self._problem(node, f"this text has {len(value)} characters; a register allows at most {MAX_TEXT} "
                                    "in one value", V017)
                return None
            forbidden = _FORBIDDEN.search(value)
            if forbidden:
                self._problem(node, f"the character {_escaped(forbidden.group(0))} is not allowed in a register's "
                                    "text (control characters, direction overrides and noncharacters)", V016)
                return None
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() == "true"
        if tag == _INT:
            return int(value)
        if tag == _FLOAT:
            return float(value)
        return value


_NODE_TAGS = frozenset({_STR, _NULL, _BOOL, _INT, _FLOAT, _MAP, _SEQ})
