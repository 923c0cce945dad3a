"""Running a coroutine from a test: on a thread of its own, since Playwright's sync API (the
browser tests, earlier in the same pytest process) leaves a running loop on the main thread."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """The coroutine's result; it sees this thread's context variables (Reflex's registry)."""
    context = contextvars.copy_context()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(context.run, asyncio.run, coroutine).result()
