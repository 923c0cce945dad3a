"""SIGTERM stops the prod server on its own: a supervisor (systemd, Docker, Kubernetes) sends
SIGTERM to the process it started and kills it only if it is still there after its grace period.

The server is started as `make run` starts it (embedded mode, one granian worker) and given work
in flight when the signal arrives: two long analyses in the embedded worker. The signal goes to
the process group leader only (`reflex run`, granian's supervisor), as a supervisor sends it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

import httpx
from sqlmodel import Session, col, delete

from tests.e2e.manuscript import manuscript_html
from tests.factories import make_task, make_token, make_writer
from writers_app.db import make_engine
from writers_app.models import User

# Generous for a loaded 2-core machine; the server needs a few seconds.
DEADLINE_SECONDS = 60


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    # A zombie still counts for killpg until reaped; only our direct child is ours to reap.
    return True


def test_sigterm_to_the_leader_stops_the_whole_server(servers):
    server = servers.get("shutdown")
    servers.current = None  # this test ends the server itself
    proc = server.proc
    user_id = None
    try:
        engine = make_engine(server.settings.database_url)
        body = manuscript_html("en", 50_000)
        with Session(engine, expire_on_commit=False) as session:
            user = make_writer(session, server.settings)
            ids = [make_task(session, user, title=f"Long piece {n}", body_html=body).id for n in range(3)]
            token = make_token(session, user)
            session.commit()
            user_id = user.id
        engine.dispose()
        for task_id in ids:  # jobs in flight in the embedded worker when the signal arrives
            response = httpx.post(f"{server.base_url}/api/v1/tasks/{task_id}/analyse",
                                  headers={"Authorization": f"Bearer {token}"}, timeout=30)
            assert response.status_code == 202
        assert httpx.get(f"{server.base_url}/healthz", timeout=10).status_code == 200

        os.kill(proc.pid, signal.SIGTERM)
        try:
            code = proc.wait(timeout=DEADLINE_SECONDS)
        except subprocess.TimeoutExpired:
            code = None
        log = server.log_path.read_text(errors="replace")
        assert code is not None, f"the server ignored SIGTERM for {DEADLINE_SECONDS} s:\n{log[-3000:]}"
        assert code in (0, -signal.SIGTERM), f"exit code {code}:\n{log[-3000:]}"
        assert "Unexpected exit" not in log, log[-3000:]
        # Its granian worker is gone with it (no orphan still holding the port or the database).
        deadline = time.monotonic() + DEADLINE_SECONDS
        while _group_alive(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _group_alive(proc.pid), "a process of the server outlived its leader"
    finally:
        if proc.poll() is None or _group_alive(proc.pid):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=10)
        if user_id is not None:
            # The database is the session's: its pieces, left queued by the signal, go with their
            # writer, so no later sweeper test finds them pending.
            engine = make_engine(server.settings.database_url)
            with Session(engine) as session:
                session.exec(delete(User).where(col(User.id) == user_id))
                session.commit()
            engine.dispose()
