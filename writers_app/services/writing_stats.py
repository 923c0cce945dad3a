"""Writing statistics of a writer: the dashboard's cards and its words-per-day chart, and the
count of words written each day that every save adds to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, func, select

from writers_app.core.security import utcnow
from writers_app.models import Task, TaskStatus, WritingDay
from writers_app.services import cache


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
        .where(Task.owner_id == owner_id, col(Task.deleted_at).is_(None)).group_by(Task.status)
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


def add_written_words(session: Session, *, owner_id: int, words: int, day: date | None = None) -> None:
    if words <= 0:
        return
    day = day or utcnow().date()
    # An upsert: two saves of the same writer on the same day must both count.
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    table = WritingDay.__table__
    session.exec(insert(table).values(owner_id=owner_id, day=day, words=words).on_conflict_do_update(
        index_elements=["owner_id", "day"], set_={"words": table.c.words + words}))
