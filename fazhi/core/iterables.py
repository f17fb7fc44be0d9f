"""Small helpers over iterables, shared by apps that write in batches."""

from __future__ import annotations

import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """`items` in lists of `size` (the last may be shorter; none is empty)."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def may_start_workers() -> bool:
    """Whether this process may start worker processes: a daemonic one (a Celery prefork child) may not."""
    return not multiprocessing.current_process().daemon


def _start_method() -> str:
    """'fork' where this process runs one thread: no other thread can hold a lock the copy would inherit
    locked, the workers start in milliseconds with the parent's modules, and a script without a
    `__main__` guard is not run again in them, as 'spawn' would. 'spawn' otherwise (a server's threads)."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def map_ahead(func: Callable[[T], R], items: Iterable[T], workers: int, ahead: int = 2) -> Iterator[R]:
    """`map(func, items)`, in order, with the calls run in `workers` other processes while the caller
    works on the results already made: at most `ahead` items per worker are sent before their result is
    taken, so memory stays bounded however many items there are. `items` is read in this process.

    With `workers` 0, or where this process may not start any, the calls run here, one by one. `func`
    must be a module-level function (or a `functools.partial` of one), the items and results picklable;
    the workers never touch this process's database connection."""
    if workers <= 0 or not may_start_workers():
        yield from map(func, items)
        return
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(_start_method()))
    pending: deque[Future] = deque()
    try:
        for item in items:
            pending.append(pool.submit(func, item))
            if len(pending) > workers * ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
