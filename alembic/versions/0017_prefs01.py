"""users.writing_prefs: how the editor shows a writer's text (font, size, line width,
typewriter scrolling)

Revision ID: prefs01
Revises: theme01
Create Date: 2026-12-02 14:10:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'prefs01'
down_revision: Union[str, None] = 'theme01'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Nullable without a default: PostgreSQL adds it without rewriting the table; NULL reads as
    # the default preferences, so existing writers need no backfill.
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('writing_prefs', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.drop_column('writing_prefs')
