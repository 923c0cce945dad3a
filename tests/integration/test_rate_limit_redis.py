"""Rate limits kept in Redis (the cache database) are shared by every server worker."""

from __future__ import annotations

import time

import pytest
import redis
from fastapi.testclient import TestClient

from tests.conftest import make_settings
from tests.factories import PASSWORD, make_writer
from writers_app import db as db_module
from writers_app.services import ratelimit


@pytest.fixture
def settings(tmp_path, redis_server):
    return make_settings(tmp_path, redis_url=redis_server, redis_cache_db=5,
                         rate_limit_login_account="2 per 2 seconds", rate_limit_api="3 per 2 seconds")


def test_login_lockout_is_shared_through_redis_and_ends_after_the_window(app_db, settings):
    from writers_app.api.app import create_api

    ratelimit.reset_memory()
    with db_module.session_scope() as session:
        make_writer(session, settings, email="shared@example.com")
    client = TestClient(create_api(), follow_redirects=False)
    form = {"email": "shared@example.com", "password": "wrong password!"}
    assert [client.post("/api/auth/login", data=form).status_code for _ in range(2)] == [303, 303]

    ratelimit.reset_memory()  # a second worker: new connection pool, same Redis
    locked = client.post("/api/auth/login", data={**form, "password": PASSWORD})
    assert locked.status_code == 429

    keys = redis.Redis.from_url(settings.cache_redis_url).keys("*")
    assert keys and all(k.startswith(b"writers:limits") for k in keys)
    assert not any(b"shared" in k or b"example.com" in k for k in keys)  # identifiers are hashed

    time.sleep(int(locked.headers["Retry-After"]) + 0.2)
    assert client.post("/api/auth/login", data={**form, "password": PASSWORD}).status_code == 303


def test_api_budget_per_principal(settings):
    ratelimit.reset_memory()
    for _ in range(3):
        ratelimit.check_api(settings, principal="token:1")
    with pytest.raises(ratelimit.RateLimited) as info:
        ratelimit.check_api(settings, principal="token:1")
    assert info.value.retry_after >= 1
    ratelimit.check_api(settings, principal="token:2")  # another token has its own budget
