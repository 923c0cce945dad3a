"""Tasks: one piece of writing, the core entity."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel
from sqlalchemy import JSON, Column, Index, String, Text, event, inspect, text
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import deferred
from sqlalchemy.orm.attributes import set_attribute
from sqlmodel import Field, SQLModel

from writers_app.core.fold import fold_search
from writers_app.models.base import UTCDateTime, utcnow


class TaskStatus(StrEnum):
    DRAFT = "draft"
    QUEUED = "queued"
    PROCESSING = "processing"
    ANALYZED = "analyzed"
    FAILED = "failed"


class TaskBase(SQLModel):
    title: str = Field(default="", max_length=300)
    word_goal: int | None = Field(default=None, ge=0)
    due_date: date | None = None
    language: str | None = Field(default=None, sa_type=String(8))


_TITLE_SEARCH = Column("title_search", Text, nullable=True)
_BODY_SEARCH = Column("body_search", Text, nullable=True)


def search_columns(title: str, body_text: str) -> dict[str, str]:
    """The folded search copies of a title and body, for writers that bypass the ORM (bulk inserts)."""
    return {"title_search": fold_search(title), "body_search": fold_search(body_text)}


class Task(TaskBase, table=True):
    __tablename__ = "tasks"
    __table_args__ = (
        # The owner's dashboard is keyset-paginated on (sort column, id): one index per sort of
        # services.search._SORTS, with and without the status filter, so a page is read in order
        # from the index and costs the same for a writer with 10,000 tasks as for one with ten.
        Index("ix_tasks_owner_updated", "owner_id", "updated_at", "id"),
        Index("ix_tasks_owner_status_updated", "owner_id", "status", "updated_at", "id"),
        Index("ix_tasks_owner_created", "owner_id", "created_at", "id"),
        Index("ix_tasks_owner_status_created", "owner_id", "status", "created_at", "id"),
        Index("ix_tasks_owner_title", "owner_id", "title", "id"),
        Index("ix_tasks_owner_status_title", "owner_id", "status", "title", "id"),
        Index("ix_tasks_owner_words", "owner_id", "word_count", "id"),
        Index("ix_tasks_owner_status_words", "owner_id", "status", "word_count", "id"),
        # The trash (services.trash): only trashed rows are in it, so it stays small and costs the
        # live lists nothing; it serves the owner's trash page (newest deletion first) and the
        # purge of old ones. The list indexes above stay as they are: a trashed row is skipped
        # by the `deleted_at IS NULL` filter of every list (services.search).
        Index("ix_tasks_owner_deleted", "owner_id", "deleted_at", "id",
              postgresql_where=text("deleted_at IS NOT NULL"), sqlite_where=text("deleted_at IS NOT NULL")),
        # Search: `title_search` and `body_search` are the title and body_text folded by
        # core.fold.fold_search (lower-cased; Arabic and Persian forms of ی and ک, diacritics,
        # kashida, ZWNJ and the spaces between Persian letters folded), written with every change
        # of either (the before_flush hook below; bulk inserts call search_columns), so a search
        # is a plain LIKE of the folded query on them (services.search). Deferred: a task loaded
        # from the database never carries its second copy of the body.
        _TITLE_SEARCH,
        _BODY_SEARCH,
        # PostgreSQL only (pg_trgm + btree_gin, migrations 0005, search01 and fold01): trigrams
        # serve LIKE '%term%' on both folded columns, so results stay exactly SQLite's; owner_id
        # in the same GIN index means only this writer's entries are intersected. Full-text
        # search ('simple' tsvector) was measured too: under 1 ms for any term where this takes
        # 2-15 ms, but it matches whole words only ("house" misses "lighthouse", "%" finds
        # nothing), so the two databases would answer differently. SQLite keeps scanning the
        # writer's rows: a btree on the bodies would be large and useless there.
        Index("ix_tasks_owner_search_trgm", "owner_id", "title_search", "body_search", postgresql_using="gin",
              postgresql_ops={"title_search": "gin_trgm_ops", "body_search": "gin_trgm_ops"}).ddl_if(dialect="postgresql"),
    )
    __mapper_args__ = {"properties": {"title_search": deferred(_TITLE_SEARCH), "body_search": deferred(_BODY_SEARCH)}}

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    body_html: str = Field(default="", sa_type=Text)
    body_text: str = Field(default="", sa_type=Text)
    status: str = Field(default=TaskStatus.DRAFT.value, sa_type=String(16))
    word_count: int = Field(default=0)
    # Bumped by every stored change of the body: saves name the revision they edit, so a
    # save from a stale tab is refused instead of overwriting newer text.
    revision: int = Field(default=0)
    # The id of the save that produced `revision`: a retried save is acknowledged, not refused.
    last_save_id: str = Field(default="", sa_type=String(36))
    # Processing: what the worker is doing now, how far it is, and why it failed.
    stage: str = Field(default="", sa_type=String(16))
    progress: int = Field(default=0)
    failure_reason: str = Field(default="", sa_type=String(120))
    # The traceback of the last unexpected error, for admins (never shown to writers).
    failure_detail: str = Field(default="", sa_type=Text)
    attempts: int = Field(default=0)
    queued_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    processing_started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # In the trash since then (services.trash); NULL: a live piece. A trashed piece is "not found"
    # everywhere but the trash, and is purged settings.trash_days after this.
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Mapped through __mapper_args__ (deferred), kept out of the model's dumps and the API.
    title_search: str | None = Field(default=None, sa_column=_TITLE_SEARCH, exclude=True)
    body_search: str | None = Field(default=None, sa_column=_BODY_SEARCH, exclude=True)


@event.listens_for(OrmSession, "before_flush")
def _fold_for_search(session: OrmSession, _context, _instances) -> None:  # noqa: ANN001
    """Every new task, and every task whose title or body changed, gets fresh search copies."""
    for task in (*session.new, *session.dirty):
        if not isinstance(task, Task):
            continue
        state = inspect(task)
        if state.pending:  # a new task: unless its creator folded the body already
            set_attribute(task, "title_search", fold_search(task.title or ""))
            if state.dict.get("body_search") is None:
                set_attribute(task, "body_search", fold_search(task.body_text or ""))
            continue
        if state.attrs.title.history.has_changes():
            set_attribute(task, "title_search", fold_search(task.title or ""))
        if state.attrs.body_text.history.has_changes() and not state.attrs.body_search.history.has_changes():
            set_attribute(task, "body_search", fold_search(task.body_text or ""))  # unless set_search_body did


def set_search_body(task: Task, folded: str) -> None:
    """The body's search copy when the caller already has it folded (the block save path)."""
    set_attribute(task, "body_search", folded)


class RevisionReason(StrEnum):
    EXPLICIT = "explicit"
    AUTOSAVE = "autosave"
    RESTORE = "restore"
    UPLOAD = "upload"
    FIXES = "fixes"  # the text just before "fix all" changed it


class TaskRevision(SQLModel, table=True):
    """A snapshot of a task's body; the latest 50 unnamed ones per task are kept, named ones always."""

    __tablename__ = "task_revisions"
    __table_args__ = (Index("ix_task_revisions_task_created", "task_id", "created_at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="tasks.id", ondelete="CASCADE")
    title: str = Field(default="", max_length=300)
    body_html: str = Field(default="", sa_type=Text)
    word_count: int = Field(default=0)
    reason: str = Field(default=RevisionReason.AUTOSAVE.value, sa_type=String(16))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    name: str | None = Field(default=None, max_length=120)  # "sent to editor": never pruned


class WritingDay(SQLModel, table=True):
    """Words a writer added per day (UTC), for the dashboard's 30-day chart."""

    __tablename__ = "writing_days"

    owner_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    day: date = Field(primary_key=True)
    words: int = Field(default=0)


class TaskAnalysis(SQLModel, table=True):
    """The latest analysis of a task, with the analysis version and the body revision it read."""

    __tablename__ = "task_analyses"

    task_id: int = Field(foreign_key="tasks.id", primary_key=True, ondelete="CASCADE")
    version: int
    revision: int
    result: dict = Field(default_factory=dict, sa_type=JSON)
    words: int = Field(default=0)
    duration_ms: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # The typography options it was made with (canonical JSON); NULL: the defaults. A result made
    # with other options than the writer's present ones suggests fixes they no longer want.
    options: str | None = Field(default=None, sa_type=Text)


class TaskFile(SQLModel, table=True):
    """An uploaded draft, stored privately under a random name (never in the public folder)."""

    __tablename__ = "task_files"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="tasks.id", index=True, ondelete="CASCADE")
    owner_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    stored_name: str = Field(sa_type=String(64), unique=True)
    original_name: str = Field(default="", sa_type=String(255))
    kind: str = Field(sa_type=String(16))
    size: int = Field(default=0)
    sha256: str = Field(default="", sa_type=String(64))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class TaskCreate(TaskBase):
    body_html: str = ""


class TaskPublic(BaseModel):
    id: int
    title: str
    status: str
    word_count: int
    revision: int = 0
    stage: str = ""
    progress: int = 0
    failure_reason: str = ""
    word_goal: int | None = None
    due_date: date | None = None
    language: str | None = None
    created_at: datetime
    updated_at: datetime


class TrashedTaskPublic(BaseModel):
    """A piece in the trash: when it was deleted, and when it will be deleted for good."""

    id: int
    title: str
    word_count: int
    deleted_at: datetime
    purge_at: datetime


class TaskDetail(TaskPublic):
    body_html: str


class RevisionPublic(BaseModel):
    id: int
    task_id: int
    word_count: int
    reason: str
    created_at: datetime
    name: str | None = None
