"""Where list and search reads go: to the streaming replica (DATABASE_READ_URL) when it has
replayed the writer's own last write, else to the primary. A writer therefore always sees what
they just saved, while everyone else's list reads leave the primary to the writes.

How: after a commit that changed a writer's tasks, the cache hook records the primary's WAL
position for that writer (`cache.note_primary_position`). A read asks the replica whether it
has replayed that far (`pg_last_wal_replay_lsn() >= position`); if not, or if anything about
the replica fails, the read goes to the primary. Writes never use this.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlmodel import Session

from writers_app import db
from writers_app.services import cache

log = logging.getLogger(__name__)


@contextmanager
def read_session(owner_id: int, *, primary: Session | None = None) -> Iterator[Session]:
    """A session for `owner_id`'s lists and searches (nothing is committed). `primary`: the
    caller's own primary session, used when the read stays on the primary."""
    engine = db.get_read_engine()
    if engine is not None and _replica_caught_up(engine, owner_id):
        with Session(engine, expire_on_commit=False) as session:
            yield session
    elif primary is not None:
        yield primary
    else:
        with Session(db.get_engine(), expire_on_commit=False) as session:
            yield session


def _replica_caught_up(engine, owner_id: int) -> bool:  # noqa: ANN001
    position = cache.primary_position(owner_id)
    try:
        with engine.connect() as connection:
            return bool(connection.execute(
                text("SELECT coalesce(pg_last_wal_replay_lsn() >= CAST(:position AS pg_lsn), false)"),
                {"position": position or "0/0"}).scalar())
    except Exception:
        log.warning("read replica unavailable; reading from the primary", exc_info=True)
        return False
