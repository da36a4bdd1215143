"""One worker thread, for work that overlaps the caller's own work while the GIL is free.

Qhull (``scipy.spatial``) releases the GIL while it enumerates a polytope, which is most of a
10x10 game's time; work that depends only on the payoffs (the partner filter's table,
:mod:`negotiate.solvers.partner_filter`) runs on this worker meanwhile, on the second core.
Where the process may use only one core, :func:`submit` returns None and the caller does
the work itself, when and if it needs it: the results are the same either way.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

#: Off switch (tests run both ways).
ENABLED = True

_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_pool_pid: int | None = None


@functools.lru_cache(maxsize=1)
def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def submit(fn: Callable[..., Any], *args: Any) -> Future | None:
    """``fn(*args)`` on the worker thread, or None when there is no second core to run it on.

    The worker is started on first use, and again in a forked child (which inherits the
    pool but not its thread).
    """
    global _pool, _pool_pid
    if not ENABLED or _cores() < 2:
        return None
    with _lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="negotiate-background")
            _pool_pid = os.getpid()
        return _pool.submit(fn, *args)
