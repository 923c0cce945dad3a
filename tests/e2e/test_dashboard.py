"""The dashboard in Chromium: summary, search, status filter, keyset pages, bulk delete."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.e2e.helpers import goto, in_language, login_and_wait
from tests.factories import make_task
from writers_app.db import make_engine
from writers_app.services import auth

pytestmark = pytest.mark.e2e


def _seed(server, email: str, count: int) -> None:
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        owner = auth.get_user_by_email(session=session, email=email)
        for i in range(count):
            body = "<p>snow on the hills</p>" if i == 3 else f"<p>{'word ' * (i + 1)}</p>"
            make_task(session, owner, title=f"Piece {i:02d}", body_html=body)
        session.commit()
    engine.dispose()


def test_dashboard_lists_searches_pages_and_deletes(app_server, page):
    email = app_server.create_user()
    _seed(app_server, email, 25)
    login_and_wait(page, app_server.base_url, email)
    goto(page, app_server.base_url + "/dashboard")
    expect(page.locator("#total-tasks")).to_have_text("25")
    expect(page.locator(".task-row")).to_have_count(20)  # first keyset page
    page.click("#load-more")
    expect(page.locator(".task-row")).to_have_count(25)
    expect(page.locator("#load-more")).to_have_count(0)

    page.fill("#task-search", "snow")
    expect(page.locator(".task-row")).to_have_count(1)
    expect(page.locator(".task-link")).to_have_text("Piece 03")
    page.fill("#task-search", "no such words anywhere")
    expect(page.locator("#dashboard-empty")).to_be_visible()
    page.fill("#task-search", "")
    expect(page.locator(".task-row")).to_have_count(20)

    page.locator(".task-row").nth(0).get_by_role("checkbox").click()
    page.locator(".task-row").nth(1).get_by_role("checkbox").click()
    page.click("#delete-selected")
    expect(page.locator("#total-tasks")).to_have_text("23")
    page.reload()
    expect(page.locator("#total-tasks")).to_have_text("23")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_dashboard_search_finds_persian_however_it_was_typed(app_server, page, lang):
    """Arabic ي/ك against Persian ی/ک, a space or nothing where the ZWNJ was, kashida and
    Persian digits: the search box finds the piece either way, in both interfaces."""
    email = app_server.create_user()
    engine = make_engine(app_server.settings.database_url)
    with Session(engine) as session:
        owner = auth.get_user_by_email(session=session, email=email)
        make_task(session, owner, title="نامه‌ها", body_html="<p>كتابي كه مي\u200cخواستم؛ فصل ۱۲</p>")
        make_task(session, owner, title="Other piece", body_html="<p>nothing Persian here</p>")
        session.commit()
    engine.dispose()
    login_and_wait(page, app_server.base_url, email)
    in_language(page, lang)
    expect(page.locator(".task-row")).to_have_count(2)
    for term in ("کتابی که می خواستم", "میخواستم", "نامه ها", "نامـــه", "فصل 12"):
        page.fill("#task-search", term)
        expect(page.locator(".task-row")).to_have_count(1)
        expect(page.locator(".task-link")).to_have_text("نامه‌ها")
    page.fill("#task-search", "کتابها")
    expect(page.locator("#dashboard-empty")).to_be_visible()
