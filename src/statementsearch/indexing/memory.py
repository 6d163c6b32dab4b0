"""Give the memory a build freed back to the system, so the processes after it fit.

CPython hands a freed large object (a statement's body) to the C allocator, which keeps
it for reuse instead of returning it: after the parsed statements of 50,000 files are
dropped, the rebuild's resident memory stays at its peak. glibc's ``malloc_trim`` returns
every wholly free page of its heaps; elsewhere (another C library, another system) this
does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from typing import Any


def _libc() -> Any:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


_LIBC = _libc()


def release_freed_memory() -> bool:
    """Collect garbage, then return the C heap's free pages to the system; whether it
    could (glibc only). () -> True on Debian"""
    gc.collect()
    if _LIBC is None:
        return False
    _LIBC.malloc_trim(0)
    return True
