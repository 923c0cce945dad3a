"""Blocks of recent task bodies, cached per process by (task id, revision); a miss rebuilds
them from the stored HTML. The block document itself is `writers_app.formats.blocks`.

Several revisions of one task are kept: the save log (`services.saves`) folds from the stored
revision to the newest one, and successive documents share their block strings (a splice copies
lists of references, not text), so an entry costs a few references per block."""

from __future__ import annotations

import threading
from collections import OrderedDict

from writers_app.formats.blocks import BlockDocument, split_blocks

_CACHE_SIZE = 1024  # entries (task, revision): ~200 writers with a few pending saves each


class _DocumentCache:
    def __init__(self, size: int):
        self.size, self._lock = size, threading.Lock()
        self._items: OrderedDict[tuple[int, int], BlockDocument] = OrderedDict()
        self._revisions: dict[int, set[int]] = {}  # task id -> its cached revisions

    def get(self, task_id: int, revision: int) -> BlockDocument | None:
        with self._lock:
            document = self._items.get((task_id, revision))
            if document is not None:
                self._items.move_to_end((task_id, revision))
            return document

    def put(self, task_id: int, revision: int, document: BlockDocument) -> None:
        with self._lock:
            self._items[(task_id, revision)] = document
            self._items.move_to_end((task_id, revision))
            self._revisions.setdefault(task_id, set()).add(revision)
            while len(self._items) > self.size:
                (old_task, old_revision), _ = self._items.popitem(last=False)
                self._drop_revision(old_task, old_revision)

    def forget(self, *task_ids: int) -> None:
        """Drop every document of these tasks: deleted, their ids may come back (SQLite reuses
        the highest row id) with revision numbers that start again. A miss is always safe."""
        with self._lock:
            for task_id in task_ids:
                for revision in self._revisions.pop(task_id, ()):
                    self._items.pop((task_id, revision), None)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._revisions.clear()

    def forget_before(self, task_id: int, revision: int) -> None:
        """Drop the task's documents older than `revision` (folded: nothing replays from them)."""
        with self._lock:
            for old in [r for r in self._revisions.get(task_id, ()) if r < revision]:
                self._items.pop((task_id, old), None)
                self._drop_revision(task_id, old)

    def _drop_revision(self, task_id: int, revision: int) -> None:
        revisions = self._revisions.get(task_id)
        if revisions is not None:
            revisions.discard(revision)
            if not revisions:
                del self._revisions[task_id]


cache = _DocumentCache(_CACHE_SIZE)


def load_document(task_id: int, revision: int, body_html: str) -> BlockDocument:
    document = cache.get(task_id, revision)
    if document is None:
        document = BlockDocument.from_blocks(split_blocks(body_html))
        cache.put(task_id, revision, document)
    return document
