"""Small helpers over iterables, shared by apps that write in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any


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
