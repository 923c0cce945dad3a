"""tasks.deleted_at: deleting a piece moves it to the trash; a partial index of trashed rows

Revision ID: trash01
Revises: fold01
Create Date: 2026-12-02 14:10:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'trash01'
down_revision: Union[str, None] = 'fold01'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_TRASHED = sa.text('deleted_at IS NOT NULL')


def upgrade() -> None:
    # Nullable without a default: PostgreSQL adds it without rewriting the table (NULL = live),
    # and the partial index starts empty, so neither step holds up writes on a big table.
    # Plain ALTER TABLE on SQLite too: a batch copy of tasks would drop its generated column.
    op.add_column('tasks', sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index('ix_tasks_owner_deleted', 'tasks', ['owner_id', 'deleted_at', 'id'], unique=False,
                    postgresql_where=_TRASHED, sqlite_where=_TRASHED)


def downgrade() -> None:
    op.drop_index('ix_tasks_owner_deleted', table_name='tasks')
    op.drop_column('tasks', 'deleted_at')
