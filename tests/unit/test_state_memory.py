"""Expired tab states: Reflex's disk state manager drops them, and their memory is then released."""

from __future__ import annotations

import asyncio
import time
import uuid
import weakref

import pytest
from reflex.istate.manager.disk import StateManagerDisk
from reflex.istate.manager.token import BaseStateToken
from reflex.state import State

from tests.support.aio import run as run_coroutine
import writers_app.pages.dashboard.state  # noqa: F401  (a real page state in the tree)
from writers_app import state_memory

DEADLINE = 30.0


class _Cyclic:
    """A stand-in for a state tree: only a full collection frees it."""

    def __init__(self) -> None:
        self.me = self


async def _until(condition, what: str) -> None:  # noqa: ANN001
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {DEADLINE} s: {what}")
        await asyncio.sleep(0.05)


class _App:
    def __init__(self, manager) -> None:  # noqa: ANN001
        self._state_manager = manager


class _Manager:
    def __init__(self) -> None:
        self.states: dict[str, object] = {}


def test_dropped_states_are_collected_once_the_count_falls(monkeypatch):
    releases = []
    real = state_memory.release_memory
    monkeypatch.setattr(state_memory, "release_memory", lambda: releases.append(1) or real())
    manager = _Manager()

    async def scenario() -> None:
        import gc

        gc.disable()  # only our release may collect the cycle
        try:
            watcher = asyncio.create_task(state_memory.watch_states(_App(manager), interval=0.05))
            tab = _Cyclic()
            ref = weakref.ref(tab)
            manager.states["tab"] = tab
            del tab
            await asyncio.sleep(0.3)  # looked at while held: nothing to release
            assert releases == [] and ref() is not None
            manager.states.clear()  # the state manager purged the expired tab
            await _until(lambda: ref() is None, "the dropped tree collected")
            assert releases
            watcher.cancel()
        finally:
            gc.enable()

    run_coroutine(scenario())


def test_a_manager_that_keeps_no_states_here_is_left_alone(monkeypatch):
    monkeypatch.setattr(state_memory, "release_memory", lambda: pytest.fail("nothing to release"))
    assert state_memory.live_states(_App(object())) is None

    async def scenario() -> None:
        watcher = asyncio.create_task(state_memory.watch_states(_App(object()), interval=0.02))
        await asyncio.sleep(0.2)
        watcher.cancel()

    run_coroutine(scenario())


def test_release_memory_runs_a_full_collection():
    tab = _Cyclic()
    ref = weakref.ref(tab)
    del tab
    state_memory.release_memory()
    assert ref() is None


def test_the_disk_state_manager_purges_an_expired_tab_and_its_tree_is_freed(tmp_path, monkeypatch):
    monkeypatch.setenv("REFLEX_STATES_WORKDIR", str(tmp_path / "states"))

    async def scenario() -> None:
        manager = StateManagerDisk(token_expiration=1)
        token = BaseStateToken(ident=str(uuid.uuid4()), cls=State)
        async with manager.modify_state(token) as root:
            ref = weakref.ref(root)
            assert root.substates  # the whole tree of the app's states
        del root
        assert state_memory.live_states(_App(manager)) == 1
        await _until(lambda: not manager.states, "the expired tab dropped from memory")
        await _until(lambda: not list((tmp_path / "states").glob("*.pkl")), "its pickles removed")

        # Reflex's writer loop keeps its last written item in a loop variable until it writes
        # another: one tab at most, displaced by the next tab's write.
        async with manager.modify_state(BaseStateToken(ident=str(uuid.uuid4()), cls=State)):
            pass

        def freed() -> bool:
            state_memory.release_memory()
            return ref() is None

        await _until(freed, "the tree freed")
        # The tab comes back: a fresh, not yet hydrated state (the page then hydrates it again).
        async with manager.modify_state(token) as again:
            assert again.is_hydrated is False
        await manager.close()

    run_coroutine(scenario())
