"""The save log (services.saves): a block save stores the blocks it changed and the body catches
up after the ack, with every guarantee of the old whole-body save kept."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import pytest
from sqlmodel import select

from tests.factories import make_task, make_writer
from writers_app.models import Task, TaskRevision, TaskSave, WritingDay
from tests.support.aio import run
from writers_app.services import documents, saves, search, tasks
from writers_app.services.errors import Conflict, NotFound, ServiceError

BODY = "".join(f"<p>Paragraph {i} of the piece.</p>" for i in range(20))


@pytest.fixture
def piece(db, settings):
    owner = make_writer(db, settings)
    task = make_task(db, owner, body_html=BODY)
    db.commit()
    return owner.id, task.id


def _save(db, owner, task_id, base, start, html, save_id="", **kw):
    result = tasks.save_blocks(session=db, owner_id=owner, task_id=task_id, base_revision=base, start=start,
                               delete_count=1, blocks=[html], blocks_before=20, blocks_after=20, save_id=save_id, **kw)
    db.commit()
    return result


def _stored(db, task_id):
    db.expire_all()
    return db.exec(select(Task.__table__.c.revision, Task.__table__.c.body_html, Task.__table__.c.word_count)
                   .where(Task.__table__.c.id == task_id)).one()


def _log(db, task_id):
    return db.exec(select(TaskSave).where(TaskSave.task_id == task_id).order_by(TaskSave.revision)).all()


def test_a_save_logs_its_block_and_leaves_the_body_for_the_fold(db, piece):
    owner, task_id = piece
    result = _save(db, owner, task_id, 0, 3, "<p>A new third paragraph.</p>")
    assert result.revision == 1
    stored = _stored(db, task_id)
    assert stored.revision == 0 and "A new third" not in stored.body_html  # the body was not rewritten
    [row] = _log(db, task_id)
    assert (row.revision, row.start, row.delete_count) == (1, 3, 1)
    assert row.blocks == '["<p>A new third paragraph.</p>"]'  # one paragraph, not the piece
    assert saves.fold(db, task_id)
    db.commit()
    stored = _stored(db, task_id)
    assert stored.revision == 1 and "<p>A new third paragraph.</p>" in stored.body_html
    assert _log(db, task_id) == []  # folded rows are gone
    assert not saves.fold(db, task_id)  # nothing left to fold


def test_a_stale_base_is_refused_while_saves_are_pending(db, piece):
    owner, task_id = piece
    _save(db, owner, task_id, 0, 0, "<p>First.</p>")
    _save(db, owner, task_id, 1, 1, "<p>Second.</p>")
    with pytest.raises(Conflict):
        _save(db, owner, task_id, 1, 2, "<p>From a stale tab.</p>")  # revision 2 is the head, though unfolded
    db.rollback()
    assert [r.revision for r in _log(db, task_id)] == [1, 2]


def test_the_retried_save_is_acknowledged_again_not_stored_twice(db, piece):
    owner, task_id = piece
    first = _save(db, owner, task_id, 0, 0, "<p>Once.</p>", save_id="11111111-1111-4111-8111-111111111111")
    again = _save(db, owner, task_id, 0, 0, "<p>Once.</p>", save_id="11111111-1111-4111-8111-111111111111")
    assert again.revision == first.revision == 1 and again.word_count == first.word_count
    assert len(_log(db, task_id)) == 1
    saves.fold(db, task_id)
    db.commit()  # also once the save is folded: the id moved to the task row
    assert _save(db, owner, task_id, 0, 0, "<p>Once.</p>", save_id="11111111-1111-4111-8111-111111111111").revision == 1
    with pytest.raises(Conflict):  # another save on the same old base is a conflict, not a retry
        _save(db, owner, task_id, 0, 0, "<p>Other.</p>", save_id="22222222-2222-4222-8222-222222222222")


def test_block_counts_that_disagree_with_the_pending_head_ask_for_a_resync(db, piece):
    owner, task_id = piece
    tasks.save_blocks(session=db, owner_id=owner, task_id=task_id, base_revision=0, start=0, delete_count=1,
                      blocks=["<p>One.</p><p>Two.</p>"], blocks_before=20, blocks_after=21)  # a paste: 21 blocks now
    db.commit()
    with pytest.raises(ServiceError) as refused:
        _save(db, owner, task_id, 1, 0, "<p>x</p>")  # the editor still counts 20
    assert refused.value.code == "editor.resync"


def test_logged_blocks_are_sanitised_and_the_folded_body_is_too(db, piece):
    owner, task_id = piece
    _save(db, owner, task_id, 0, 0, '<p onclick="steal()">Hi<script>alert(1)</script></p>')
    [row] = _log(db, task_id)
    assert "onclick" not in row.blocks and "script" not in row.blocks
    saves.fold(db, task_id)
    db.commit()
    html = _stored(db, task_id).body_html
    assert "onclick" not in html and "<script" not in html and "<p>Hi</p>" in html


def test_another_process_reads_the_last_acknowledged_text(db, piece, monkeypatch):
    """The ack follows the log row's commit: a process with no cache of this piece (another
    instance, or this one restarted before its fold) rebuilds the head from the body and the log."""
    owner, task_id = piece
    for revision in range(5):
        _save(db, owner, task_id, revision, revision, f"<p>Edit {revision}.</p>")
    monkeypatch.setattr(documents, "cache", documents._DocumentCache(64))  # a fresh process
    monkeypatch.setattr(saves.documents, "cache", documents.cache)
    body = tasks.get_task(session=db, owner_id=owner, task_id=task_id).body_html  # owned_task folds first
    assert all(f"<p>Edit {r}.</p>" in body for r in range(5))
    assert _stored(db, task_id).revision == 5 and _log(db, task_id) == []
    # And a save on that head, in that fresh process, keeps every paragraph.
    _save(db, owner, task_id, 5, 19, "<p>The end.</p>")
    monkeypatch.setattr(documents, "cache", documents._DocumentCache(64))
    monkeypatch.setattr(saves.documents, "cache", documents.cache)
    _save(db, owner, task_id, 6, 18, "<p>Before the end.</p>")
    body = tasks.get_task(session=db, owner_id=owner, task_id=task_id).body_html
    assert body.endswith("<p>Before the end.</p><p>The end.</p>") and "<p>Edit 4.</p>" in body


def test_a_trashed_or_foreign_piece_is_not_found(db, piece, settings):
    owner, task_id = piece
    other = make_writer(db, settings)
    db.commit()
    with pytest.raises(NotFound):
        _save(db, other.id, task_id, 0, 0, "<p>Not mine.</p>")
    db.rollback()
    assert _log(db, task_id) == []


def test_the_fold_counts_words_per_day_and_keeps_revisions_by_the_policy(db, piece):
    owner, task_id = piece
    task = db.get(Task, task_id)
    task.updated_at -= timedelta(minutes=10)  # the last save is old: the writer comes back after a pause
    db.add(task)
    db.commit()
    paused = task.updated_at
    _save(db, owner, task_id, 0, 0, "<p>Paragraph 0 of the piece, now longer by five words.</p>")
    saves.fold(db, task_id)
    db.commit()
    kept = db.exec(select(TaskRevision).where(TaskRevision.task_id == task_id)).all()
    # The policy kept the text as it was before this save (BEFORE), dated when that text was saved.
    assert len(kept) == 1 and "<p>Paragraph 0 of the piece.</p>" in kept[0].body_html
    assert kept[0].created_at == paused
    day = db.exec(select(WritingDay).where(WritingDay.owner_id == owner)).all()
    assert sum(d.words for d in day) == 100 + 5  # the piece's 100 words, then five more


def test_an_explicit_save_is_folded_before_its_ack_with_its_revision(db, piece):
    owner, task_id = piece
    _save(db, owner, task_id, 0, 0, "<p>Saved by hand.</p>", explicit=True)
    stored = _stored(db, task_id)
    assert stored.revision == 1 and "Saved by hand." in stored.body_html and _log(db, task_id) == []
    assert db.exec(select(TaskRevision).where(TaskRevision.task_id == task_id)).one().reason == "explicit"


def test_search_finds_a_saved_word_once_the_fold_task_runs(db, piece, app_db):
    """The lifespan task folds a save about FOLD_AFTER after its commit; search then finds it."""
    owner, task_id = piece

    async def scenario() -> list:
        runner = asyncio.create_task(saves.run_folds(tick=0.05))
        try:
            tasks.save_blocks(session=db, owner_id=owner, task_id=task_id, base_revision=0, start=4,
                              delete_count=1, blocks=["<p>Xylophone quartet.</p>"])
            db.commit()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                db.expire_all()
                found = search.list_tasks(session=db, owner_id=owner, search="xylophone").items
                if found:
                    return found
                await asyncio.sleep(0.05)
            return []
        finally:
            runner.cancel()
            await asyncio.gather(runner, return_exceptions=True)

    assert [t.id for t in run(scenario())] == [task_id]
    assert len(saves.queue) == 0
