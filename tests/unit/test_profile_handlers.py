"""The profile page's handlers, called the way a browser can call any public handler: each checks
the signed-in user itself (a visitor is sent to log in and nothing changes), the deletion form's
answer shown comes from a fixed list, and the confirmation page says so for a bad link."""

import pytest
from sqlmodel import func, select

from tests.factories import make_writer
from tests.support.states import tab_state
from writers_app import db as db_module
from writers_app.models import DataExport, User
from writers_app.pages.profile.confirm import ConfirmEmailState
from writers_app.pages.profile.export import ExportState
from writers_app.pages.profile.state import ProfileState
from writers_app.state.auth import AuthState


@pytest.fixture
def writer(signed_in, settings):
    with db_module.session_scope() as session:
        return make_writer(session, settings, display_name="Before")


def _exports() -> int:
    with db_module.session_scope() as session:
        return session.exec(select(func.count()).select_from(DataExport)).one()


def test_a_visitor_is_sent_to_log_in_and_nothing_changes(signed_in, writer):
    state = signed_in(ProfileState)
    assert ProfileState.save_name.fn(state, {"display_name": "Hijacked"}) is not None  # the login redirect
    assert ExportState.start.fn(signed_in(ExportState)) is not None and _exports() == 0
    assert ExportState.load.fn(signed_in(ExportState)) is not None
    with db_module.session_scope() as session:
        assert session.get(User, writer.id).display_name == "Before"


def test_a_writer_renames_themselves_and_starts_an_export(signed_in, writer):
    state = signed_in(ProfileState, writer)
    ProfileState.load.fn(state)
    assert state.display_name == "Before" and state.delete_error == ""
    refresh = ProfileState.save_name.fn(state, {"display_name": "  After  "})
    assert state.name_notice == "profile.name_saved" and refresh is not None  # AuthState.refresh redraws the menu
    AuthState.refresh.fn(tab_state(state, AuthState))
    assert tab_state(state, AuthState).display_name == "After"
    assert ProfileState.save_name.fn(state, {"display_name": " "}) is None and state.name_error == "auth.name_required"
    export = signed_in(ExportState, writer)
    ExportState.start.fn(export)
    assert export.export_status == "queued" and export.export_link == "" and _exports() == 1
    ExportState.start.fn(export)
    assert _exports() == 1  # one at a time


def test_only_known_deletion_answers_are_shown(signed_in, writer):
    from reflex import constants
    from reflex.istate.data import RouterData

    for query, shown in (("auth.current_password_wrong", "auth.current_password_wrong"),
                         ("profile.last_admin", "profile.last_admin"), ("<script>", ""), ("admin.secret", "")):
        state = signed_in(ProfileState, writer)
        root, cookie = state.parent_state, state.router.headers.cookie
        root.router = RouterData.from_router_data({"headers": {"cookie": cookie, "origin": "http://127.0.0.1"},
                                                   constants.RouteVar.ORIGIN: f"/profile?error={query}"})
        assert state.router.url.query_parameters.get("error") == query
        ProfileState.load.fn(state)
        assert state.delete_error == shown


def test_a_bad_confirmation_link_says_so(signed_in):
    state = signed_in(ConfirmEmailState)
    ConfirmEmailState.load.fn(state)
    assert state.confirm_error == "profile.email_link_invalid" and state.confirmed_email == "" and state.checked
