"""The cache in Redis (its own database): shared by workers, dropped on write."""

from __future__ import annotations

import json

import pytest
import redis

from tests.conftest import make_settings
from tests.factories import make_task, make_writer
from writers_app import db as db_module
from writers_app.services import cache, tasks, writing_stats


@pytest.fixture
def settings(tmp_path, redis_server):
    return make_settings(tmp_path, redis_url=redis_server, redis_cache_db=6)


def test_summary_lives_in_the_cache_db_and_writes_drop_it(app_db, settings):
    cache.reset_memory()
    client = redis.Redis.from_url(settings.cache_redis_url)
    with db_module.session_scope() as session:
        user = make_writer(session, settings)
        task = make_task(session, user, title="T", body_html="<p>a b</p>")
    key = f"writers:cache:summary:{user.id}"
    with db_module.session_scope() as session:
        writing_stats.summary(session=session, owner_id=user.id)
    stored = json.loads(client.get(key))
    assert stored["total_words"] == 2 and 0 < client.ttl(key) <= settings.cache_ttl_seconds

    cache.reset_memory()  # another worker reads the same entry
    client.set(key, json.dumps({**stored, "total_words": 999}))  # prove the read comes from Redis
    with db_module.session_scope() as session:
        assert writing_stats.summary(session=session, owner_id=user.id).total_words == 999

    with db_module.session_scope() as session:
        tasks.save_body(session=session, owner_id=user.id, task_id=task.id, base_revision=0, html="<p>a b c</p>")
    assert client.get(key) is None  # dropped once the save committed
    with db_module.session_scope() as session:
        assert writing_stats.summary(session=session, owner_id=user.id).total_words == 3
    assert client.dbsize() >= 1 and redis.Redis.from_url(settings.queue_redis_url).get(key) is None
