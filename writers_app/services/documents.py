"""Blocks of recent task bodies, cached per process by (task id, revision); a miss rebuilds
them from the stored HTML. The block document itself is `writers_app.formats.blocks`."""

from __future__ import annotations

import threading
from collections import OrderedDict

from writers_app.formats.blocks import BlockDocument, split_blocks

_CACHE_SIZE = 32


class _DocumentCache:
    def __init__(self, size: int):
        self.size, self._lock = size, threading.Lock()
        self._items: OrderedDict[int, tuple[int, BlockDocument]] = OrderedDict()

    def get(self, task_id: int, revision: int) -> BlockDocument | None:
        with self._lock:
            item = self._items.get(task_id)
            if item is None or item[0] != revision:
                return None
            self._items.move_to_end(task_id)
            return item[1]

    def put(self, task_id: int, revision: int, document: BlockDocument) -> None:
        with self._lock:
            self._items[task_id] = (revision, document)
            self._items.move_to_end(task_id)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


cache = _DocumentCache(_CACHE_SIZE)


def load_document(task_id: int, revision: int, body_html: str) -> BlockDocument:
    document = cache.get(task_id, revision)
    if document is None:
        document = BlockDocument.from_blocks(split_blocks(body_html))
        cache.put(task_id, revision, document)
    return document
