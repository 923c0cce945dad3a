"""users.last_seen_at (active-users metric)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 02:30:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import writers_app.models.base


revision: str = '0010'
down_revision: Union[str, None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('last_seen_at', writers_app.models.base.UTCDateTime(timezone=True), nullable=True))
        batch.create_index(batch.f('ix_users_last_seen_at'), ['last_seen_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.drop_index(batch.f('ix_users_last_seen_at'))
        batch.drop_column('last_seen_at')
