"""The per-process block-document cache (services.documents): least recently used out first, a
task's older revisions dropped once folded, every revision of a deleted task forgotten."""

from __future__ import annotations

from writers_app.formats.blocks import BlockDocument
from writers_app.services.documents import _DocumentCache


def _doc(text: str) -> BlockDocument:
    return BlockDocument.from_blocks([f"<p>{text}</p>"])


def test_the_least_recently_used_goes_first_and_the_task_index_follows():
    cache = _DocumentCache(3)
    for revision in (1, 2, 3):
        cache.put(7, revision, _doc(str(revision)))
    assert cache.get(7, 1) is not None  # now the most recently used
    cache.put(8, 1, _doc("other"))
    assert cache.get(7, 2) is None and cache.get(7, 1) is not None and cache.get(7, 3) is not None
    assert cache._revisions == {7: {1, 3}, 8: {1}}  # noqa: SLF001


def test_forget_before_keeps_the_folded_revision_and_newer_ones():
    cache = _DocumentCache(10)
    for revision in (4, 5, 6, 7):
        cache.put(1, revision, _doc(str(revision)))
    cache.put(2, 3, _doc("another task"))
    cache.forget_before(1, 6)
    assert [r for r in range(8) if cache.get(1, r) is not None] == [6, 7]
    assert cache.get(2, 3) is not None


def test_a_forgotten_task_has_nothing_left_and_its_id_starts_afresh():
    cache = _DocumentCache(10)
    cache.put(5, 1, _doc("old piece"))
    cache.put(5, 2, _doc("old piece, edited"))
    cache.put(6, 1, _doc("kept"))
    cache.forget(5)
    assert cache.get(5, 1) is None and cache.get(5, 2) is None and cache.get(6, 1) is not None
    cache.put(5, 1, _doc("new piece with the same id"))
    assert cache.get(5, 1).blocks == ["<p>new piece with the same id</p>"]
    cache.clear()
    assert cache.get(6, 1) is None and cache._revisions == {}  # noqa: SLF001
