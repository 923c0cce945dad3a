"""The floors for bench_api, served by granian exactly as `reflex run --env prod` serves the
product (ASGI, one worker):

- `GET /healthz`: a bare FastAPI app with the same handler (sync, a dict);
- `GET /tasks?limit=100`: the FastAPI full-stack template's list, on the same `tasks` table
  (the database in `BENCH_DATABASE_URL`, or `configure(url)`): SQLModel, a session per request
  from a dependency (`with Session(engine) as session: yield session`), `select(Model)` with
  offset/limit, a `response_model` list of a public SQLModel, the template's engine (default
  pool). The template's `count` query and its current-user lookup are left out, so this floor is
  a little faster than the template itself (a stricter target).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Depends, FastAPI
from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel, create_engine, select

app = FastAPI()


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


class _Base(SQLModel):
    metadata = MetaData()  # not the product's: this app only reads the table it finds


class TaskBase(_Base):
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


class TemplateTask(TaskBase, table=True):
    __tablename__ = "tasks"
    id: int | None = Field(default=None, primary_key=True)
    owner_id: int


class TemplateTaskPublic(TaskBase):
    id: int


_url: str | None = None


def configure(url: str) -> None:
    """The database to read (in process; under granian it comes from BENCH_DATABASE_URL)."""
    global _url
    _url = url
    engine.cache_clear()


@lru_cache
def engine() -> Engine:
    url = _url or os.environ["BENCH_DATABASE_URL"]
    return create_engine(url, connect_args={"check_same_thread": False} if url.startswith("sqlite") else {})


def get_db() -> Iterator[Session]:
    with Session(engine()) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_db)]


@app.get("/tasks", response_model=list[TemplateTaskPublic])
def read_tasks(session: SessionDep, skip: int = 0, limit: int = 100) -> Any:
    return session.exec(select(TemplateTask).offset(skip).limit(limit)).all()
