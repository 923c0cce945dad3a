"""task_revisions.name: a writer's name for a version ("sent to editor"); named versions are
never pruned

Revision ID: names01
Revises: typo01
Create Date: 2026-12-02 12:30:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'names01'
down_revision: Union[str, None] = 'typo01'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Nullable without a default: PostgreSQL adds it without rewriting the table; NULL = no name.
    with op.batch_alter_table('task_revisions') as batch:
        batch.add_column(sa.Column('name', sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('task_revisions') as batch:
        batch.drop_column('name')
