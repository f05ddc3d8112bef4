"""The processors a command may spread its work over: by default, all this process may run on."""

from __future__ import annotations

import os


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
