"""Python's cyclic garbage collector paused while one request makes thousands of objects.

A catch-up after a long time jump makes tens of thousands of objects that stay alive (runs, their
results in moto's S3): each of the collector's passes meanwhile walks all of them again, which
cost a fifth of such a read, and finds no cycle to free. Reference counting still frees what
dies. Pauses nest across threads: the collector runs again when the last one ends, if it ran
before the first.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
