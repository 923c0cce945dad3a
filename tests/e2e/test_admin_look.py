"""What an admin sees: tabs that say where you are, tables in the reader's direction that a phone
can scroll, an audit log that names people and keeps dates on one line, a user row that opens
its details; and the copy button of a new API token."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.e2e.helpers import at, goto, in_language, login
from tests.factories import make_task
from writers_app.db import make_engine
from writers_app.models import User, UserPublic
from writers_app.services import users as user_service

pytestmark = pytest.mark.e2e


def _as_admin(server, context, page, *, lang: str = "en") -> tuple[str, str]:  # noqa: ANN001
    """A writer whose role the admin changed (two audit events), the admin signed in on `page`."""
    writer = server.create_user(name="Looked At")
    admin = server.create_user(name="Looking Admin", admin=True)
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        writer_id = session.query(User).filter(User.email == writer).one().id
        actor = UserPublic.model_validate(session.query(User).filter(User.email == admin).one(), from_attributes=True)
        user_service.set_role(session=session, actor=actor, user_id=writer_id, role="admin", ip="127.0.0.1")
        user_service.set_role(session=session, actor=actor, user_id=writer_id, role="writer", ip="127.0.0.1")
        session.commit()
    engine.dispose()
    context.add_cookies([{"name": "writers_lang", "value": lang, "url": server.base_url}])
    login(page, server.base_url, admin)
    page.wait_for_url(at("/dashboard"))
    in_language(page, lang)
    return writer, admin


def test_the_current_tab_is_marked(app_server, context, page):
    _as_admin(app_server, context, page)
    for path, name in (("/admin", "users"), ("/admin/audit", "audit"), ("/admin/jobs", "jobs")):
        goto(page, app_server.base_url + path)
        expect(page.locator(f"#admin-nav-{name}")).to_have_attribute("aria-current", "page")
        expect(page.locator("#admin-nav [aria-current]")).to_have_count(1)
        current = page.locator(f"#admin-nav-{name}").evaluate("e => getComputedStyle(e).backgroundColor")
        other = page.locator("#admin-nav-tasks").evaluate("e => getComputedStyle(e).backgroundColor")
        assert current != other


def test_in_persian_the_users_table_runs_from_the_right(app_server, context, page):
    _as_admin(app_server, context, page, lang="fa")
    goto(page, app_server.base_url + "/admin")
    headers = page.locator("#users-table th")
    expect(headers.first).to_have_text("نام")
    styles = headers.evaluate_all("cells => cells.map(c => [getComputedStyle(c).direction, getComputedStyle(c).textAlign,"
                                  " c.getBoundingClientRect().left])")
    assert all(direction == "rtl" for direction, _, _ in styles)
    assert all(align in ("start", "right") for _, align, _ in styles)
    lefts = [left for _, _, left in styles]
    assert lefts == sorted(lefts, reverse=True)  # the first column is the rightmost


def test_the_name_column_is_headed_name(app_server, context, page):
    _as_admin(app_server, context, page)
    goto(page, app_server.base_url + "/admin")
    expect(page.locator("#users-table th").first).to_have_text("Name")


def test_the_audit_log_names_people_and_keeps_dates_on_one_line(app_server, context, page):
    writer, admin = _as_admin(app_server, context, page)
    page.set_viewport_size({"width": 390, "height": 844})
    goto(page, app_server.base_url + "/admin/audit")
    # On a phone each event is a card: nothing runs off the screen, dates on one line.
    expect(page.locator(".audit-row").first).to_be_hidden()
    row = page.locator('.audit-card[data-action="admin.role_changed"]').first
    expect(row.locator(".audit-actor")).to_have_text(admin)
    expect(row.locator(".audit-target")).to_have_text(writer)
    expect(row).to_contain_text("From:")
    expect(row).not_to_contain_text("before=")
    lines = row.locator(".audit-when bdi").evaluate(
        "e => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight))")
    assert lines == 1
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")
    overflowing = page.locator(".audit-card *").evaluate_all(
        "els => els.filter(e => { const r = e.getBoundingClientRect(); return r.width && (r.left < 0 || r.right > 391); }).length")
    assert overflowing == 0
    # On a desktop the table holds the same events.
    page.set_viewport_size({"width": 1366, "height": 900})
    desk = page.locator('.audit-row[data-action="admin.role_changed"]').first
    expect(desk.locator(".audit-actor")).to_have_text(admin)
    assert desk.locator(".audit-when bdi").evaluate(
        "e => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight))") == 1


def test_clicking_a_user_row_opens_their_details(app_server, context, page):
    writer, _admin = _as_admin(app_server, context, page)
    goto(page, app_server.base_url + "/admin")
    expect(page.locator("#user-details")).to_have_count(0)
    page.locator(f'.user-row[data-email="{writer}"] td').first.click()
    expect(page.locator("#user-details")).to_contain_text(writer)
    expect(page.locator("#user-details")).to_contain_text("Looked At")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_on_a_phone_every_field_of_every_user_is_on_screen(app_server, context, page, lang):
    writer, _admin = _as_admin(app_server, context, page, lang=lang)
    page.set_viewport_size({"width": 390, "height": 844})
    goto(page, app_server.base_url + "/admin")
    card = page.locator(f'.user-card[data-email="{writer}"]')
    expect(card).to_be_visible()
    expect(page.locator("#users-table")).to_be_hidden()  # the wide table is for wider screens
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")  # nothing sideways
    card.scroll_into_view_if_needed()
    for part in (card.locator(".rt-Badge").first, card.locator(".rt-Badge").nth(1), card.get_by_text(writer),
                 card.locator(".user-actions")):
        box = part.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    joined = {"en": "Joined", "fa": "تاریخ پیوستن"}[lang]
    expect(card).to_contain_text(joined)
    card.locator(".user-actions").click()
    expect(page.get_by_role("menuitem").first).to_be_visible()
    page.keyboard.press("Escape")
    card.click()
    expect(page.locator("#user-details")).to_contain_text(writer)


def test_the_copy_button_puts_the_new_token_on_the_clipboard(app_server, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        email = app_server.create_user(name="Copier")
        login(page, app_server.base_url, email)
        page.wait_for_url(at("/dashboard"))
        goto(page, app_server.base_url + "/settings")
        page.fill("#token-name", "to copy")
        page.click("#create-token")
        token = page.locator("#new-token").inner_text()
        assert len(token) > 20
        expect(page.locator("#copy-token")).to_have_text("Copy")
        page.click("#copy-token")
        expect(page.locator("#copy-token")).to_have_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()") == token
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_system_checks_speak_the_readers_language(app_server, context, page, lang):
    _as_admin(app_server, context, page, lang=lang)
    page.set_viewport_size({"width": 390, "height": 844})
    goto(page, app_server.base_url + "/admin/system")
    checks = page.locator("#health-checks")
    expect(checks.locator(".health-check")).to_have_count(3)
    worker = checks.locator(".health-check").nth(2)
    if lang == "fa":
        expect(worker).to_contain_text("زنده از")
        for english in ("alive", "seen", "embedded", "ping"):
            expect(checks).not_to_contain_text(english)
    else:
        expect(worker).to_contain_text("alive of")
    # On a phone a long value (the database URL, a path) wraps under its name, inside the card.
    expect(page.locator("#config-table .name-value").first).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")
    overflowing = page.locator("#admin-system .name-value span, #admin-system .health-check > *").evaluate_all(
        "els => els.filter(e => { const r = e.getBoundingClientRect(); return r.left < 0 || r.right > 391; }).length")
    assert overflowing == 0
    # The jobs page names the worker's mode in the reader's language too.
    goto(page, app_server.base_url + "/admin/jobs")
    seen = page.locator("#worker-heartbeats .worker-seen").first
    expect(seen).to_contain_text({"en": "in the app", "fa": "درون برنامه"}[lang])
    if lang == "fa":
        expect(page.locator("#worker-heartbeats")).not_to_contain_text("embedded")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_on_a_phone_the_pieces_are_cards_with_whole_titles(app_server, context, page, lang):
    writer, _admin = _as_admin(app_server, context, page, lang=lang)
    title = {"en": "A long title that needs the whole line", "fa": "عنوانی بلند که همهٔ خط را می‌خواهد"}[lang]
    engine = make_engine(app_server.settings.database_url)
    with Session(engine) as session:
        make_task(session, session.query(User).filter(User.email == writer).one(), title=title,
                  body_html="<p>Words to count here.</p>")
        session.commit()
    engine.dispose()
    page.set_viewport_size({"width": 390, "height": 844})
    goto(page, app_server.base_url + "/admin/tasks")
    card = page.locator(".admin-task-card", has_text=title)
    expect(card).to_be_visible()
    expect(page.locator(".admin-task-row").first).to_be_hidden()
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")
    heading = card.get_by_text(title)
    lines = heading.evaluate("e => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight))")
    assert lines == 1  # not one word per line
    for part in (card.locator(".admin-reanalyse"), card.locator(".admin-delete"), card.locator(".rt-Badge").first):
        box = part.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
