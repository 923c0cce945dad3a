"""Finding a writer's tasks: the dashboard's and the API's pages (keyset-paginated on the sort
column and id, never OFFSET) and search over titles and text. Scoped to the owner here.
Why search is shaped as it is: docs/search.md."""

from __future__ import annotations

import base64
import functools
import json
from dataclasses import dataclass
from datetime import datetime

from pydantic import TypeAdapter
from sqlalchemy import ColumnElement, Integer, Text, bindparam, func, or_, tuple_
from sqlmodel import Session, col, select

from writers_app.models import Task, TaskPublic, TaskStatus
from writers_app.services.errors import ServiceError
from writers_app.core.fold import fold_search
from writers_app.core.text import storable

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


_PAGE = TypeAdapter(list[TaskPublic])


@dataclass
class TaskPage:
    items: list[TaskPublic]
    next_cursor: str | None


def _encode_cursor(value, task_id: int) -> str:  # noqa: ANN001
    if isinstance(value, datetime):
        value = value.isoformat()
    return base64.urlsafe_b64encode(json.dumps([value, task_id]).encode()).decode()


_MAX_BIGINT = 2**63 - 1  # what a database integer holds; past it, binding the value fails


def _bounded_int(value) -> int:  # noqa: ANN001
    """An integer a database column can hold; a float, a bool or a number past 64 bits is refused."""
    if isinstance(value, bool) or not isinstance(value, int) or not -_MAX_BIGINT <= value <= _MAX_BIGINT:
        raise ValueError("cursor value out of range")
    return value


def _decode_cursor(cursor: str, sort: str):  # noqa: ANN202
    try:
        value, task_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if sort in ("updated", "created"):
            if not isinstance(value, str):
                raise ValueError("cursor date is not a string")
            value = datetime.fromisoformat(value)
        elif sort == "words":
            value = _bounded_int(value)
        else:
            value = str(value)
        return value, _bounded_int(task_id)
    except (ValueError, TypeError, OverflowError, RecursionError, json.JSONDecodeError) as exc:
        raise ServiceError("error.bad_input") from exc


_LISTED = (Task.id, Task.title, Task.status, Task.word_count, Task.word_goal, Task.due_date, Task.language,
           Task.revision, Task.stage, Task.progress, Task.failure_reason, Task.created_at, Task.updated_at)


# Pieces in the trash (services.trash) are in no list and no search. A filter on the rows the
# sort index hands over, not an index condition: every plan keeps its index, and a trashed row
# costs what it did before (the partial index of trashed rows serves the trash page instead).
_LIVE = col(Task.deleted_at).is_(None)


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
    limit = max(1, min(limit, 100))
    if status and status not in {s.value for s in TaskStatus}:
        raise ServiceError("error.bad_input")
    params: dict = {"owner_id": owner_id, "status": status}
    if cursor:
        params["cursor_value"], params["cursor_id"] = _decode_cursor(cursor, sort)
    # A term that folds to nothing (only diacritics or kashida, say) asks for no filter.
    term = fold_search(storable(search.strip()[:200])).strip() if search else ""
    if term:
        pattern = f"%{_escape_like(term)}%"
        if session.get_bind().dialect.name == "postgresql":
            rows = _search_rows(session, params | {"pattern": pattern}, sort, bool(status), bool(cursor), limit + 1)
        else:
            rows = _rows(session, _list_statement(sort, bool(status), bool(cursor), True),
                         params | {"pattern": pattern, "limit": limit + 1})
    else:
        rows = _rows(session, _list_statement(sort, bool(status), bool(cursor), False), params | {"limit": limit + 1})
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


@functools.lru_cache(maxsize=None)
def _list_statement(sort: str, status: bool, cursor: bool, search: bool):  # noqa: ANN202
    """One page's statement for one shape of query, built once and run with bound values (owner_id,
    status, cursor_value/cursor_id, pattern, limit): building it cost about as much as running it."""
    column, descending = _SORTS[sort]
    stmt = select(*_LISTED).where(Task.owner_id == bindparam("owner_id"), _LIVE)
    if status:
        stmt = stmt.where(Task.status == bindparam("status"))
    if cursor:
        stmt = stmt.where(_after(tuple_(column, Task.id),
                                 tuple_(bindparam("cursor_value", type_=column.type), bindparam("cursor_id")),
                                 descending))
    if search:
        stmt = stmt.where(_matches(bindparam("pattern", type_=Text)))
    order = (col(column).desc(), col(Task.id).desc()) if descending else (col(column).asc(), col(Task.id).asc())
    return stmt.order_by(*order).limit(bindparam("limit", type_=Integer))


def _rows(session: Session, stmt, params: dict) -> list:  # noqa: ANN001
    """`session.execute(stmt, params).all()` for a select of columns, on the session's connection
    (skipping the ORM's per-row handling of column rows, a third of a page's cost); the session's
    pending changes are flushed first, as its own execute would (unless autoflush is off)."""
    if session.autoflush:
        session.flush()
    return session.connection().execute(stmt, params).all()


def _matches(pattern, title=None, body=None) -> ColumnElement[bool]:  # noqa: ANN001
    """Title or body contains `pattern`: a LIKE pattern of the folded term (core.fold.fold_search,
    escaped) on the folded copies of both (models.task: title_search, body_search), so «كتاب»
    finds «کتاب» and «می خواهم» finds «می‌خواهم». Folding lower-cased both sides: LIKE, not ILIKE,
    which lower-cased the whole body on every check. `title`/`body` name the columns when they
    come from a subquery.
    """
    title = _TITLE_SEARCH if title is None else title
    body = _BODY_SEARCH if body is None else body
    return or_(title.like(pattern, escape="\\"), body.like(pattern, escape="\\"))


_TITLE_SEARCH = Task.__table__.c.title_search
_BODY_SEARCH = Task.__table__.c.body_search


def _search_rows(session: Session, params: dict, sort: str, status: bool, cursor: bool, wanted: int):  # noqa: ANN202
    """The first `wanted` matches in list order on PostgreSQL, in one to three statements:
    walk the list in order, ask the trigram index only for a rare term, walk on for a frequent
    one. Exactly `title ILIKE p OR body_text ILIKE p` in list order, at about the same cost for
    a writer of 10,000 tasks as for one of 100. Why this shape, and its figures: docs/search.md.
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
    base = select(*_LISTED).where(Task.owner_id == bindparam("owner_id"), _LIVE)
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
    listed = (base.add_columns(_TITLE_SEARCH, _BODY_SEARCH, func.row_number().over(order_by=ordered(Task.__table__)).label("n"))
              .order_by(*ordered(Task.__table__)).limit(budget).subquery())
    checked = (select(*[listed.c[c.key] for c in _LISTED], listed.c.n,
                      _matches(pattern, listed.c.title_search, listed.c.body_search).label("hit")).offset(0).subquery())
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


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
