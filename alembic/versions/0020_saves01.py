"""task_saves: the editor's saves as block deltas, folded into the body after the ack

Revision ID: saves01
Revises: dict01
Create Date: 2026-12-02 19:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import writers_app.models.base


revision: str = 'saves01'
down_revision: Union[str, None] = 'dict01'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('task_saves',
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('save_id', sa.String(length=36), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('delete_count', sa.Integer(), nullable=False),
    sa.Column('blocks', sa.Text(), nullable=False),
    sa.Column('words', sa.Integer(), nullable=False),
    sa.Column('explicit', sa.Boolean(), nullable=False),
    sa.Column('saved_at', writers_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('task_id', 'revision')
    )


def downgrade() -> None:
    # Saves not folded yet would be lost with the table: stop the app first (it folds what it
    # queued on the way out, services.saves.run_folds) and check that task_saves is empty.
    op.drop_table('task_saves')
