"""The processors a command may spread its work over, and the worker processes that do it.

Workers end with the command that started them: a build killed from outside (a CI timeout, Ctrl-C
twice, the OOM killer) must not leave processes laying out PDF pages for nobody.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

MAX_JOBS = 256
"""Processes a command may be asked for: far more than any machine's cores, far fewer than would exhaust it."""
PARENT_POLL = 0.5
"""Seconds between two looks at whether the parent is still there (where the kernel cannot tell)."""
_PR_SET_PDEATHSIG = 1


def default_jobs() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores, MAX_JOBS)


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """Processes that end when this one does, however it ends."""
    from concurrent.futures import ProcessPoolExecutor  # only for work spread over processes

    return ProcessPoolExecutor(max_workers=workers, initializer=_end_with_parent, initargs=(os.getpid(),))


def _end_with_parent(parent: int) -> None:
    """Run in each worker: Linux sends it SIGKILL when its parent dies; elsewhere a thread watches."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before the request took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass  # no prctl here: watch instead
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="end-with-parent").start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL)
    os._exit(1)
