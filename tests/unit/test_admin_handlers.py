"""Every admin page's handlers, called directly as a writer and as an anonymous visitor, are
refused at the handler level and change nothing (the UI hiding them is not the protection)."""

from __future__ import annotations

import pytest

from tests.factories import make_admin, make_task, make_writer
from writers_app import db as db_module
from writers_app.models import Role, User
from writers_app.pages.admin.users import AdminUsersState
from writers_app.pages.admin.audit import AdminAuditState


@pytest.fixture
def people(app_db, settings):
    """The admin and a writer who call the handlers (`accounts.get("anonymous")` is None), and a victim."""
    with db_module.session_scope() as session:
        admin = make_admin(session, settings, email="boss@example.com", display_name="Boss")
        writer = make_writer(session, settings, email="w@example.com", display_name="W")
        victim = make_writer(session, settings, email="v@example.com", display_name="V")
        ids = {"admin": admin.id, "writer": writer.id, "victim": victim.id}
    yield {"admin": admin, "writer": writer}, ids


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
def test_user_admin_handlers_refuse_writers_and_visitors(people, signed_in, who, handler, args):
    accounts, ids = people
    args = args if args is not None else {
        "show": (str(ids["victim"]),), "set_active": (str(ids["victim"]), False),
        "set_role": (str(ids["victim"]), "admin"), "force_reset": (str(ids["victim"]),)}[handler]
    before = _victim(ids)
    state = signed_in(AdminUsersState, accounts.get(who))
    result = getattr(AdminUsersState, handler).fn(state, *args)
    assert state.users == [] and state.details == {} and state.allowed is False
    if who == "anonymous" and handler == "load":
        assert result is not None  # sent to /login
    assert _victim(ids) == before  # nothing changed


@pytest.mark.parametrize("who", ["writer", "anonymous"])
@pytest.mark.parametrize("handler, args", [("load", ()), ("set_action", ("auth.login",)), ("more", ())])
def test_audit_handlers_refuse_writers_and_visitors(people, signed_in, who, handler, args):
    accounts, ids = people
    state = signed_in(AdminAuditState, accounts.get(who))
    getattr(AdminAuditState, handler).fn(state, *args)
    assert state.events == [] and state.allowed is False


def test_an_admin_gets_through(people, signed_in):
    accounts, ids = people
    users = signed_in(AdminUsersState, accounts["admin"])
    AdminUsersState.load.fn(users)
    assert users.allowed and {u.email for u in users.users} == {"boss@example.com", "w@example.com", "v@example.com"}
    AdminUsersState.set_role.fn(users, str(ids["victim"]), "admin")
    AdminUsersState.set_active.fn(users, str(ids["victim"]), False)
    active, role, _hash = _victim(ids)
    assert role == Role.ADMIN and active is False
    AdminUsersState.set_role.fn(users, str(ids["admin"]), "writer")  # demoting oneself: refused, said clearly
    assert users.error == "admin.cannot_demote_self"
    audit = signed_in(AdminAuditState, accounts["admin"])
    AdminAuditState.load.fn(audit)
    assert {"admin.role_changed", "admin.user_deactivated"} <= {e.action for e in audit.events}


@pytest.fixture
def victims_task(people):
    accounts, ids = people
    with db_module.session_scope() as session:
        task = make_task(session, ids["victim"], title="Theirs", body_html="<p>keep me</p>")
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
def test_tasks_jobs_and_system_handlers_refuse_writers_and_visitors(people, victims_task, signed_in, who, page,
                                                                     handler, args, queued_tasks):
    from writers_app.pages.admin.jobs import AdminJobsState
    from writers_app.pages.admin.system import AdminSystemState
    from writers_app.pages.admin.tasks import AdminTasksState

    sent = queued_tasks
    accounts, ids = people
    cls = {"tasks": AdminTasksState, "jobs": AdminJobsState, "system": AdminSystemState}[page]
    args = args if args is not None else (str(victims_task),)
    before = _task_state(victims_task)
    state = signed_in(cls, accounts.get(who))
    getattr(cls, handler).fn(state, *args)
    assert state.allowed is False and sent == []
    assert _task_state(victims_task) == before  # not deleted, not re-queued
    for name in ("tasks", "processing_tasks", "failed", "workers", "queues", "checks", "config", "versions"):
        assert getattr(state, name, []) == []  # nothing about anyone reaches the caller


def test_admin_retries_failed_jobs_and_sees_the_system(people, victims_task, signed_in, queued_tasks):
    from writers_app.pages.admin.jobs import AdminJobsState
    from writers_app.pages.admin.system import AdminSystemState

    sent = queued_tasks
    accounts, ids = people
    jobs = signed_in(AdminJobsState, accounts["admin"])
    AdminJobsState.load.fn(jobs)
    assert [f.id for f in jobs.failed] == [victims_task]
    AdminJobsState.retry_all.fn(jobs)
    assert sent == [victims_task] and _task_state(victims_task)[0] == "queued"
    system = signed_in(AdminSystemState, accounts["admin"])
    AdminSystemState.load.fn(system)
    assert {c.name for c in system.checks} == {"database", "redis", "worker"}
    config = {row.name: row.value for row in system.config}
    assert config["secret_key"] == "********" and "test-secret" not in str(system.config)
