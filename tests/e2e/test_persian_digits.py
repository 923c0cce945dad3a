"""No Latin digit in the Persian interface of the admin pages, the account pages, settings and
the not-found page (what the writer wrote, codes and addresses aside: tests/support/digits.py).

Each page is opened in Persian with data that puts numbers and dates on it (a piece with words,
API tokens with an expiry, audit events with counts and ids)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.e2e.helpers import at, goto, in_language, login
from tests.factories import make_task, make_token
from tests.support.digits import latin_digits
from tests.support.screenshots import reset_token_from_outbox
from writers_app.db import make_engine
from writers_app.models import User, UserPublic
from writers_app.services import auth as auth_service
from writers_app.services import users as user_service

pytestmark = pytest.mark.e2e

VISITOR_PAGES = {"landing": "/", "login": "/login", "register": "/register", "reset-request": "/forgot-password",
                 "reset-form": "/reset-password?token={token}", "not-found": "/no-such-page/3"}
ADMIN_PAGES = {"admin-users": "/admin", "admin-tasks": "/admin/tasks", "admin-jobs": "/admin/jobs",
               "admin-system": "/admin/system", "admin-audit": "/admin/audit"}
_SEEDED: dict[str, dict] = {}


def _seed(server) -> dict:  # noqa: ANN001
    """Once per server: a writer with a piece and tokens, an admin who acted on them, a reset link."""
    if server.base_url in _SEEDED:
        return _SEEDED[server.base_url]
    writer = server.create_user(name="Digits Writer", language="fa")
    admin = server.create_user(name="Digits Admin", admin=True)
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        writer_row = session.query(User).filter(User.email == writer).one()
        admin_row = session.query(User).filter(User.email == admin).one()
        make_task(session, writer_row, title="Twelve 12", body_html="<p>One two three four five six seven.</p>")
        make_token(session, writer_row, name="script 2", expires_in_days=30)
        actor = UserPublic.model_validate(admin_row, from_attributes=True)
        user_service.set_role(session=session, actor=actor, user_id=writer_row.id, role="admin", ip="127.0.0.1")
        user_service.set_role(session=session, actor=actor, user_id=writer_row.id, role="writer", ip="127.0.0.1")
        session.commit()
        auth_service.request_password_reset(session=session, settings=server.settings, email=writer)
        session.commit()
    engine.dispose()
    token = reset_token_from_outbox(Path(server.settings.outbox_dir), writer)
    _SEEDED[server.base_url] = {"writer": writer, "admin": admin, "token": token}
    return _SEEDED[server.base_url]


def _in_persian(context, server) -> None:  # noqa: ANN001
    context.add_cookies([{"name": "writers_lang", "value": "fa", "url": server.base_url}])


def _assert_persian_digits(page) -> None:  # noqa: ANN001
    expect(page.locator("#page-root")).to_have_attribute("lang", "fa")
    page.wait_for_load_state("networkidle")
    assert latin_digits(page) == []


@pytest.mark.parametrize("name", list(VISITOR_PAGES))
def test_visitor_pages_in_persian_have_persian_digits(app_server, context, page, name):
    seed = _seed(app_server)
    _in_persian(context, app_server)
    goto(page, app_server.base_url + VISITOR_PAGES[name].format(token=seed["token"]))
    if name == "reset-form":
        expect(page.locator("#new_password")).to_be_visible()
    if name == "not-found":
        expect(page.locator("#not-found")).to_be_visible()
    if name == "reset-request":  # the notice says how long the link works
        page.fill("#email", "nobody@example.com")
        page.click("#forgot-submit")
        expect(page.locator("#forgot-notice")).to_contain_text("۳۰")
    _assert_persian_digits(page)


def test_settings_in_persian_have_persian_digits(app_server, context, page):
    seed = _seed(app_server)
    _in_persian(context, app_server)
    login(page, app_server.base_url, seed["writer"])
    page.wait_for_url(at("/dashboard"))
    in_language(page, "fa")
    goto(page, app_server.base_url + "/settings")
    expect(page.locator(".token-row")).not_to_have_count(0)
    _assert_persian_digits(page)


@pytest.mark.parametrize("name", list(ADMIN_PAGES))
def test_admin_pages_in_persian_have_persian_digits(app_server, context, page, name):
    seed = _seed(app_server)
    _in_persian(context, app_server)
    login(page, app_server.base_url, seed["admin"])
    page.wait_for_url(at("/dashboard"))
    in_language(page, "fa")
    goto(page, app_server.base_url + ADMIN_PAGES[name])
    expect(page.locator("#" + name)).to_be_visible()
    if name == "admin-audit":
        expect(page.locator(".audit-row")).not_to_have_count(0)
    if name == "admin-users":
        page.locator(f'.user-row[data-email="{seed["writer"]}"]').click()
        expect(page.locator("#user-details")).to_be_visible()
    _assert_persian_digits(page)
