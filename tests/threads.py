"""Many threads released at once, with the interpreter switching between them every 10 µs."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from botocore.exceptions import ClientError

THREADS = 32

Outcome = tuple[str, Any]  # ("ok", response) or (error code, message)


@contextmanager
def threads_switching_often() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def at_once(call: Callable[[int], Any], threads: int = THREADS) -> list[Outcome]:
    """Run ``call(i)`` on ``threads`` threads released together; each outcome in thread order.
    A server error or an exception that is not a service error fails the test."""
    outcomes: list[Outcome | None] = [None] * threads
    failures: list[BaseException] = []
    start = threading.Barrier(threads)

    def worker(index: int) -> None:
        start.wait()
        try:
            outcomes[index] = ("ok", call(index))
        except ClientError as error:
            status = error.response["ResponseMetadata"]["HTTPStatusCode"]
            if status >= 500:
                failures.append(error)
            details = error.response["Error"]
            outcomes[index] = (details["Code"], details["Message"])
        except BaseException as error:  # noqa: BLE001  (reported below, with the others)
            failures.append(error)

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    assert not failures, f"{len(failures)} requests failed: {failures[:3]}"
    return [outcome for outcome in outcomes if outcome is not None]
