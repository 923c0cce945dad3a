"""Every admin page's handlers, called directly as a writer and as an anonymous visitor, are
refused at the handler level and change nothing (the UI hiding them is not the protection)."""

from __future__ import annotations

import pytest
import reflex as rx
from reflex.istate.data import HeaderData, RouterData
from sqlmodel import SQLModel

import writers_app.writers_app  # noqa: F401  (registers every state)
from writers_app import db as db_module
from writers_app.models import Role, User
from writers_app.pages.admin import AdminUsersState
from writers_app.pages.admin_audit import AdminAuditState
from writers_app.services import auth, sessions

PASSWORD = "a long enough pass"


@pytest.fixture
def people(settings, monkeypatch):
    from writers_app import settings as settings_module

    engine = db_module.make_engine(settings.database_url)
    SQLModel.metadata.create_all(engine)
    monkeypatch.setattr(db_module, "get_engine", lambda: engine)
    monkeypatch.setattr(settings_module, "get_settings", lambda: settings)
    import writers_app.pages.admin as admin_page
    import writers_app.state.auth as auth_state

    monkeypatch.setattr(auth_state, "get_settings", lambda: settings)
    monkeypatch.setattr(admin_page, "get_settings", lambda: settings)
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
    engine.dispose()


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
    assert users.allowed and {u["email"] for u in users.users} == {"boss@example.com", "w@example.com", "v@example.com"}
    AdminUsersState.set_role.fn(users, str(ids["victim"]), "admin")
    AdminUsersState.set_active.fn(users, str(ids["victim"]), False)
    active, role, _hash = _victim(ids)
    assert role == Role.ADMIN and active is False
    AdminUsersState.set_role.fn(users, str(ids["admin"]), "writer")  # demoting oneself: refused, said clearly
    assert users.error == "admin.cannot_demote_self"
    audit = _state(AdminAuditState, tokens["admin"])
    AdminAuditState.load.fn(audit)
    assert {"admin.role_changed", "admin.user_deactivated"} <= {e["action"] for e in audit.events}
