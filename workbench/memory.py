"""Memory a run no longer uses, given back to the system between its steps.

A national campaign builds and drops frames of millions of rows; Python's and Arrow's allocators keep the freed pages
for later, so a run's process kept close to a gigabyte it no longer used while its report was drawn and its workbook
written aside (measured in the README), and the run's peak is what counts against the 4 GB target.
Trimming the C allocator is what Dask's workers do for the same reason ("Memory not released back to the OS" in
Dask's documentation).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache

import pyarrow as pa


def give_back() -> None:
    """Collect cycles, then hand the pages no longer used by Arrow's pool and by the C allocator to the system."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim():
    """glibc's malloc_trim, or None where the C library has none (macOS, musl, Windows)."""
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None
