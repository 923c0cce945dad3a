"""users.typography_options (a writer's house style for "fix all") and task_analyses.options
(the options an analysis was made with)

Revision ID: typo01
Revises: search01
Create Date: 2026-12-02 05:40:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'typo01'
down_revision: Union[str, None] = 'search01'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Nullable columns without a default: PostgreSQL adds them without rewriting the tables;
    # NULL reads as the default options, so existing writers and analyses need no backfill.
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('typography_options', sa.Text(), nullable=True))
    with op.batch_alter_table('task_analyses') as batch:
        batch.add_column(sa.Column('options', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('task_analyses') as batch:
        batch.drop_column('options')
    with op.batch_alter_table('users') as batch:
        batch.drop_column('typography_options')
