"""users.theme: the colour scheme a writer chose (system, light or dark)

Revision ID: theme01
Revises: trash01
Create Date: 2026-12-02 14:10:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'theme01'
down_revision: Union[str, None] = 'trash01'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # A constant default: PostgreSQL (11+) adds the column without rewriting the table, and
    # every existing writer follows the system's scheme, as before.
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('theme', sa.String(length=8), nullable=False, server_default='system'))


def downgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.drop_column('theme')
