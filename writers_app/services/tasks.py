"""Tasks: every query is scoped to its owner here, so no caller can forget it.

A task someone else owns is "not found", exactly like one that does not exist.
"""

from __future__ import annotations

import base64
import functools
import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from pydantic import TypeAdapter
from sqlalchemy import ColumnElement, Integer, Text, bindparam, func, or_, tuple_
from sqlmodel import Session, col, delete, select

from writers_app.core.security import utcnow
from writers_app.formats.blocks import BlockDocument, split_blocks
from writers_app.models import (
    RevisionPublic, RevisionReason, Task, TaskDetail, TaskPublic, TaskRevision, TaskStatus, WritingDay,
)
from writers_app import metrics
from writers_app.services import cache, documents
from writers_app.services.errors import Conflict, NotFound, ServiceError

log = logging.getLogger(__name__)

MAX_TITLE = 300
MAX_BODY_BYTES = 16 * 1024 * 1024  # ~2.5 million words: far past any novel
REVISIONS_KEPT = 50
AUTOSAVE_REVISION_EVERY = timedelta(minutes=10)
PAGE_SIZE = 20
# PostgreSQL search (see _search_rows): how many pages' worth of tasks are checked in list order
# first; below one match in how many of them the trigram index is asked; how many matches the
# index may hand over before the term counts as frequent and the list is walked on in order
# instead (above the largest page).
SEARCH_WALK = 1
SEARCH_DENSE = 4
SEARCH_PROBE = 200

# The browser names a sort; only these columns can ever reach ORDER BY.
_SORTS = {
    "updated": (Task.updated_at, True),
    "created": (Task.created_at, True),
    "title": (Task.title, False),
    "words": (Task.word_count, True),
}


def _to_public(task: Task) -> TaskPublic:
    return TaskPublic.model_validate(task, from_attributes=True)


def _owned(session: Session, *, owner_id: int, task_id: int, for_update: bool = False) -> Task:
    stmt = select(Task).where(Task.id == task_id, Task.owner_id == owner_id)
    if for_update:
        stmt = stmt.with_for_update()
    task = session.exec(stmt).first()
    if task is None:
        raise NotFound()
    return task


def create_task(*, session: Session, owner_id: int, title: str = "", body_html: str = "",
                status: TaskStatus = TaskStatus.DRAFT, language: str | None = None) -> TaskPublic:
    document = BlockDocument.from_blocks(split_blocks(_clean_html(body_html)))
    task = Task(owner_id=owner_id, title=_clean_title(title), body_html=document.html,
                body_text=document.text, word_count=document.word_count, status=status, language=language,
                queued_at=utcnow() if status == TaskStatus.QUEUED else None)
    session.add(task)
    session.flush()
    _add_written_words(session, owner_id=owner_id, words=document.word_count)
    log.info("task created", extra={"user_id": owner_id, "task_id": task.id})
    metrics.TASKS_CREATED.labels("upload" if status == TaskStatus.QUEUED else "editor").inc()
    return _to_public(task)


def get_task(*, session: Session, owner_id: int, task_id: int) -> TaskDetail:
    task = _owned(session, owner_id=owner_id, task_id=task_id)
    return TaskDetail.model_validate(task, from_attributes=True)


def update_details(*, session: Session, owner_id: int, task_id: int, title: str | None = None,
                   word_goal: int | None = None, due_date: date | None = None,
                   clear_goal: bool = False, clear_due: bool = False) -> TaskPublic:
    task = _owned(session, owner_id=owner_id, task_id=task_id, for_update=True)
    if title is not None:
        task.title = _clean_title(title)
    if word_goal is not None or clear_goal:
        if word_goal is not None and not (0 < word_goal <= 10_000_000):
            raise ServiceError("task.goal_invalid")
        task.word_goal = word_goal
    if due_date is not None or clear_due:
        task.due_date = due_date
    task.updated_at = utcnow()
    session.add(task)
    return _to_public(task)


@dataclass(frozen=True)
class SaveResult:
    revision: int
    word_count: int
    saved_at: datetime


def save_body(*, session: Session, owner_id: int, task_id: int, base_revision: int, html: str,
              explicit: bool = False, save_id: str = "") -> SaveResult:
    """Replace the whole body (the editor's full save)."""
    return save_blocks(session=session, owner_id=owner_id, task_id=task_id, base_revision=base_revision,
                       start=0, delete_count=None, blocks=[_clean_html(html)], explicit=explicit,
                       save_id=save_id)


def save_blocks(*, session: Session, owner_id: int, task_id: int, base_revision: int, start: int,
                delete_count: int | None, blocks: list[str], explicit: bool = False,
                blocks_before: int | None = None, blocks_after: int | None = None,
                save_id: str = "") -> SaveResult:
    """Replace `delete_count` top-level blocks from `start` (None: all) with `blocks`.

    Refused with `editor.conflict` unless `base_revision` is the stored revision, so a stale
    tab can never overwrite newer text. `blocks_before`/`blocks_after` are the editor's block
    counts: if they disagree with ours the delta is refused (`editor.resync`) and the editor
    sends the whole document instead. A retry of the save that made the current revision
    (same `save_id`) is acknowledged again rather than refused.
    """
    if sum(len(b) for b in blocks) > MAX_BODY_BYTES:
        raise ServiceError("editor.too_large")
    task = _owned(session, owner_id=owner_id, task_id=task_id, for_update=True)
    if save_id and save_id == task.last_save_id and base_revision == task.revision - 1:
        return SaveResult(revision=task.revision, word_count=task.word_count, saved_at=task.updated_at)
    if base_revision != task.revision:
        raise Conflict("editor.conflict")
    current = documents.load_document(task.id, task.revision, task.body_html)
    if delete_count is None:
        delete_count = len(current.blocks)
    elif blocks_before is not None and blocks_before != len(current.blocks):
        raise ServiceError("editor.resync")
    updated = current.splice(start, delete_count, blocks)
    if blocks_after is not None and blocks_after != len(updated.blocks):
        raise ServiceError("editor.resync")
    html = updated.html
    if len(html.encode("utf-8")) > MAX_BODY_BYTES:
        raise ServiceError("editor.too_large")
    now = utcnow()
    _add_written_words(session, owner_id=owner_id, words=updated.word_count - task.word_count, day=now.date())
    task.body_html, task.body_text, task.word_count = html, updated.text, updated.word_count
    task.revision += 1
    task.last_save_id = save_id[:36]
    task.updated_at = now
    session.add(task)
    if explicit or _last_revision_older_than(session, task.id, now - AUTOSAVE_REVISION_EVERY):
        _snapshot(session, task, RevisionReason.EXPLICIT if explicit else RevisionReason.AUTOSAVE, now)
    documents.cache.put(task.id, task.revision, updated)
    return SaveResult(revision=task.revision, word_count=task.word_count, saved_at=now)


def delete_tasks(*, session: Session, owner_id: int, task_ids: list[int]) -> int:
    """Delete the caller's tasks among `task_ids`; ids of other writers are silently ignored."""
    if not task_ids:
        return 0
    result = session.exec(delete(Task).where(col(Task.id).in_(task_ids), Task.owner_id == owner_id))
    cache.invalidate_after_commit(session, *cache.owner_keys(owner_id), *map(cache.analysis_key, task_ids))
    return result.rowcount or 0


# --- Listing --------------------------------------------------------------------------------

_PAGE = TypeAdapter(list[TaskPublic])


@dataclass
class TaskPage:
    items: list[TaskPublic]
    next_cursor: str | None


def _encode_cursor(value, task_id: int) -> str:  # noqa: ANN001
    if isinstance(value, datetime):
        value = value.isoformat()
    return base64.urlsafe_b64encode(json.dumps([value, task_id]).encode()).decode()


def _decode_cursor(cursor: str, sort: str):  # noqa: ANN202
    try:
        value, task_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if sort in ("updated", "created"):
            value = datetime.fromisoformat(value)
        elif sort == "words":
            value = int(value)
        else:
            value = str(value)
        return value, int(task_id)
    except (ValueError, TypeError, json.JSONDecodeError) as exc:
        raise ServiceError("error.bad_input") from exc


_LISTED = (Task.id, Task.title, Task.status, Task.word_count, Task.word_goal, Task.due_date, Task.language,
           Task.revision, Task.stage, Task.progress, Task.failure_reason, Task.created_at, Task.updated_at)


def _after(key, last, descending: bool):  # noqa: ANN001, ANN202
    """Rows after `last` (sort value, id) in list order. A row comparison rather than `col < v OR
    (col = v AND id < last)`: PostgreSQL starts the index range at it, so a deep page costs what
    the first does instead of stepping over every row before it."""
    return key < last if descending else key > last


def list_tasks(*, session: Session, owner_id: int, status: str | None = None, search: str | None = None,
               sort: str = "updated", cursor: str | None = None, limit: int = PAGE_SIZE) -> TaskPage:
    """One page of the owner's tasks, keyset-paginated on (sort column, id): no OFFSET scans."""
    if sort not in _SORTS:
        raise ServiceError("error.bad_input")
    column, descending = _SORTS[sort]
    limit = max(1, min(limit, 100))
    stmt = select(*_LISTED).where(Task.owner_id == owner_id)
    if status:
        if status not in {s.value for s in TaskStatus}:
            raise ServiceError("error.bad_input")
        stmt = stmt.where(Task.status == status)
    if cursor:
        value, last_id = _decode_cursor(cursor, sort)
        stmt = stmt.where(_after(tuple_(column, Task.id), (value, last_id), descending))
    order = (col(column).desc(), col(Task.id).desc()) if descending else (col(column).asc(), col(Task.id).asc())
    if search and search.strip():
        pattern = f"%{_escape_like(search.strip()[:200])}%"
        if session.get_bind().dialect.name == "postgresql":
            params = {"owner_id": owner_id, "status": status, "pattern": pattern}
            if cursor:
                params.update(cursor_value=value, cursor_id=last_id)
            rows = _search_rows(session, params, sort, bool(status), bool(cursor), limit + 1)
        else:
            rows = session.exec(stmt.where(_matches(pattern)).order_by(*order).limit(limit + 1)).all()
    else:
        rows = session.exec(stmt.order_by(*order).limit(limit + 1)).all()
    # The whole page in one validation call from plain dicts: the API lists 100 at a time, and
    # this costs a third of validating row mappings one by one.
    fields = rows[0]._fields if rows else ()
    items = _PAGE.validate_python([dict(zip(fields, row)) for row in rows[:limit]])
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = _encode_cursor(getattr(last, {"updated": "updated_at", "created": "created_at",
                                                    "title": "title", "words": "word_count"}[sort]), last.id)
    return TaskPage(items=items, next_cursor=next_cursor)


def _matches(pattern, title=Task.title, body=None) -> ColumnElement[bool]:  # noqa: ANN001
    """Title or body contains `pattern` (a LIKE pattern, escaped), ignoring case.

    The body is matched on its lower-cased copy (models.task: body_search) with LIKE against the
    lower-cased pattern, which is exactly what `body_text ILIKE pattern` does internally, minus
    lower-casing the whole body on every check. Titles are short: ILIKE costs nothing there.
    `title`/`body` name the columns when they come from a subquery.
    """
    body = _BODY_SEARCH if body is None else body
    return or_(title.ilike(pattern, escape="\\"), body.like(func.lower(pattern), escape="\\"))


_BODY_SEARCH = Task.__table__.c.body_search


def _search_rows(session: Session, params: dict, sort: str, status: bool, cursor: bool, wanted: int):  # noqa: ANN202
    """The first `wanted` matches in list order on PostgreSQL, in one to three statements.

    Every task a plan checks costs a LIKE over its lower-cased body (body_search: ~13 µs for the
    bench's 2.5 kB bodies, where ILIKE on body_text, which lower-cases the whole body on every
    check, took ~35 µs). Each plan is cheap for one kind of term only. Walking the sort index
    checks tasks until the page is full: a few dozen for a frequent word, the whole list for a
    rare one. The trigram index (ix_tasks_owner_search_trgm) checks every match it hands over,
    and before that builds a bitmap of all the writer's candidates: ideal for a rare word, but
    for a word in half of a 10,000-task list the bitmap alone took 2.4 ms (0.9 ms for 100 tasks),
    so a frequent word cost a big writer 3-4 times what it cost a small one. The planner cannot
    tell the terms apart (ANALYZE skips texts over 1 kB; its statistics are global, not this
    writer's). So, in order, each step only if the one before did not fill the page:

    1. Walk the list in order over SEARCH_WALK page's worth of tasks (21 for a page of 20): the
       page is full only if every one matches, and a writer with fewer tasks is answered here.
    2. If fewer than one in SEARCH_DENSE of them matched, ask the trigram index for at most
       SEARCH_PROBE matches after the last task walked, in any order. Fewer means that is all of
       them: the page is sorted from them (a rare term: a short walk plus the index).
    3. Otherwise the term is frequent (many matches in the walk, or more than SEARCH_PROBE in the
       index): walk on in order from where step 1 stopped until the page is full. A few dozen
       tasks for a frequent term; the one case not bounded by the page is a term with many
       matches after a long gap without any (as with the design before this one).

    Bench (README): any term costs about the same for a writer with 10,000 tasks as for one with
    100. A frequent word is two short walks (was one index probe of 14-18 ms against 5 ms); a
    rare word a one-page walk plus the probe, whose cost follows how common the term's trigrams
    are in the whole table rather than the writer's size (~1.5 ms for "lighthouse", ~0.4 ms for
    the Persian one). The first walk is one page, not more, so that a short list's remainder
    costs about what the index does: with a longer walk the 100-task writer read its last few
    tasks directly and a rare word cost the big writer 1.7-2.1 times as much. The statements
    are built once per shape of query (_search_statements): building them took longer than
    running them. Caching pages is no answer: a search must see the latest saves. Results are
    exactly `title ILIKE p OR body_text ILIKE p` in list order
    (tests/integration/test_search_postgres.py checks every page of every sort against that).
    """
    walk, probe, walk_on = _search_statements(sort, status, cursor)
    params = params | {"wanted": wanted, "budget": SEARCH_WALK * wanted, "probe": SEARCH_PROBE}
    walked = session.execute(walk, params).all()
    hits = [row for row in walked if row.hit]
    if len(hits) >= wanted or not walked or walked[-1].n < params["budget"]:
        return hits[:wanted]  # a frequent term, or the whole list was walked
    column = _SORTS[sort][0]
    params = params | {"last_value": getattr(walked[-1], column.key), "last_id": walked[-1].id,
                       "left": wanted - len(hits)}
    if len(hits) * SEARCH_DENSE < params["budget"]:  # too few matches to walk on: ask the index
        found = session.execute(probe, params).all()
        if not found or found[0].matches < params["probe"]:
            return hits + found  # that was every match left: sorted, the page
    return hits + session.execute(walk_on, params).all()


@functools.lru_cache(maxsize=None)
def _search_statements(sort: str, status: bool, cursor: bool):  # noqa: ANN202
    """The three statements of _search_rows for one shape of query, built once (they nest three
    subqueries deep: building them cost more than running them) and run with bound values:
    owner_id, status, cursor_value/cursor_id, pattern, wanted, budget, probe; last_value/last_id
    (the last task walked) and left (matches still wanted) for steps 2 and 3."""
    column, descending = _SORTS[sort]
    key = tuple_(column, Task.id)
    base = select(*_LISTED).where(Task.owner_id == bindparam("owner_id"))
    if status:
        base = base.where(Task.status == bindparam("status"))
    if cursor:
        base = base.where(_after(key, tuple_(bindparam("cursor_value", type_=column.type), bindparam("cursor_id")),
                                 descending))
    pattern = bindparam("pattern", type_=Text)
    wanted, budget = bindparam("wanted", type_=Integer), bindparam("budget", type_=Integer)

    def ordered(table):  # noqa: ANN001, ANN202
        keys = (table.c[column.key], table.c.id)
        return [k.desc() for k in keys] if descending else [k.asc() for k in keys]

    # 1. Walk the list in order (the sort index), checking at most `budget` tasks and stopping as
    # soon as the page is full. Tasks are numbered before they are checked, and checked above the
    # LIMIT (OFFSET 0 keeps that level apart), so a writer whose list is read whole and sorted
    # (a short list) still checks only the tasks the walk reaches.
    listed = (base.add_columns(_BODY_SEARCH, func.row_number().over(order_by=ordered(Task.__table__)).label("n"))
              .order_by(*ordered(Task.__table__)).limit(budget).subquery())
    checked = (select(*[listed.c[c.key] for c in _LISTED], listed.c.n,
                      _matches(pattern, listed.c.title, listed.c.body_search).label("hit")).offset(0).subquery())
    walk = select(*checked.c).where(or_(checked.c.hit, checked.c.n == budget)).limit(wanted)
    # The rest of the list: after the last task walked (task number `budget`).
    rest = base.where(_after(key, tuple_(bindparam("last_value", type_=column.type), bindparam("last_id")),
                             descending))
    left = bindparam("left", type_=Integer)
    # 2. At most SEARCH_PROBE matches from the trigram index, in any order. The pattern as a scalar
    # subquery is unknown at planning time, so the plan depends on the writer's size only: with
    # the pattern in view, title statistics could promise an early 200th match and get a
    # sequential scan of the whole table instead of the index.
    hits = rest.where(_matches(select(pattern).scalar_subquery())).limit(bindparam("probe", type_=Integer)).subquery()
    probe = select(hits, func.count().over().label("matches")).order_by(*ordered(hits)).limit(left)
    # 3. Many matches after all: walk on in order from where step 1 stopped. OFFSET 0 keeps the
    # match test out of the inner query; with no ORDER BY outside, PostgreSQL plans the inner
    # query for its first rows (the sort index, in order), and a subquery scan hands rows on in
    # the order it reads them.
    walking = rest.add_columns(_matches(pattern).label("hit")).order_by(*ordered(Task.__table__)).offset(0).subquery()
    walk_on = select(*[walking.c[c.key] for c in _LISTED]).where(walking.c.hit).limit(left)
    return walk, probe, walk_on


@dataclass
class Summary:
    total_words: int = 0
    total_tasks: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    words_per_day: list[tuple[date, int]] = field(default_factory=list)


def summary(*, session: Session, owner_id: int, days: int = 30, today: date | None = None) -> Summary:
    """The dashboard's cards and chart: cached per writer, dropped by any write to their tasks."""
    today = today or utcnow().date()

    def compute() -> dict:
        figures = _summary(session=session, owner_id=owner_id, days=days, today=today)
        return {"today": today.isoformat(), "days": days, "total_words": figures.total_words,
                "total_tasks": figures.total_tasks, "by_status": figures.by_status,
                "words_per_day": [[d.isoformat(), w] for d, w in figures.words_per_day]}

    data = cache.get_or_compute(cache.summary_key(owner_id), compute)
    if data.get("today") != today.isoformat() or data.get("days") != days:
        data = compute()  # another day or window than the cached one
    return Summary(total_words=data["total_words"], total_tasks=data["total_tasks"], by_status=data["by_status"],
                   words_per_day=[(date.fromisoformat(d), w) for d, w in data["words_per_day"]])


def _summary(*, session: Session, owner_id: int, days: int, today: date) -> Summary:
    out = Summary(by_status={s.value: 0 for s in TaskStatus})
    for status, count, words in session.exec(
        select(Task.status, func.count(), func.coalesce(func.sum(Task.word_count), 0))
        .where(Task.owner_id == owner_id).group_by(Task.status)
    ).all():
        out.by_status[status] = count
        out.total_tasks += count
        out.total_words += int(words)
    first = today - timedelta(days=days - 1)
    written = dict(session.exec(
        select(WritingDay.day, WritingDay.words).where(WritingDay.owner_id == owner_id, WritingDay.day >= first)
    ).all())
    out.words_per_day = [(first + timedelta(days=i), written.get(first + timedelta(days=i), 0)) for i in range(days)]
    return out


# --- Revisions ------------------------------------------------------------------------------

def list_revisions(*, session: Session, owner_id: int, task_id: int) -> list[RevisionPublic]:
    _owned(session, owner_id=owner_id, task_id=task_id)
    rows = session.exec(select(TaskRevision).where(TaskRevision.task_id == task_id)
                        .order_by(col(TaskRevision.created_at).desc(), col(TaskRevision.id).desc())).all()
    return [RevisionPublic.model_validate(r, from_attributes=True) for r in rows]


def get_revision_html(*, session: Session, owner_id: int, task_id: int, revision_id: int) -> str:
    _owned(session, owner_id=owner_id, task_id=task_id)
    row = session.exec(select(TaskRevision).where(TaskRevision.id == revision_id,
                                                  TaskRevision.task_id == task_id)).first()
    if row is None:
        raise NotFound()
    return row.body_html


def compare_revision(*, session: Session, owner_id: int, task_id: int, revision_id: int):
    """Paragraphs removed and added between a revision and the current text."""
    from writers_app.formats.compare import compare_paragraphs
    from writers_app.formats.sanitize import html_to_text

    old_html = get_revision_html(session=session, owner_id=owner_id, task_id=task_id, revision_id=revision_id)
    current = _owned(session, owner_id=owner_id, task_id=task_id)
    return compare_paragraphs(html_to_text(old_html), current.body_text)


def restore_revision(*, session: Session, owner_id: int, task_id: int, revision_id: int) -> SaveResult:
    """Put an older text back; the text it replaces is kept as a revision first."""
    html = get_revision_html(session=session, owner_id=owner_id, task_id=task_id, revision_id=revision_id)
    task = _owned(session, owner_id=owner_id, task_id=task_id, for_update=True)
    _snapshot(session, task, RevisionReason.RESTORE, utcnow())
    return save_body(session=session, owner_id=owner_id, task_id=task_id, base_revision=task.revision, html=html)


def _snapshot(session: Session, task: Task, reason: RevisionReason, now: datetime) -> None:
    newest = session.exec(select(TaskRevision.body_html).where(TaskRevision.task_id == task.id).order_by(
        col(TaskRevision.created_at).desc(), col(TaskRevision.id).desc()).limit(1)).first()
    if newest == task.body_html and reason != RevisionReason.RESTORE:
        return  # Ctrl+S twice, or a save that changed nothing: one snapshot is enough
    session.add(TaskRevision(task_id=task.id, title=task.title, body_html=task.body_html,
                             word_count=task.word_count, reason=reason, created_at=now))
    session.flush()
    keep = select(TaskRevision.id).where(TaskRevision.task_id == task.id).order_by(
        col(TaskRevision.created_at).desc(), col(TaskRevision.id).desc()).limit(REVISIONS_KEPT)
    session.exec(delete(TaskRevision).where(TaskRevision.task_id == task.id, col(TaskRevision.id).not_in(keep)))


def _last_revision_older_than(session: Session, task_id: int, moment: datetime) -> bool:
    latest = session.exec(select(func.max(TaskRevision.created_at)).where(TaskRevision.task_id == task_id)).one()
    if latest is None:
        return True
    if latest.tzinfo is None:  # SQLite aggregates lose the column type
        from datetime import timezone

        latest = datetime.fromisoformat(str(latest)).replace(tzinfo=timezone.utc)
    return latest <= moment


def _add_written_words(session: Session, *, owner_id: int, words: int, day: date | None = None) -> None:
    if words <= 0:
        return
    day = day or utcnow().date()
    # An upsert: two saves of the same writer on the same day must both count.
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = WritingDay.__table__
    session.exec(insert(table).values(owner_id=owner_id, day=day, words=words).on_conflict_do_update(
        index_elements=["owner_id", "day"], set_={"words": table.c.words + words}))


def _clean_title(title: str) -> str:
    return " ".join((title or "").split())[:MAX_TITLE]


def _clean_html(html: str) -> str:
    from writers_app.formats.sanitize import sanitize_html

    if len(html or "") > MAX_BODY_BYTES:
        raise ServiceError("editor.too_large")
    return sanitize_html(html or "")


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_recent_tasks(*, session: Session, owner_id: int, limit: int = 20) -> list[TaskPublic]:
    return list_tasks(session=session, owner_id=owner_id, limit=limit).items
