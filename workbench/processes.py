"""The workbench's own helper processes (the SQLite readers, the workbook writers): spawned, never forked (a notebook
kernel or a server runs threads), and deaf to interrupts.

An interrupt is for the process that started them: a notebook kernel is interrupted, and at its end signalled, as a
process group, so helpers waiting for work took the signal as their own and printed a traceback each (two per
province in `make demo`'s fan-out). The process that started them ends them: it shuts the pool down, and a helper
whose parent is gone finds its queue closed.
"""

from __future__ import annotations

import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor


def helper_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` spawned helper processes that ignore interrupts."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_ignore_interrupts)


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
