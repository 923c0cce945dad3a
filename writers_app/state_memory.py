"""Give the memory of expired tabs back to the system.

Without Redis, Reflex keeps every tab's state tree in the server's memory (and a pickle of it in
`.states/`) and drops both once the tab has not been touched for `redis_token_expiration` seconds
(rxconfig; `REFLEX_REDIS_TOKEN_EXPIRATION`, default 3600). A tab that comes back later gets a
clean hydrate (the page sends its hydrate and on_load events again on reconnect). Dropping the
trees frees them for Python but not for the machine: the objects sit in cycles until a full
collection, and the freed pages stay in Python's and glibc's allocators (bench/bench_memory.py
measured 283 KB per tab kept after 200 tabs had left and expired). This lifespan task notices
that trees were dropped and then runs one full collection and glibc's `malloc_trim`.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import gc
import logging
from collections.abc import Callable
from functools import lru_cache

CHECK_SECONDS = 20.0

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS): the collection alone
        return None


def release_memory() -> int:
    """A full collection, then free pages handed back to the system; returns objects collected."""
    collected = gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
    return collected


def live_states(app) -> int | None:  # noqa: ANN001
    """How many tab states the app's state manager holds in memory (None: it keeps none here)."""
    states = getattr(getattr(app, "_state_manager", None), "states", None)
    return len(states) if isinstance(states, dict) else None


async def watch_states(app, interval: float = CHECK_SECONDS) -> None:  # noqa: ANN001
    """Every `interval` s: if fewer states are held than at the last look, release memory."""
    last = 0
    while True:
        await asyncio.sleep(interval)
        count = live_states(app)
        if count is None:
            continue
        if count < last:
            collected = release_memory()
            log.debug("released the memory of expired tab states",
                      extra={"states_before": last, "states": count, "collected": collected})
        last = count


def state_memory_release(app, interval: float = CHECK_SECONDS):  # noqa: ANN001, ANN201
    """A lifespan task for `app.register_lifespan_task`."""

    @contextlib.asynccontextmanager
    async def lifespan():  # noqa: ANN202
        watcher = asyncio.create_task(watch_states(app, interval), name="writers-state-memory")
        try:
            yield
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher

    return lifespan
