"""Pause Python's cyclic garbage collector while a large, cycle-free structure is built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Keep the cyclic collector off inside the block; turn it back on if it was on.

    Reading years of logs, or building the Progress frames from them, allocates hundreds of
    thousands of objects while a million older ones are alive. Each full collection those
    allocations trigger walks every live object again, which made up a third to half of the
    work. Such builds make no garbage cycles, so collection can wait until they end. Only a
    caller that found the collector on turns it back on, so overlapping blocks in two
    sessions' threads never leave it off.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
