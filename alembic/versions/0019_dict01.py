"""personal_words: each writer's own dictionary for spelling

Revision ID: dict01
Revises: profile01
Create Date: 2026-12-02 14:20:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import writers_app.models.base


revision: str = 'dict01'
down_revision: Union[str, None] = 'profile01'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('personal_words',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('word', sa.String(length=64), nullable=False),
    sa.Column('created_at', writers_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'word', name='uq_personal_words_user_word')
    )


def downgrade() -> None:
    op.drop_table('personal_words')
