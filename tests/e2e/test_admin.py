"""Admin pages in Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import at, goto, login_and_wait

pytestmark = pytest.mark.e2e


def test_deactivating_a_logged_in_writer_ends_their_session_on_the_next_action(app_server, browser, page):
    writer_email = app_server.create_user(name="Soon Gone")
    writer_ctx = browser.new_context()
    writer = writer_ctx.new_page()
    login_and_wait(writer, app_server.base_url, writer_email)
    goto(writer, app_server.base_url + "/settings")
    expect(writer.locator("#logout-others")).to_be_visible()

    login_and_wait(page, app_server.base_url, app_server.create_user(name="Admin", admin=True))
    goto(page, app_server.base_url + "/admin")
    page.fill("#user-search", writer_email)
    expect(page.locator(".user-row")).to_have_count(1)  # the search has been applied
    row = page.locator(f'.user-row[data-email="{writer_email}"]')
    row.locator(".user-actions").click()
    page.get_by_role("menuitem", name="Deactivate").click()
    expect(page.locator("#admin-notice")).to_be_visible()
    expect(row).to_contain_text("Deactivated")

    writer.click("#logout-others")  # the writer's next action, on a page already open
    writer.wait_for_url(at("/login", "next=%2Fsettings"))
    writer_ctx.close()

    goto(page, app_server.base_url + "/admin/audit")
    expect(page.locator('.audit-row[data-action="admin.user_deactivated"]')).to_have_count(1)
