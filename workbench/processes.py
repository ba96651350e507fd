"""The workbench's own helper processes (the SQLite readers, the workbook writers, the staging writer): spawned, never
forked (a notebook kernel or a server runs threads), and deaf to interrupts.

An interrupt is for the process that started them: a notebook kernel is interrupted, and at its end signalled, as a
process group, so helpers waiting for work took the signal as their own and printed a traceback each (two per
province in `make demo`'s fan-out). The process that started them ends them: it shuts the pool down, and a helper
whose parent is gone finds its queue closed.
"""

from __future__ import annotations

import atexit
import multiprocessing
import multiprocessing.context
import signal
import threading
from concurrent.futures import ProcessPoolExecutor


class _HelperProcess(multiprocessing.context.SpawnProcess):
    """A helper started with interrupts blocked: the mask goes through fork and exec, so an interrupt that lands
    while the helper is still starting (importing pandas, before its initializer ignores interrupts) is never taken.
    A campaign that stopped while a reader was starting printed that reader's KeyboardInterrupt traceback."""

    def start(self) -> None:
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            super().start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)


class _HelperContext(multiprocessing.context.SpawnContext):
    Process = _HelperProcess


def helper_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` spawned helper processes that ignore interrupts."""
    return ProcessPoolExecutor(workers, mp_context=_HelperContext(), initializer=_ignore_interrupts)


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class KeptPool:
    """Helper processes started for their first task and kept for the next ones, shared by a server's threads;
    forgotten when one dies (the next task starts new ones) and ended when this process exits."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        atexit.register(self.forget)

    def get(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = helper_pool(self.workers)
            return self._pool

    def forget(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
