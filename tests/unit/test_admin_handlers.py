"""Every admin page's handlers, called directly as a writer and as an anonymous visitor, are
refused at the handler level and change nothing (the UI hiding them is not the protection)."""

from __future__ import annotations

import pytest
import reflex as rx
from reflex.istate.data import HeaderData, RouterData

import writers_app.writers_app  # noqa: F401  (registers every state)
from writers_app import db as db_module
from writers_app.models import Role, User
from writers_app.pages.admin.users import AdminUsersState
from writers_app.pages.admin.audit import AdminAuditState
from writers_app.services import auth, sessions

PASSWORD = "a long enough pass"


@pytest.fixture
def people(app_db, settings):
    tokens = {}
    with db_module.session_scope() as session:
        admin = auth.create_admin(session=session, settings=settings, email="boss@example.com", display_name="Boss",
                                  password=PASSWORD)
        writer = auth.register_user(session=session, settings=settings, email="w@example.com", display_name="W",
                                    password=PASSWORD)
        victim = auth.register_user(session=session, settings=settings, email="v@example.com", display_name="V",
                                    password=PASSWORD)
        for name, user in (("admin", admin), ("writer", writer)):
            tokens[name] = sessions.create_session(session=session, user=user, settings=settings)[1]
        ids = {"admin": admin.id, "writer": writer.id, "victim": victim.id}
    yield tokens, ids


def _state(cls, token: str | None):
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(cls.get_full_name().split(".")[1:])
    cookie = f"writers_session={token}" if token else ""
    object.__setattr__(state, "router", RouterData(headers=HeaderData(cookie=cookie)))
    return state


def _victim(ids):
    with db_module.session_scope() as session:
        user = session.get(User, ids["victim"])
        return user.is_active, user.role, user.password_hash


USER_HANDLERS = [
    ("load", ()), ("set_search", ("v",)), ("set_role_filter", ("writer",)), ("set_active_filter", ("yes",)),
    ("show", None), ("set_active", None), ("set_role", None), ("force_reset", None),
]


@pytest.mark.parametrize("who", ["writer", "anonymous"])
@pytest.mark.parametrize("handler, args", USER_HANDLERS)
def test_user_admin_handlers_refuse_writers_and_visitors(people, who, handler, args):
    tokens, ids = people
    args = args if args is not None else {
        "show": (str(ids["victim"]),), "set_active": (str(ids["victim"]), False),
        "set_role": (str(ids["victim"]), "admin"), "force_reset": (str(ids["victim"]),)}[handler]
    before = _victim(ids)
    state = _state(AdminUsersState, tokens.get(who))
    result = getattr(AdminUsersState, handler).fn(state, *args)
    assert state.users == [] and state.details == {} and state.allowed is False
    if who == "anonymous" and handler == "load":
        assert result is not None  # sent to /login
    assert _victim(ids) == before  # nothing changed


@pytest.mark.parametrize("who", ["writer", "anonymous"])
@pytest.mark.parametrize("handler, args", [("load", ()), ("set_action", ("auth.login",)), ("more", ())])
def test_audit_handlers_refuse_writers_and_visitors(people, who, handler, args):
    tokens, ids = people
    state = _state(AdminAuditState, tokens.get(who))
    getattr(AdminAuditState, handler).fn(state, *args)
    assert state.events == [] and state.allowed is False


def test_an_admin_gets_through(people):
    tokens, ids = people
    users = _state(AdminUsersState, tokens["admin"])
    AdminUsersState.load.fn(users)
    assert users.allowed and {u.email for u in users.users} == {"boss@example.com", "w@example.com", "v@example.com"}
    AdminUsersState.set_role.fn(users, str(ids["victim"]), "admin")
    AdminUsersState.set_active.fn(users, str(ids["victim"]), False)
    active, role, _hash = _victim(ids)
    assert role == Role.ADMIN and active is False
    AdminUsersState.set_role.fn(users, str(ids["admin"]), "writer")  # demoting oneself: refused, said clearly
    assert users.error == "admin.cannot_demote_self"
    audit = _state(AdminAuditState, tokens["admin"])
    AdminAuditState.load.fn(audit)
    assert {"admin.role_changed", "admin.user_deactivated"} <= {e.action for e in audit.events}


@pytest.fixture
def victims_task(people):
    from writers_app.services import tasks as task_service

    tokens, ids = people
    with db_module.session_scope() as session:
        task = task_service.create_task(session=session, owner_id=ids["victim"], title="Theirs",
                                        body_html="<p>keep me</p>")
        row = session.get(__import__("writers_app.models", fromlist=["Task"]).Task, task.id)
        row.status = "failed"
        session.add(row)
    return task.id


def _task_state(task_id):
    from writers_app.models import Task

    with db_module.session_scope() as session:
        task = session.get(Task, task_id)
        return None if task is None else (task.status, task.title)


@pytest.mark.parametrize("who", ["writer", "anonymous"])
@pytest.mark.parametrize("page, handler, args", [
    ("tasks", "load", ()), ("tasks", "set_search", ("x",)), ("tasks", "reanalyse", None), ("tasks", "remove", None),
    ("jobs", "load", ()), ("jobs", "retry", None), ("jobs", "retry_all", ()), ("jobs", "refresh", ()),
    ("system", "load", ()),
])
def test_tasks_jobs_and_system_handlers_refuse_writers_and_visitors(people, victims_task, who, page, handler, args,
                                                                     monkeypatch):
    from writers_app.pages.admin.jobs import AdminJobsState
    from writers_app.pages.admin.system import AdminSystemState
    from writers_app.pages.admin.tasks import AdminTasksState
    from writers_app.services import processing

    sent = []
    monkeypatch.setattr(processing, "enqueue", lambda ids: sent.extend(ids))
    tokens, ids = people
    cls = {"tasks": AdminTasksState, "jobs": AdminJobsState, "system": AdminSystemState}[page]
    args = args if args is not None else (str(victims_task),)
    before = _task_state(victims_task)
    state = _state(cls, tokens.get(who))
    getattr(cls, handler).fn(state, *args)
    assert state.allowed is False and sent == []
    assert _task_state(victims_task) == before  # not deleted, not re-queued
    for name in ("tasks", "processing_tasks", "failed", "workers", "queues", "checks", "config", "versions"):
        assert getattr(state, name, []) == []  # nothing about anyone reaches the caller


def test_admin_retries_failed_jobs_and_sees_the_system(people, victims_task, monkeypatch):
    from writers_app.pages.admin.jobs import AdminJobsState
    from writers_app.pages.admin.system import AdminSystemState
    from writers_app.services import processing

    sent = []
    monkeypatch.setattr(processing, "enqueue", lambda task_ids: sent.extend(task_ids))
    tokens, ids = people
    jobs = _state(AdminJobsState, tokens["admin"])
    AdminJobsState.load.fn(jobs)
    assert [f.id for f in jobs.failed] == [victims_task]
    AdminJobsState.retry_all.fn(jobs)
    assert sent == [victims_task] and _task_state(victims_task)[0] == "queued"
    system = _state(AdminSystemState, tokens["admin"])
    AdminSystemState.load.fn(system)
    assert {c.name for c in system.checks} == {"database", "redis", "worker"}
    config = {row.name: row.value for row in system.config}
    assert config["secret_key"] == "********" and "test-secret" not in str(system.config)
