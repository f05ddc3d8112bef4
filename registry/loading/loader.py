"""Load a register folder: ``registry.yaml`` and ``activities/*.yaml``, every problem of every file."""

from __future__ import annotations

import gc
import pickle
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..cache.memo import Memo
from ..cache.store import Cache
from ..cores import default_jobs
from ..models import Activity, ProcessorActivity, RegistryFile
from ..problems import Problem
from .history import file_dates, last_changes_of_substance
from .reader import ACTIVITIES_DIR as ACTIVITIES_DIR
from .reader import MAX_ACTIVITIES, no_settings, read_register, too_many
from .reader import SETTINGS_FILE as SETTINGS_FILE
from .reader import activity_files as activity_files
from .references import check_references
from .register import Register, Sourced, SourcedActivity
from .validation import ModelT, validate
from .yamlsource import PackedSourceNode, ParsedFile, SourceNode, parse_bytes


@dataclass
class LoadResult:
    register: Register | None
    """None when ``registry.yaml`` itself is unusable."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.register is not None and not self.problems


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Parsing creates and keeps many small objects without cycles; reference counting
    frees them, while the cyclic collector would rescan the growing register again
    and again (a third of the load time on 1,000 activities)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class Unread:
    """An activity file's bytes, parsed only if the cache does not know what they hold already."""

    path: str
    raw: bytes


@dataclass
class RegisterFiles:
    """A register's files, wherever they were read from (the working tree, a git revision)."""

    settings: ParsedFile | None
    """None when there is no registry.yaml to read (the problem says why)."""
    activities: list[ParsedFile | Unread | SourcedActivity]
    """Parsed, to be parsed, or loaded already."""
    problems: list[Problem]
    """What stopped a file from being read at all."""


def load(root: Path, cache: Cache | None = None, jobs: int | None = None) -> LoadResult:
    """Parse and validate everything; cross-references are checked once every file is valid.

    With a ``cache``, a file read before with the same content is neither parsed nor validated again.
    When many files are not in its folder, they are loaded on ``jobs`` processes (by default, every
    core): the cache keeps them pickled, so sending them back pickled costs nothing more. Without a
    folder to keep them, sending them back would cost as much as loading them.
    """
    with _collector_paused(), Memo(cache or Cache(None), root) as memo:
        return assemble(root, _read_tree(root, memo), memo, default_jobs() if jobs is None else jobs)


ParseCache = dict[tuple[str, bytes], ParsedFile]
"""Files already parsed, by path and content: two revisions of a register share most of their files."""


def load_files(root: Path, settings: bytes | None, activities: dict[str, bytes],
               cache: ParseCache | None = None, kept: Cache | None = None,
               loaded: Sequence[SourcedActivity] = (), refused: Sequence[Problem] = ()) -> LoadResult:
    """The register made of these contents (from git, for instance), reported under these paths.

    ``cache`` holds the files parsed by this process; ``kept``, the work of earlier commands: a file
    of a past revision is most often the file as it is now, parsed and validated already. ``loaded``
    are activity files taken as they are, loaded already from the same bytes into a register of the
    same kind (see :func:`processor_register`). ``refused`` are the problems of files the reader refused unread."""
    cache = {} if cache is None else cache
    memo = Memo(kept or Cache(None), root)

    def parse(path: str, content: bytes) -> ParsedFile:
        if (path, content) not in cache:
            cache[path, content] = _parsed(path, content, memo)
        return cache[path, content]

    def activity(path: str, content: bytes) -> ParsedFile | Unread:
        return Unread(path, content) if memo.remembers else parse(path, content)

    with _collector_paused(), memo:
        files = RegisterFiles(parse(SETTINGS_FILE, settings) if settings is not None else None,
                              sorted([*loaded, *(activity(path, content) for path, content in activities.items())],
                                     key=lambda file: file.path), list(refused))
        if settings is None and not any(problem.path == SETTINGS_FILE for problem in refused):
            files.problems.append(no_settings(root))
        if len(files.activities) > MAX_ACTIVITIES:
            files.activities, files.problems = [], [*files.problems, too_many(len(files.activities))]
        return assemble(root, files, memo)


def processor_register(settings: bytes, cache: Cache) -> bool:
    """Whether a register with this ``registry.yaml`` is a processor's: its activities without a ``role``
    of their own are loaded as a processor's."""
    return _is_processor_register(_parsed(SETTINGS_FILE, settings, Memo(cache)), None)


def _read_tree(root: Path, memo: Memo) -> RegisterFiles:
    """The files of a register folder, through the one reader and its refusals, ready to be parsed."""
    raw = read_register(root)
    settings = _parsed(SETTINGS_FILE, raw.settings, memo) if raw.settings is not None else None
    activities: list[ParsedFile | Unread | SourcedActivity] = [Unread(path, content) for path, content
                                                                in raw.activities.items()]
    return RegisterFiles(settings, activities, raw.problems)


def _parsed(display: str, raw: bytes, memo: Memo) -> ParsedFile:
    """The file parsed, or found parsed in the cache by its path and content."""
    return memo.remember("parsed", (display, raw), partial(parse_bytes, raw, display))


def assemble(root: Path, files: RegisterFiles, memo: Memo, jobs: int = 1) -> LoadResult:
    """Validate parsed files against the model, then check references across them (see :func:`load`
    for ``jobs``); what is kept of each activity file goes to ``memo``'s shelf when its block ends."""
    problems = list(files.problems)
    parsed_settings = files.settings or ParsedFile(SETTINGS_FILE)
    settings = _validated(RegistryFile, parsed_settings, memo) if files.settings and parsed_settings.ok else None
    problems += parsed_settings.problems
    processor_register = _is_processor_register(parsed_settings, settings)
    activities = []
    kind = "processor" if processor_register else "controller"
    with ExitStack() as stack:
        unknown = [f for f in files.activities if isinstance(f, Unread) and not memo.knows("loaded", (f.path, f.raw, kind))]
        processes = min(jobs, len(unknown) // FILES_PER_PROCESS) if memo.on_disk else 1
        elsewhere = stack.enter_context(_Elsewhere(unknown, processor_register, processes)) if processes > 1 else None
        for file in files.activities:
            if isinstance(file, Sourced):
                activities.append(file)
                continue
            sourced, found = (_loaded(file, processor_register, kind, memo, elsewhere)
                              if isinstance(file, Unread) else _checked(file, processor_register, memo))
            problems += found
            if sourced is not None:
                activities.append(sourced)
    if settings is None:
        return LoadResult(None, sorted(problems))
    settings_display = parsed_settings.path
    register = Register(root, settings_display, settings, parsed_settings.source, parsed_settings.digest, activities,
                        partial(file_dates, root, memo), partial(last_changes_of_substance, root, memo))
    problems += check_references(register)
    return LoadResult(register, sorted(problems))


def _checked(parsed: ParsedFile, processor_register: bool, memo: Memo) -> tuple[SourcedActivity | None, list[Problem]]:
    """A parsed activity file validated (or found validated in the cache), and its problems."""
    activity = _validated(_model_of(parsed, processor_register), parsed, memo) if parsed.ok else None
    sourced = SourcedActivity(parsed.path, parsed.source, activity, parsed.digest) if activity is not None else None
    return sourced, parsed.problems


def _loaded(file: Unread, processor_register: bool, kind: str, memo: Memo,
            elsewhere: _Elsewhere | None) -> tuple[SourcedActivity | None, list[Problem]]:
    """An activity file parsed and validated, here or by another process, or what the register's shelf
    learnt of the same bytes in a register of the same ``kind`` before: its positions, problems and model.
    A warm load reads neither the parsed values nor a file per activity, and a cold one writes one shelf."""
    pickled = elsewhere.pickled(file.path) if elsewhere else None
    make = partial(pickle.loads, pickled) if pickled is not None else partial(_load, file, processor_register)
    loaded = memo.remember("loaded", (file.path, file.raw, kind), make, pickled)
    return loaded.sourced(file.path), loaded.problems


def _load(file: Unread, processor_register: bool) -> _Loaded:
    parsed = parse_bytes(file.raw, file.path)
    sourced, problems = _checked(parsed, processor_register, Memo(Cache(None)))  # kept by the caller, as one entry
    return _Loaded(parsed.source, parsed.digest, sourced.model if sourced else None, list(problems))


FILES_PER_PROCESS = 100
"""Activity files a load gives each process at least: fewer load sooner than a process starts."""


class _Elsewhere:
    """Activity files loaded by other processes, while this one loads the first share itself: each is
    sent back pickled, as the shelf keeps it. Measured on 1,000 files and 2 cores, a cold load took
    0.63 s in one process (parsing, validating and pickling) and takes 0.4 s on two."""

    def __init__(self, files: list[Unread], processor_register: bool, jobs: int) -> None:
        from concurrent.futures import Future, ProcessPoolExecutor  # only for a cold cache

        from ..cores import worker_pool

        share = -(-len(files) // jobs)
        self._executor: ProcessPoolExecutor | None = None
        self._shares: dict[str, tuple[Future[list[bytes]], int]] = {}
        try:
            self._executor = worker_pool(jobs - 1)
            for start in range(share, len(files), share):
                part = files[start:start + share]
                future = self._executor.submit(_pickled_loads, part, processor_register)
                self._shares.update({file.path: (future, index) for index, file in enumerate(part)})
        except (OSError, RuntimeError, NotImplementedError):  # no processes to be had: this one loads every file
            self._shares.clear()

    def __enter__(self) -> _Elsewhere:
        return self

    def __exit__(self, *exception: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)

    def pickled(self, path: str) -> bytes | None:
        """The file loaded elsewhere, or None for the share of this process (or if a process failed)."""
        from concurrent.futures import BrokenExecutor  # imported already, with the processes

        if path not in self._shares:
            return None
        future, index = self._shares[path]
        try:
            return future.result()[index]
        except (BrokenExecutor, OSError):  # a process that died: this one loads its files
            return None


def _pickled_loads(files: list[Unread], processor_register: bool) -> list[bytes]:
    return [pickle.dumps(_load(file, processor_register), protocol=pickle.HIGHEST_PROTOCOL) for file in files]


@dataclass(frozen=True)
class _Loaded:
    """What loading an activity file gave, kept in the cache by the file's path and bytes."""

    source: SourceNode
    digest: str
    model: Activity | ProcessorActivity | None
    problems: list[Problem]

    def __reduce__(self) -> tuple[type[_Loaded], tuple[Any, ...]]:
        """Pickled with its positions packed: read back, they are unpickled only if one is asked for."""
        source = self.source if isinstance(self.source, PackedSourceNode) else PackedSourceNode(self.source)
        return _Loaded, (source, self.digest, self.model, self.problems)

    def sourced(self, path: str) -> SourcedActivity | None:
        return SourcedActivity(path, self.source, self.model, self.digest) if self.model is not None else None


def _validated(model: type[ModelT], parsed: ParsedFile, memo: Memo) -> ModelT | None:
    """The file validated, or found validated in the cache; its problems are added to ``parsed``.

    A warm cache never validates, so the models' validators are built only when a file changed."""
    if not parsed.digest:
        return validate(model, parsed)
    made: list[bool] = []

    def make() -> tuple[ModelT | None, list[Problem]]:
        made.append(True)
        return validate(model, parsed), list(parsed.problems)

    activity, problems = memo.remember("validated", (model.__name__, parsed.digest), make)
    if not made:
        parsed.problems.extend(problems)
    return activity if isinstance(activity, model) else None


def _model_of(parsed: ParsedFile, processor_register: bool) -> type[Activity] | type[ProcessorActivity]:
    """An activity's own ``role`` decides its model; without one, the register's kind does."""
    role = parsed.data.get("role") if isinstance(parsed.data, dict) else None
    if role in ("controller", "processor"):
        return ProcessorActivity if role == "processor" else Activity
    return ProcessorActivity if processor_register else Activity


def _is_processor_register(parsed: ParsedFile, settings: RegistryFile | None) -> bool:
    """The register's kind, read from the raw data when ``registry.yaml`` is invalid elsewhere."""
    if settings is not None:
        return settings.settings.kind == "processor"
    data = parsed.data if isinstance(parsed.data, dict) else {}
    section = data.get("register")
    return isinstance(section, dict) and section.get("kind") == "processor"
