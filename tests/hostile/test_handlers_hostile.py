"""The corpus through the Reflex handlers, called the way a browser (or a hand-made websocket
event) can call any public handler with any arguments: never an exception (Reflex's generic
error), always a clear message (a key of the translation table), other writers untouched."""

from __future__ import annotations

import pytest

from tests.factories import make_admin, make_task, make_writer
from tests.hostile.corpus import ID_VALUES, IDS, TEXTS, XSS, assert_inert, body_payloads, tried
from tests.support.aio import run
from writers_app import db as db_module
from writers_app.core.ids import parse_id
from writers_app.i18n import MESSAGES
from writers_app.models import ApiToken, Task, User, Webhook
from writers_app.services import api_tokens, webhooks

KEYS = MESSAGES["en"]


@pytest.fixture
def people(app_db, settings, queued_tasks):
    """An admin, an attacking writer, and a victim with a task, a token and a webhook."""
    with db_module.session_scope() as session:
        admin = make_admin(session, settings, display_name="Boss")
        writer = make_writer(session, settings, display_name="Attacker")
        victim = make_writer(session, settings, display_name="Victim")
        task = make_task(session, victim, title="Victim's piece", body_html="<p>Victim words.</p>")
        mine = make_task(session, writer, title="Mine", body_html="<p>My words.</p>")
        api_tokens.create_token(session=session, owner_id=victim.id, name="victim token", scope="read")
        webhooks.create_webhook(session=session, settings=settings.model_copy(update={"webhooks_allow_private": True}),
                                owner_id=victim.id, url="http://127.0.0.1:9/victim")
    return {"admin": admin, "writer": writer, "victim": victim, "task": task.id, "mine": mine.id}


def victim_snapshot(victim_id: int) -> tuple:
    """Everything of the victim's a hostile call could change, as plain values."""
    with db_module.session_scope() as session:
        user = session.get(User, victim_id)
        tasks = sorted((t.id, t.title, t.body_html, t.status, t.revision, t.word_goal, t.due_date)
                       for t in session.query(Task).filter_by(owner_id=victim_id))
        tokens = sorted((t.id, t.name, t.revoked_at) for t in session.query(ApiToken).filter_by(user_id=victim_id))
        hooks = sorted((h.id, h.url) for h in session.query(Webhook).filter_by(owner_id=victim_id))
        return (user.display_name, user.email, user.role, user.is_active, user.password_hash), tasks, tokens, hooks


def _clear(key: str) -> None:
    assert key == "" or key in KEYS, f"{key!r} is not a message the UI can show"


ALL_IDS = IDS + ID_VALUES


def _bad(raw) -> bool:  # noqa: ANN001
    return parse_id(raw) is None


@pytest.mark.parametrize("handler", ["show", "set_active", "set_role", "force_reset"])
def test_admin_user_handlers_answer_not_found_for_any_bad_id(people, signed_in, handler):
    from writers_app.pages.admin.users import AdminUsersState

    before = victim_snapshot(people["victim"].id)
    state = signed_in(AdminUsersState, people["admin"])
    AdminUsersState.load.fn(state)
    extra = {"set_active": (False,), "set_role": ("admin",)}.get(handler, ())
    for raw in ALL_IDS:
        state.error = state.notice = ""
        getattr(AdminUsersState, handler).fn(state, raw, *extra)
        if _bad(raw) or raw == str(2**63 - 1):
            assert state.error == "error.not_found", (raw, state.error)
        _clear(state.error)
        assert state.allowed  # the admin keeps the page
    tried("handlers", len(ALL_IDS))
    assert victim_snapshot(people["victim"].id) == before


@pytest.mark.parametrize("page, handler", [("tasks", "reanalyse"), ("tasks", "remove"), ("jobs", "retry")])
def test_admin_task_handlers_answer_a_toast_for_any_bad_id(people, signed_in, queued_tasks, page, handler):
    from writers_app.pages.admin.jobs import AdminJobsState
    from writers_app.pages.admin.tasks import AdminTasksState

    cls = {"tasks": AdminTasksState, "jobs": AdminJobsState}[page]
    before = victim_snapshot(people["victim"].id)
    state = signed_in(cls, people["admin"])
    cls.load.fn(state)
    for raw in ALL_IDS:
        result = getattr(cls, handler).fn(state, raw)
        if _bad(raw):
            assert result is not None and "Not found." in str(result), (raw, result)
        assert state.allowed
    tried("handlers", len(ALL_IDS))
    assert victim_snapshot(people["victim"].id) == before and queued_tasks == []


def test_the_admin_toast_speaks_the_admins_language(app_db, settings, signed_in):
    from writers_app.pages.admin.tasks import AdminTasksState
    from writers_app.services import auth

    with db_module.session_scope() as session:
        admin = make_admin(session, settings)
        auth.set_language(session=session, user_id=admin.id, language="fa")
    state = signed_in(AdminTasksState, admin)
    assert MESSAGES["fa"]["error.not_found"] in str(AdminTasksState.remove.fn(state, str(2**64)))


def test_a_writer_sending_bad_ids_to_admin_handlers_learns_nothing(people, signed_in):
    from writers_app.pages.admin.tasks import AdminTasksState
    from writers_app.pages.admin.users import AdminUsersState

    before = victim_snapshot(people["victim"].id)
    users = signed_in(AdminUsersState, people["writer"])
    tasks = signed_in(AdminTasksState, people["writer"])
    for raw in ALL_IDS + [str(people["victim"].id), str(people["task"])]:
        AdminUsersState.set_active.fn(users, raw, False)
        AdminTasksState.remove.fn(tasks, raw)
        assert users.users == [] and users.details == {} and tasks.tasks == []
    tried("handlers", 2 * len(ALL_IDS))
    assert victim_snapshot(people["victim"].id) == before


def test_token_and_webhook_handlers_answer_not_found_for_bad_or_foreign_ids(people, signed_in):
    from writers_app.pages.settings.tokens import ApiTokensState
    from writers_app.pages.webhooks import WebhooksState

    before = victim_snapshot(people["victim"].id)
    _v, _t, victim_tokens, victim_hooks = before
    tokens = signed_in(ApiTokensState, people["writer"])
    hooks = signed_in(WebhooksState, people["writer"])
    foreign_tokens = [str(victim_tokens[0][0]), victim_tokens[0][0]]
    foreign_hooks = [str(victim_hooks[0][0]), victim_hooks[0][0]]
    for raw in ALL_IDS + foreign_tokens:
        tokens.pat_error = ""
        ApiTokensState.revoke_token.fn(tokens, raw)
        assert tokens.pat_error == "error.not_found", (raw, tokens.pat_error)
    for raw in ALL_IDS + foreign_hooks:
        for handler in (WebhooksState.remove, WebhooksState.send_test):
            hooks.error = ""
            handler.fn(hooks, raw)
            assert hooks.error == "error.not_found", (raw, hooks.error)
    tried("handlers", 3 * len(ALL_IDS) + 6)
    assert victim_snapshot(people["victim"].id) == before


def test_text_fields_of_the_editor_take_any_text(people, signed_in):
    from writers_app.pages.editor.state import EditorState

    before = victim_snapshot(people["victim"].id)
    editor = signed_in(EditorState, people["writer"], params={"task_id": str(people["mine"])})
    EditorState.load.fn(editor)
    assert editor.found
    for text in TEXTS:
        EditorState.rename.fn(editor, text)
        with db_module.session_scope() as session:
            assert session.get(Task, people["mine"]).title == editor.title  # what is shown is what is stored
        for handler, key in ((EditorState.set_goal, "task.goal_invalid"), (EditorState.set_due, "task.due_invalid")):
            editor.error = ""
            handler.fn(editor, text)
            assert editor.error in ("", key)
    for value in IDS + [str(10**12), "-5", "1e3"]:
        editor.error = ""
        EditorState.set_goal.fn(editor, value)
        _clear(editor.error)
    tried("handlers", 3 * len(TEXTS) + len(IDS) + 3)
    assert victim_snapshot(people["victim"].id) == before


def test_searches_and_filters_take_any_text(people, signed_in):
    from writers_app.pages.admin.audit import AdminAuditState
    from writers_app.pages.admin.tasks import AdminTasksState
    from writers_app.pages.admin.users import AdminUsersState
    from writers_app.pages.dashboard.state import DashboardState

    dashboard = signed_in(DashboardState, people["writer"])
    users = signed_in(AdminUsersState, people["admin"])
    tasks = signed_in(AdminTasksState, people["admin"])
    audit = signed_in(AdminAuditState, people["admin"])
    for text in TEXTS:
        DashboardState.set_search.fn(dashboard, text)
        DashboardState.set_status_filter.fn(dashboard, text)
        DashboardState.set_sort.fn(dashboard, text)
        _clear(dashboard.error)
        assert all(item.id != people["task"] for item in dashboard.items)
        AdminUsersState.set_search.fn(users, text)
        AdminUsersState.set_role_filter.fn(users, text)
        AdminTasksState.set_search.fn(tasks, text)
        AdminAuditState.set_action.fn(audit, text)
        _clear(users.error)
        assert users.allowed and tasks.allowed and audit.allowed
    tried("handlers", 7 * len(TEXTS))


def test_dashboard_bulk_actions_take_any_selection(people, signed_in, queued_tasks):
    from writers_app.pages.dashboard.state import DashboardState

    before = victim_snapshot(people["victim"].id)
    dashboard = signed_in(DashboardState, people["writer"])
    selection = [str(x) for x in ALL_IDS] + [str(people["task"])]
    for handler in (DashboardState.analyse_selected, DashboardState.delete_selected):
        dashboard.selected = list(selection)
        handler.fn(dashboard)
        _clear(dashboard.error)
    for raw in ALL_IDS:  # a hand-made event can put anything in the selection
        DashboardState.toggle_selected.fn(dashboard, raw, True)
        DashboardState.retry.fn(dashboard, raw)
        DashboardState.analyse_selected.fn(dashboard)
        _clear(dashboard.error)
    tried("handlers", 2 * len(selection) + 3 * len(ALL_IDS))
    assert victim_snapshot(people["victim"].id) == before
    assert people["task"] not in queued_tasks


def test_settings_forms_take_any_text(people, signed_in):
    from writers_app.pages.settings.tokens import ApiTokensState
    from writers_app.pages.webhooks import WebhooksState

    before = victim_snapshot(people["victim"].id)
    tokens = signed_in(ApiTokensState, people["writer"])
    hooks = signed_in(WebhooksState, people["writer"])
    forms = [{"name": text, "scope": "read", "expires": "0"} for text in TEXTS]
    forms += [{"name": "n", "scope": text, "expires": text} for text in TEXTS]
    forms += [{"name": "n", "expires": str(10**12)}, {"name": "n", "expires": "-1"}, {"name": None}, {},
              {"name": ["x"], "scope": {"a": 1}}, {"name": "n", "expires": "9" * 5000}]
    for form in forms:
        ApiTokensState.create_token.fn(tokens, form)
        _clear(tokens.pat_error)
        if tokens.new_token:  # created: revoke again so the 20-token cap never hides a later answer
            ApiTokensState.revoke_token.fn(tokens, str(tokens.pat_rows[0].id))
    urls = TEXTS + [f"http://127.0.0.1/{x}" for x in XSS[:5]] + [
        "http://[::1/hook", "http://example.com:99999/", "http://]x[/", "javascript:alert(1)", "file:///etc/passwd",
        "http://[::ffff:127.0.0.1]/", "http://0x7f.1/", "http://2130706433/", "gopher://127.0.0.1:6379/_FLUSHALL",
        "http://" + "a" * 5000 + ".com/", "http://user:pass@127.0.0.1/", "http://127.0.0.1:6379/\r\nFLUSHALL"]
    for url in urls:
        hooks.error = ""
        WebhooksState.add.fn(hooks, {"url": url})
        _clear(hooks.error)
    WebhooksState.add.fn(hooks, {"url": None})
    WebhooksState.add.fn(hooks, {})
    tried("handlers", len(forms) + len(urls) + 2)
    assert victim_snapshot(people["victim"].id) == before


def test_the_editor_save_takes_hostile_blocks(people, signed_in):
    from writers_app.pages.editor.state import EditorState
    from writers_app.services import tasks as task_service

    editor = signed_in(EditorState, people["writer"], params={"task_id": str(people["mine"])})
    before = victim_snapshot(people["victim"].id)
    bodies = body_payloads()
    for i, body in enumerate(bodies):
        with db_module.session_scope() as session:
            current = task_service.get_task(session=session, owner_id=people["writer"].id, task_id=people["mine"])
        payload = {"save_id": f"s{i}", "task_id": people["mine"], "base_revision": current.revision, "start": 0,
                   "delete_count": None, "blocks": [body]}
        run(EditorState.save.fn(editor, payload))
        assert editor.ack["save_id"] == f"s{i}" and editor.ack["error"] != "error.server", (body[:80], editor.ack)
        _clear(editor.ack["error"])
        with db_module.session_scope() as session:
            stored = session.get(Task, people["mine"])
            if editor.ack["error"] == "":
                assert stored.revision == editor.ack["revision"] and stored.word_count == editor.ack["words"]
            assert_inert(stored.body_html)
    for task_id in ID_VALUES + [people["task"], 2**63, -(2**70)]:  # ids that are not the writer's
        run(EditorState.save.fn(editor, {"save_id": "x", "task_id": task_id, "base_revision": 0, "start": 0,
                                         "blocks": ["<p>overwrite</p>"]}))
        assert editor.ack["error"] in ("error.not_found", "error.bad_input"), (task_id, editor.ack)
    tried("handlers", len(bodies) + len(ID_VALUES) + 3)
    assert victim_snapshot(people["victim"].id) == before


def test_password_forms_take_any_text(people, signed_in):
    from tests.factories import PASSWORD
    from writers_app.pages.password_reset import ForgotPasswordState, ResetPasswordState, ask_for_reset_link
    from writers_app.pages.settings.password import PasswordState

    before = victim_snapshot(people["victim"].id)
    state = signed_in(PasswordState, people["writer"])
    current = PASSWORD
    values = TEXTS + ["\ud800" * 12, "long enough \x00 with a nul", "x" * 5000]
    for value in values:
        for form in ({"current_password": value, "new_password": value},
                     {"current_password": current, "new_password": value}, {"current_password": [value]}, {}):
            run(PasswordState.change_password.fn(state, form))
            _clear(state.password_error)
            if state.password_notice == "settings.password_changed":
                current = str(form["new_password"])
    forgot = signed_in(ForgotPasswordState)
    reset = signed_in(ResetPasswordState, params={"token": "x"})
    for value in values[:60]:
        notice, error = ask_for_reset_link(email=value, language=value, ip="127.0.0.1")
        _clear(notice), _clear(error)
        run(ForgotPasswordState.submit.fn(forgot, {"email": value}))
        _clear(forgot.error), _clear(forgot.notice)
        run(ResetPasswordState.submit.fn(reset, {"new_password": value}))
        _clear(reset.error)
    tried("handlers", 4 * len(values) + 3 * 60)
    assert victim_snapshot(people["victim"].id) == before


# --- profile and data ---
def test_profile_names_and_confirmation_tokens_from_the_corpus_are_answered_with_a_message(people, signed_in):
    from writers_app.pages.profile.state import ProfileState
    from tests.factories import PASSWORD
    from writers_app.services import account, profile, ratelimit
    from writers_app.services.auth import MAX_NAME_LENGTH
    from writers_app.settings import get_settings
    from writers_app.services.errors import ServiceError

    writer, victim = people["writer"], people["victim"]
    before = victim_snapshot(victim.id)
    ratelimit.reset_memory()
    for text in TEXTS:
        state = signed_in(ProfileState, writer)
        ProfileState.save_name.fn(state, {"display_name": text})
        assert (state.name_error in KEYS) or state.name_notice == "profile.name_saved", text
        assert len(state.display_name) <= MAX_NAME_LENGTH and "\x00" not in state.display_name
        with pytest.raises(ServiceError) as refused, db_module.session_scope() as session:
            profile.confirm_email_change(session=session, token=text)
        assert refused.value.code == "profile.email_link_invalid"
        for new_email, password in ((text, PASSWORD), ("fresh@example.com", text)):
            with pytest.raises(ServiceError) as refused, db_module.session_scope() as session:
                profile.request_email_change(session=session, settings=get_settings(), user_id=writer.id,
                                             new_email=new_email, password=password)
            assert refused.value.code in KEYS, text
        with pytest.raises(ServiceError) as refused:
            account.delete_account_and_files(settings=get_settings(), user_id=writer.id, password=text)
        assert refused.value.code in {"auth.current_password_wrong", "auth.rate_limited"}  # guessing is limited
    tried("handlers", 5 * len(TEXTS))
    assert victim_snapshot(victim.id) == before
