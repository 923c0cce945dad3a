"""Shared fixtures: settings and SQLite for unit tests, a throwaway PostgreSQL database and
a private Redis for integration tests, the app's own database and settings for code that finds
them itself, and signed-in Reflex states. Test data comes from tests/factories.py.

Real services are found automatically; with WRITERS_REQUIRE_SERVICES=1 (CI) a missing one
fails the test instead of skipping it, so a skipped integration test can never pass CI.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel

import writers_app.models  # noqa: F401
from tests.support.loopback_dns.sitecustomize import loopback_only_getaddrinfo
from writers_app.db import make_engine
from writers_app.settings import Settings

TEST_SECRET = "test-secret-" + "x" * 40


def require_or_skip(flag: str, reason: str) -> None:
    if os.environ.get(flag) == "1":
        pytest.fail(f"{reason} (required because {flag}=1)")
    pytest.skip(reason)


def make_settings(tmp_path: Path, **overrides) -> Settings:
    values = dict(
        app_env="test", database_url=f"sqlite:///{tmp_path / 'unit.db'}", secret_key=TEST_SECRET,
        bcrypt_rounds=4, storage_dir=tmp_path / "storage", outbox_dir=tmp_path / "outbox",
    )
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Test settings: SQLite, files and outbox under tmp_path, cheap bcrypt."""
    return make_settings(tmp_path)


@pytest.fixture
def db(settings: Settings) -> Iterator[Session]:
    """A fresh SQLite database per test (unit tests)."""
    engine = make_engine(settings.database_url)
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


# --- PostgreSQL -----------------------------------------------------------------------------

def _postgres_admin_url() -> str | None:
    url = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
    parsed = make_url(url)
    try:
        with socket.create_connection((parsed.host or "127.0.0.1", parsed.port or 5432), timeout=1):
            return url
    except OSError:
        return None


@contextmanager
def fresh_postgres_database(prefix: str) -> Iterator[str]:
    """A PostgreSQL database of our own (`prefix` + a random suffix), dropped when done."""
    admin_url = _postgres_admin_url()
    if admin_url is None:
        require_or_skip("WRITERS_REQUIRE_SERVICES", "PostgreSQL is not reachable")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of our own, created for this test session and dropped at the end."""
    with fresh_postgres_database("writers_test") as url:
        yield url


@pytest.fixture(scope="session")
def migrated_postgres_url(postgres_url: str) -> str:
    """That database, migrated to the latest schema."""
    from writers_app.cli import migrate

    migrate(postgres_url)
    return postgres_url


# --- Redis ----------------------------------------------------------------------------------

_HANDED_OUT: set[int] = set()


def _ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port() -> int:
    """A loopback port nothing listens on, for a server started later. Chosen below the kernel's
    ephemeral range: a port from bind(0) is in that range, where any outgoing connection made
    before the server binds it (a client of PostgreSQL, say) may take it ("address already in
    use"). Never the same port twice in one test process."""
    low = _ephemeral_low()
    for _ in range(500):
        port = random.randint(max(1024, low - 12_000), low - 1)
        if port in _HANDED_OUT:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _HANDED_OUT.add(port)
        return port
    with socket.socket() as sock:  # the range below is crowded: the kernel's choice
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private, persistence-free redis-server: ours to flush, restart and stop."""
    binary = shutil.which("redis-server")
    if binary is None:
        require_or_skip("WRITERS_REQUIRE_SERVICES", "redis-server is not installed")
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(autouse=True)
def _no_leftover_jobs() -> Iterator[None]:
    """Jobs a test's commits sent to the in-memory broker end with it: no later test's worker
    may run them against its own database (task ids repeat across fresh databases)."""
    yield
    from dramatiq.brokers.stub import StubBroker

    from writers_app import jobs

    broker = jobs.get_broker()
    if isinstance(broker, StubBroker):
        broker.flush_all()


@pytest.fixture
def queued_tasks(monkeypatch) -> list[int]:
    """Ids of the tasks the code under test sent to the processing job (no job really runs)."""
    from writers_app import jobs

    sent: list[int] = []

    def send(actor_name: str, *args, delay_ms: int | None = None) -> None:  # noqa: ANN002, ARG001
        if actor_name == jobs.PROCESS_TASK:
            sent.append(args[0])

    monkeypatch.setattr(jobs, "send", send)
    return sent

# --- The app's own database and settings ---------------------------------------------------

@pytest.fixture
def use_settings(monkeypatch) -> Callable[[Settings], Settings]:
    """`use_settings(s)` puts `s` in force for every `get_settings()` caller until the test ends."""
    from writers_app import settings as settings_module

    def put(settings: Settings) -> Settings:
        monkeypatch.setattr(settings_module, "_override", settings)  # what settings.use_settings() sets
        return settings

    return put


@pytest.fixture
def app_db(settings, use_settings, monkeypatch):
    """A fresh SQLite database and `settings`, in force for code calling `session_scope()`/`get_settings()`."""
    import writers_app.api.app  # noqa: F401  (imports every route module)
    import writers_app.pages.admin.users  # noqa: F401
    import writers_app.state.auth  # noqa: F401
    from writers_app import db as db_module

    engine = make_engine(settings.database_url)
    SQLModel.metadata.create_all(engine)
    monkeypatch.setattr(db_module, "get_engine", lambda: engine)
    use_settings(settings)
    yield engine
    engine.dispose()


@pytest.fixture
def signed_in(app_db):
    """`signed_in(StateClass, user)`: that Reflex state in a tab signed in as `user` (tests/support/states.py)."""
    import writers_app.writers_app  # noqa: F401  (registers every state)
    from tests.support.states import signed_in_state

    return signed_in_state


# --- Chromium -------------------------------------------------------------------------------
# One Playwright and one browser for the whole run: the browser tests of tests/e2e and
# tests/reliability share them (a second sync Playwright in the same process refuses to start
# while the first one's loop runs on the main thread).

@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        require_or_skip("WRITERS_REQUIRE_BROWSER", "Chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import BROWSER_ARGS

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=BROWSER_ARGS)
        yield launched
        launched.close()


# --- Network: loopback only ---------------------------------------------------------------
# Name lookups resolve loopback names and address literals only, in the test process (the
# fixture below) and in every Python process a test starts (PYTHONPATH picks up the folder's
# sitecustomize). Tests that need a name to resolve patch socket.getaddrinfo themselves
# (tests/unit/test_webhook_targets.py).
@pytest.fixture(autouse=True)
def _no_leftover_documents() -> Iterator[None]:
    """The process' caches of block documents and of users seen end with each test: task and user
    ids repeat across fresh databases, and a stale document would be spliced for another piece."""
    yield
    from writers_app.services import documents
    from writers_app.services import sessions as session_service

    documents.cache.clear()
    session_service.forget_seen()


_LOOPBACK_DNS = Path(__file__).parent / "support" / "loopback_dns"
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(_LOOPBACK_DNS), os.environ.get("PYTHONPATH", "")) if p)


@pytest.fixture(autouse=True)
def _no_dns_beyond_loopback(monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", loopback_only_getaddrinfo)
