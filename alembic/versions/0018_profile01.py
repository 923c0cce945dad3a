"""email_change_tokens (an address change waiting for the link mailed to the new address) and
data_exports ("export everything" jobs and their zips)

Revision ID: profile01
Revises: prefs01
Create Date: 2026-12-02 14:20:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import writers_app.models.base


revision: str = 'profile01'
down_revision: Union[str, None] = 'prefs01'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('email_change_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('new_email', sa.String(length=320), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', writers_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', writers_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', writers_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('email_change_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_email_change_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('data_exports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('pieces', sa.Integer(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('failure_reason', sa.String(length=120), nullable=False),
    sa.Column('created_at', writers_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', writers_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('expires_at', writers_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('data_exports', schema=None) as batch_op:
        batch_op.create_index('ix_data_exports_user_created', ['user_id', 'created_at', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('data_exports', schema=None) as batch_op:
        batch_op.drop_index('ix_data_exports_user_created')
    op.drop_table('data_exports')
    with op.batch_alter_table('email_change_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_email_change_tokens_user_id'))
    op.drop_table('email_change_tokens')
