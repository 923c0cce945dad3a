"""Scale-out mode: with REDIS_URL, Reflex keeps tab state in Redis and several server workers
serve the same users. (Named to run last: it rebuilds the bundle for its own server.)"""

from __future__ import annotations

import httpx
import psutil
import pytest
import redis
from playwright.sync_api import expect

from tests.e2e.helpers import at, login_and_wait, logout

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
WORKERS = 3


@pytest.fixture(scope="module")
def metrics_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("metrics")


@pytest.fixture
def redis_app_server(servers, redis_server, metrics_dir):
    return servers.get("redis", {"REDIS_URL": redis_server, "GRANIAN_WORKERS": str(WORKERS),
                                 "REDIS_STATE_DB": "1", "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)})


def _healthz_count(text: str) -> float:
    line = 'writers_http_requests_total{method="GET",route="/healthz",status="200"}'
    return next((float(x.split()[-1]) for x in text.splitlines() if x.startswith(line)), 0.0)


def test_metrics_are_summed_across_workers(redis_app_server, metrics_dir):
    from prometheus_client.multiprocess import MultiProcessCollector

    base = redis_app_server.base_url
    before = _healthz_count(httpx.get(base + "/metrics").text)
    for _ in range(60):  # a new connection each time, so granian spreads them over its workers
        with httpx.Client() as client:
            assert client.get(base + "/healthz").status_code == 200
    scraped = _healthz_count(httpx.get(base + "/metrics").text)
    assert scraped - before == 60

    per_worker = {}
    for path in metrics_dir.glob("counter_*.db"):
        samples = [s for f in MultiProcessCollector.merge([str(path)]) for s in f.samples
                   if s.name == "writers_http_requests_total" and s.labels.get("route") == "/healthz"]
        per_worker[path.name] = sum(s.value for s in samples)
    served = {name: n for name, n in per_worker.items() if n}
    assert len(served) >= 2, per_worker  # several workers answered...
    assert sum(served.values()) == scraped  # ...and /metrics is the sum of all of them


def test_several_workers_share_state_through_redis(redis_app_server, redis_server, browser):
    server = redis_app_server
    # granian forks its workers from the `reflex run` process.
    worker_pids = psutil.Process(server.proc.pid).children(recursive=True)
    assert len(worker_pids) >= WORKERS, [p.cmdline() for p in worker_pids]

    state_db = redis.Redis.from_url(redis_server.rsplit("/", 1)[0] + "/1")
    before = state_db.dbsize()
    email = server.create_user(name="Redis Writer")
    # Several tabs: their websockets are spread over the workers, and every one sees its state.
    # Each tab switches the language; the choice is stored on the account, so the next tab to
    # log in opens in it (en, fa, en, ...) and its switch goes the other way.
    contexts = [browser.new_context() for _ in range(3)]
    lang = "en"
    try:
        for ctx in contexts:
            page = ctx.new_page()
            login_and_wait(page, server.base_url, email)
            expect(page.locator("#dashboard-welcome")).to_contain_text("Redis Writer")
            root = page.locator('#page-root[data-hydrated="true"]')
            expect(root).to_have_attribute("lang", lang)
            lang = "fa" if lang == "en" else "en"
            page.click("#lang-switch")
            expect(root).to_have_attribute("dir", "rtl" if lang == "fa" else "ltr")
            expect(root).to_have_attribute("lang", lang)
        assert state_db.dbsize() > before  # tab state lives in Redis, not in one worker's memory
        logout(page)
        page.goto(server.base_url + "/settings")
        page.wait_for_url(at("/login", "next=%2Fsettings"))
    finally:
        for ctx in contexts:
            ctx.close()
