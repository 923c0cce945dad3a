"""Reflex states as a browser tab would have them, signed in as a test user or anonymous.

Handlers are then called directly (`SomeState.handler.fn(state, ...)`), the way a browser can
call any public handler with any arguments. Everything here is public Reflex API except:

* `rx.State()` is instantiated by hand. Reflex allows that only under pytest (it checks
  PYTEST_CURRENT_TEST); the public alternative, a StateManager, needs a running app and an
  event loop for every handler call. So a state is built in a test or a fixture, not at import.
* `RouterData` is filled from a `router_data` dict (the shape the websocket delivers) through
  its public `from_router_data()`, because its page params live in the private `_page` field.
"""

from __future__ import annotations

from typing import TypeVar

import reflex as rx
from reflex.istate.data import RouterData

from tests.factories import make_session_token
from writers_app import db as db_module
from writers_app.models import User
from writers_app.services import sessions as session_service
from writers_app.settings import get_settings

S = TypeVar("S", bound=rx.State)


def open_session(user: User | int) -> str:
    """A new signed-in session of `user` in the app's database, as a login makes; the cookie's value."""
    with db_module.session_scope() as session:
        row = session.get(User, user if isinstance(user, int) else user.id)
        return make_session_token(session, row, get_settings())


def tab_state(state: rx.State, state_class: type[S]) -> S:
    """The `state_class` instance of the same tab (root state) as `state`."""
    root = state
    while root.parent_state is not None:
        root = root.parent_state
    return root.get_substate(state_class.get_full_name().split(".")[1:])


def signed_in_state(state_class: type[S], user: User | int | None = None, *, token: str | None = None,
                    params: dict[str, str] | None = None) -> S:
    """A `state_class` instance in a fresh tab whose cookie is a new session of `user` (or `token`,
    an existing session's cookie value); with neither, an anonymous visitor's tab. `params` are the
    page's dynamic route segments (e.g. {"task_id": "3"} for /tasks/[task_id])."""
    if token is None and user is not None:
        token = open_session(user)
    router_data: dict = {"headers": {"cookie": f"{session_service.SESSION_COOKIE}={token}" if token else ""}}
    if params:
        router_data["query"] = dict(params)
    root = rx.State()
    root.router = RouterData.from_router_data(router_data)  # the router lives on the root; substates read it
    return tab_state(root, state_class)
