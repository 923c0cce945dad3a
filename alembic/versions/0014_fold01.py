"""tasks.title_search and tasks.body_search: Persian-aware folded copies written by the app;
the trigram index moves to them

Revision ID: fold01
Revises: names01
Create Date: 2026-12-02 14:10:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from writers_app.core.fold import fold_search


revision: str = 'fold01'
down_revision: Union[str, None] = 'names01'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_INDEX = 'ix_tasks_owner_search_trgm'
_BATCH = 500  # tasks read and rewritten per statement: a few MB of text at a time


def _refold(bind) -> None:
    """Every task's folded copies, in batches in id order (keyset: no OFFSET scans)."""
    tasks = sa.table('tasks', sa.column('id', sa.Integer), sa.column('title', sa.Text), sa.column('body_text', sa.Text),
                     sa.column('title_search', sa.Text), sa.column('body_search', sa.Text))
    write = tasks.update().where(tasks.c.id == sa.bindparam('task_id')).values(
        title_search=sa.bindparam('t'), body_search=sa.bindparam('b'))
    last = 0
    while True:
        rows = bind.execute(sa.select(tasks.c.id, tasks.c.title, tasks.c.body_text).where(tasks.c.id > last)
                            .order_by(tasks.c.id).limit(_BATCH)).all()
        if not rows:
            return
        bind.execute(write, [{'task_id': r.id, 't': fold_search(r.title or ''), 'b': fold_search(r.body_text or '')}
                             for r in rows])
        last = rows[-1].id


def _trigram_index(title: str, body: str) -> None:
    op.create_index(_INDEX, 'tasks', ['owner_id', title, body], unique=False, postgresql_using='gin',
                    postgresql_ops={title: 'gin_trgm_ops', body: 'gin_trgm_ops'})


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        # The index first (rewriting every row would update it row by row), then body_search
        # becomes a plain column keeping its values until the refold (PostgreSQL 13+).
        op.drop_index(_INDEX, table_name='tasks')
        op.execute('ALTER TABLE tasks ALTER COLUMN body_search DROP EXPRESSION')
        op.add_column('tasks', sa.Column('title_search', sa.Text(), nullable=True))
        _refold(bind)
        _trigram_index('title_search', 'body_search')
    else:
        # SQLite: the VIRTUAL generated column goes, two plain ones come (a table rebuild).
        with op.batch_alter_table('tasks') as batch:
            batch.drop_column('body_search')
        with op.batch_alter_table('tasks') as batch:
            batch.add_column(sa.Column('title_search', sa.Text(), nullable=True))
            batch.add_column(sa.Column('body_search', sa.Text(), nullable=True))
        _refold(bind)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index(_INDEX, table_name='tasks')
        op.drop_column('tasks', 'title_search')
        op.drop_column('tasks', 'body_search')
        op.add_column('tasks', sa.Column('body_search', sa.Text(), sa.Computed('lower(body_text)', persisted=True),
                                         nullable=True))
        _trigram_index('title', 'body_search')
    else:
        with op.batch_alter_table('tasks') as batch:
            batch.drop_column('title_search')
            batch.drop_column('body_search')
        with op.batch_alter_table('tasks') as batch:
            batch.add_column(sa.Column('body_search', sa.Text(), sa.Computed('lower(body_text)', persisted=False),
                                       nullable=True))
