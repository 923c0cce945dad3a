"""The trash on SQLite: a deleted piece leaves every list, search, figure and read, comes back
unchanged on restore, is deleted for good (rows and uploaded file) only from the trash, and the
purge takes only pieces trashed longer ago than TRASH_DAYS. Only the owner can do any of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from tests.factories import make_task, make_writer
from writers_app.core.security import utcnow
from writers_app.models import AuditEvent, Task, TaskFile, TaskRevision
from writers_app.services import processing, revisions, search, tasks, trash, users, writing_stats
from writers_app.services.errors import NotFound, ServiceError


@pytest.fixture
def owners(db, settings):
    users_ = [make_writer(db, settings) for _ in range(2)]
    db.commit()
    return users_[0].id, users_[1].id


def _titles(db, owner, **kw):
    return [t.title for t in search.list_tasks(session=db, owner_id=owner, **kw).items]


def _age(db, task_id, days):
    db.get(Task, task_id).deleted_at = utcnow() - timedelta(days=days)
    db.commit()


def test_a_trashed_piece_is_in_no_list_search_figure_or_read_and_comes_back_unchanged(db, owners, settings):
    owner, _ = owners
    kept = make_task(db, owner, title="Kept", body_html="<p>snow here</p>")
    gone = make_task(db, owner, title="Gone", body_html="<p>snow there and more</p>")
    tasks.save_body(session=db, owner_id=owner, task_id=gone.id, base_revision=0, html="<p>snow, saved</p>",
                    explicit=True)
    db.commit()
    before = tasks.get_task(session=db, owner_id=owner, task_id=gone.id)

    assert trash.trash_tasks(session=db, owner_id=owner, task_ids=[gone.id]) == [gone.id]
    db.commit()
    assert _titles(db, owner) == ["Kept"]
    assert _titles(db, owner, search="snow") == ["Kept"]
    summary = writing_stats._summary(session=db, owner_id=owner, days=30, today=utcnow().date())
    assert summary.total_tasks == 1 and summary.total_words == kept.word_count
    for read in (lambda: tasks.get_task(session=db, owner_id=owner, task_id=gone.id),
                 lambda: revisions.list_revisions(session=db, owner_id=owner, task_id=gone.id),
                 lambda: tasks.save_body(session=db, owner_id=owner, task_id=gone.id, base_revision=before.revision,
                                         html="<p>x</p>"),
                 lambda: processing.request_analysis(session=db, owner_id=owner, task_ids=[gone.id])):
        with pytest.raises(NotFound):
            read()
    db.rollback()
    [item] = trash.list_trash(session=db, owner_id=owner, settings=settings).items
    assert (item.id, item.title) == (gone.id, "Gone")
    assert item.purge_at - item.deleted_at == timedelta(days=settings.trash_days)
    assert trash.count_trash(session=db, owner_id=owner) == 1
    # Trashing again does nothing (already there).
    assert trash.trash_tasks(session=db, owner_id=owner, task_ids=[gone.id]) == []

    assert trash.restore_tasks(session=db, owner_id=owner, task_ids=[gone.id]) == [gone.id]
    db.commit()
    after = tasks.get_task(session=db, owner_id=owner, task_id=gone.id)
    assert after == before  # text, revision and updated_at: back in its place in the list
    assert len(revisions.list_revisions(session=db, owner_id=owner, task_id=gone.id)) == 1
    assert sorted(_titles(db, owner, search="snow")) == ["Gone", "Kept"]
    assert trash.list_trash(session=db, owner_id=owner).items == []


def test_only_the_owner_can_trash_restore_or_delete_forever(db, owners):
    owner, intruder = owners
    task = make_task(db, owner, title="Mine", body_html="<p>mine</p>")
    db.commit()
    assert trash.trash_tasks(session=db, owner_id=intruder, task_ids=[task.id]) == []
    db.commit()
    assert _titles(db, owner) == ["Mine"]
    trash.trash_tasks(session=db, owner_id=owner, task_ids=[task.id])
    db.commit()
    assert trash.restore_tasks(session=db, owner_id=intruder, task_ids=[task.id]) == []
    with pytest.raises(NotFound):
        trash.restore_task(session=db, owner_id=intruder, task_id=task.id)
    assert trash.delete_forever(session=db, owner_id=intruder, task_ids=[task.id]) == 0
    assert trash.trashed_piece(session=db, owner_id=intruder, task_id=task.id) is None
    assert trash.list_trash(session=db, owner_id=intruder).items == []
    db.commit()
    assert [t.id for t in trash.list_trash(session=db, owner_id=owner).items] == [task.id]


def test_delete_forever_takes_only_a_trashed_piece_with_its_revisions_and_file(db, owners, settings):
    owner, _ = owners
    live = make_task(db, owner, title="Live")
    task = make_task(db, owner, title="Uploaded", body_html="<p>draft</p>")
    tasks.save_body(session=db, owner_id=owner, task_id=task.id, base_revision=0, html="<p>v2</p>", explicit=True)
    stored = settings.storage_dir / str(owner) / "upload-1"
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_bytes(b"the uploaded draft")
    db.add(TaskFile(task_id=task.id, owner_id=owner, stored_name=stored.name, original_name="d.txt", kind="txt"))
    db.commit()

    assert trash.delete_forever(session=db, owner_id=owner, task_ids=[live.id, task.id], settings=settings) == 0
    db.commit()
    assert stored.exists()
    trash.trash_tasks(session=db, owner_id=owner, task_ids=[task.id])
    db.commit()
    assert trash.delete_forever(session=db, owner_id=owner, task_ids=[task.id], settings=settings) == 1
    assert stored.exists()  # until the commit: a rollback keeps it
    db.commit()
    assert not stored.exists()
    assert db.get(Task, task.id) is None and db.get(Task, live.id) is not None
    assert db.exec(select(TaskRevision).where(TaskRevision.task_id == task.id)).all() == []
    assert db.exec(select(TaskFile).where(TaskFile.task_id == task.id)).all() == []


def test_a_rolled_back_delete_forever_keeps_the_file(db, owners, settings):
    owner, _ = owners
    task = make_task(db, owner, title="Uploaded")
    stored = settings.storage_dir / str(owner) / "kept"
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_bytes(b"x")
    db.add(TaskFile(task_id=task.id, owner_id=owner, stored_name="kept", original_name="d.txt", kind="txt"))
    db.commit()
    trash.trash_tasks(session=db, owner_id=owner, task_ids=[task.id])
    db.commit()
    trash.delete_forever(session=db, owner_id=owner, task_ids=[task.id], settings=settings)
    db.rollback()
    db.commit()
    assert stored.exists() and db.get(Task, task.id) is not None


def test_the_purge_takes_only_pieces_trashed_longer_ago_than_trash_days_and_is_safe_twice(db, owners, settings):
    owner, other = owners
    old, recent, live = (make_task(db, owner, title=t) for t in ("Old", "Recent", "Live"))
    others_old = make_task(db, other, title="Other's old")
    db.commit()
    trash.trash_tasks(session=db, owner_id=owner, task_ids=[old.id, recent.id])
    trash.trash_tasks(session=db, owner_id=other, task_ids=[others_old.id])
    db.commit()
    _age(db, old.id, settings.trash_days + 1)
    _age(db, others_old.id, settings.trash_days + 5)
    _age(db, recent.id, settings.trash_days - 1)

    assert trash.purge_expired(session=db, settings=settings, batch=1) == 2
    db.commit()
    assert db.get(Task, old.id) is None and db.get(Task, others_old.id) is None
    assert db.get(Task, recent.id) is not None and db.get(Task, live.id) is not None
    assert trash.purge_expired(session=db, settings=settings) == 0  # the second run finds nothing
    events = db.exec(select(AuditEvent).where(AuditEvent.action == "trash.purged")).all()
    assert sorted((e.target_user_id, e.detail["count"]) for e in events) == sorted([(owner, 1), (other, 1)])
    # A shorter setting purges sooner.
    assert trash.purge_expired(session=db, settings=settings.model_copy(update={"trash_days": 1})) == 1
    db.commit()
    assert db.get(Task, recent.id) is None and db.get(Task, live.id) is not None


def test_the_trash_pages_newest_deletion_first_and_refuses_a_made_up_cursor(db, owners):
    owner, _ = owners
    ids = [make_task(db, owner, title=f"P{i}").id for i in range(5)]
    db.commit()
    trash.trash_tasks(session=db, owner_id=owner, task_ids=ids)
    db.commit()
    for n, task_id in enumerate(ids):
        db.get(Task, task_id).deleted_at = utcnow() - timedelta(hours=n // 2)  # ties: the id breaks them
    db.commit()
    seen, cursor = [], None
    while True:
        page = trash.list_trash(session=db, owner_id=owner, cursor=cursor, limit=2)
        seen += [t.id for t in page.items]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == [ids[1], ids[0], ids[3], ids[2], ids[4]]
    for bad in ("not base64!", "WzEsMl0=", "WyJ4IiwgMV0=", "WyIyMDI2LTAxLTAxIiwgdHJ1ZV0="):
        with pytest.raises(ServiceError):
            trash.list_trash(session=db, owner_id=owner, cursor=bad)


def test_the_admins_count_of_a_writers_pieces_leaves_out_the_trash(db, owners, settings):
    from tests.factories import make_admin
    from writers_app.models import UserPublic
    from writers_app.services import admin

    owner, _ = owners
    actor = UserPublic.model_validate(make_admin(db, settings), from_attributes=True)
    make_task(db, owner, body_html="<p>one two</p>")
    gone = make_task(db, owner, body_html="<p>three four five</p>")
    db.commit()
    trash.trash_tasks(session=db, owner_id=owner, task_ids=[gone.id])
    db.commit()
    usage = users.user_details(session=db, actor=actor, user_id=owner)
    assert (usage.tasks, usage.words) == (1, 2)
    listed = {t.id: t.trashed for t in admin.list_all_tasks(session=db, actor=actor)}
    assert listed[gone.id] is True and list(listed.values()).count(False) == 1


def test_an_admin_requeue_passes_over_a_trashed_piece(db, owners, settings, queued_tasks):
    from tests.factories import make_admin
    from writers_app.models import TaskStatus, UserPublic
    from writers_app.services import admin

    owner, _ = owners
    actor = UserPublic.model_validate(make_admin(db, settings), from_attributes=True)
    live, gone = make_task(db, owner, title="live"), make_task(db, owner, title="gone")
    for task in (live, gone):
        db.get(Task, task.id).status = TaskStatus.FAILED.value
    db.commit()
    trash.trash_tasks(session=db, owner_id=owner, task_ids=[gone.id])
    db.commit()
    assert admin.failed_task_ids(session=db, actor=actor) == [live.id]
    assert admin.requeue(session=db, actor=actor, task_ids=[live.id, gone.id]) == [live.id]
