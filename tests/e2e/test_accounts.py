"""Accounts in a real browser against the real prod server."""

from __future__ import annotations

import re
import subprocess
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import BIN, ROOT
from tests.e2e.helpers import at, goto, login, login_and_wait, logout, session_cookie
from tests.factories import PASSWORD
from writers_app.i18n import MESSAGES
from writers_app.services.mail import latest_outbox_mail

pytestmark = pytest.mark.e2e
EN, FA = MESSAGES["en"], MESSAGES["fa"]


def test_register_see_dashboard_and_log_out(app_server, page, context):
    email = f"new{uuid.uuid4().hex[:8]}@Example.com"
    goto(page, app_server.base_url + "/register")
    page.fill("#display_name", "Shirin Writer")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("#register-submit")
    page.wait_for_url(at("/dashboard"))
    expect(page.locator("#dashboard-title")).to_have_text(EN["dashboard.title"])
    expect(page.locator("#dashboard-welcome")).to_contain_text("Shirin Writer")
    # Signing up here brings a sample piece (SAMPLE_PIECE, on by default; test_getting_started.py).
    expect(page.locator(".task-row .task-link")).to_have_text(EN["sample.title"])

    cookie = session_cookie(context)
    assert cookie and cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    logout(page)
    expect(page.locator("#login-notice")).to_have_text(EN["auth.logged_out"])
    assert session_cookie(context) is None
    goto(page, app_server.base_url + "/dashboard")
    page.wait_for_url(at("/login", "next=%2Fdashboard"))


def test_registration_errors_keep_the_input(app_server, page):
    goto(page, app_server.base_url + "/register")
    page.fill("#display_name", "Second Person")
    page.fill("#email", "secondperson@example.com")
    page.fill("#password", "secondperson")  # the address's own name: refused by the server
    page.click("#register-submit")
    expect(page.locator("#register-error")).to_have_text(EN["auth.password_is_email"])
    expect(page.locator("#display_name")).to_have_value("Second Person")
    expect(page.locator("#email")).to_have_value("secondperson@example.com")


def test_registering_a_taken_address_says_check_your_mail_and_tells_the_owner(app_server, page):
    email = app_server.create_user()
    goto(page, app_server.base_url + "/register")
    page.fill("#display_name", "Second Person")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("#register-submit")
    page.wait_for_url(at("/login", "notice=auth.register_check_mail"))
    expect(page.locator("#login-notice")).to_have_text(EN["auth.register_check_mail"])
    expect(page.locator("#email")).to_have_value(email)
    mail = latest_outbox_mail(app_server.settings, email)
    assert mail is not None and "/forgot-password" in mail.get_content()


def test_wrong_password_and_unknown_email_get_the_same_message(app_server, page):
    email = app_server.create_user()
    login(page, app_server.base_url, email, "not the password")
    expect(page.locator("#login-error")).to_have_text(EN["auth.invalid_credentials"])
    expect(page.locator("#email")).to_have_value(email)
    login(page, app_server.base_url, "nobody-" + email, PASSWORD)
    expect(page.locator("#login-error")).to_have_text(EN["auth.invalid_credentials"])
    login_and_wait(page, app_server.base_url, email)


def test_protected_url_goes_to_login_and_back(app_server, page):
    email = app_server.create_user()
    goto(page, app_server.base_url + "/settings")
    page.wait_for_url(at("/login", "next=%2Fsettings"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(at("/settings"))
    expect(page.locator("#change-password-submit")).to_be_visible()


def test_old_cookie_is_refused_after_logout(app_server, browser, page, context):
    email = app_server.create_user()
    login_and_wait(page, app_server.base_url, email)
    stolen = session_cookie(context)
    logout(page)

    other = browser.new_context()
    other.add_cookies([stolen])
    thief = other.new_page()
    goto(thief, app_server.base_url + "/dashboard")
    thief.wait_for_url(at("/login", "next=%2Fdashboard"))
    expect(thief.locator("#dashboard-title")).to_have_count(0)
    other.close()


def test_persian_switches_the_page_to_rtl_and_is_remembered(app_server, browser, page):
    email = app_server.create_user()
    goto(page, app_server.base_url + "/login")
    expect(page.locator("h1, h2, h3").first).to_have_text(EN["auth.login_title"])
    page.click("#lang-switch")
    expect(page.locator("#page-root")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1, h2, h3").first).to_have_text(FA["auth.login_title"])
    assert page.evaluate("getComputedStyle(document.querySelector('#page-root')).direction") == "rtl"
    page.reload()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")  # set before React draws
    expect(page.locator("#page-root")).to_have_attribute("dir", "rtl")

    # Logged in, the choice is stored on the account and follows the writer to a new browser.
    login_and_wait(page, app_server.base_url, email)
    # At login the account's stored language (English here) wins over the visitor's choice.
    expect(page.locator("#page-root")).to_have_attribute("dir", "ltr")
    page.click("#lang-switch")  # en -> fa, saved for the user
    expect(page.locator("#dashboard-title")).to_have_text(FA["dashboard.title"])
    fresh = browser.new_context()
    other = fresh.new_page()
    login_and_wait(other, app_server.base_url, email)
    expect(other.locator("#page-root")).to_have_attribute("dir", "rtl")
    expect(other.locator("#dashboard-title")).to_have_text(FA["dashboard.title"])
    fresh.close()


def test_no_token_hash_or_password_reaches_the_browser(app_server, page, context):
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))))
    email = app_server.create_user(name="Secret Keeper")
    login_and_wait(page, app_server.base_url, email)
    goto(page, app_server.base_url + "/settings")
    expect(page.locator(".session-row").first).to_be_visible()
    page.click("#lang-switch")
    token = session_cookie(context)["value"]
    everything = "\n".join(frames) + page.content()
    assert "Secret Keeper" in everything  # the frames were captured
    for secret in (token, token.split(".")[1], PASSWORD, "$2b$", app_server.env["SECRET_KEY"]):
        assert secret not in everything
    assert "writers_session" not in "\n".join(frames)


def test_changing_the_password_logs_out_the_other_sessions(app_server, browser, page):
    email = app_server.create_user()
    login_and_wait(page, app_server.base_url, email)
    elsewhere_ctx = browser.new_context()
    elsewhere = elsewhere_ctx.new_page()
    login_and_wait(elsewhere, app_server.base_url, email)
    goto(elsewhere, app_server.base_url + "/settings")
    expect(elsewhere.locator("#logout-others")).to_be_visible()

    goto(page, app_server.base_url + "/settings")
    page.fill("#current_password", "wrong password!")
    page.fill("#new_password", "a brand new password")
    page.click("#change-password-submit")
    expect(page.locator("#password-error")).to_have_text(EN["auth.current_password_wrong"])
    page.fill("#current_password", PASSWORD)
    page.fill("#new_password", "a brand new password")
    page.click("#change-password-submit")
    expect(page.locator("#password-notice")).to_have_text(EN["settings.password_changed"])

    # The other tab is still on a loaded page: its next action is refused by the handler.
    elsewhere.click("#logout-others")
    elsewhere.wait_for_url(at("/login", "next=%2Fsettings"))
    elsewhere_ctx.close()
    # This session lives on, and the new password works.
    page.reload()
    expect(page.locator("#change-password-submit")).to_be_visible()


def test_log_out_my_other_sessions(app_server, browser, page):
    email = app_server.create_user()
    other_ctx = browser.new_context()
    other = other_ctx.new_page()
    login_and_wait(other, app_server.base_url, email)
    login_and_wait(page, app_server.base_url, email)
    goto(page, app_server.base_url + "/settings")
    expect(page.locator(".session-row")).to_have_count(2)
    page.click("#logout-others")
    expect(page.locator("#sessions-notice")).to_contain_text("1")
    expect(page.locator(".session-row")).to_have_count(1)
    goto(other, app_server.base_url + "/dashboard")
    other.wait_for_url(at("/login", "next=%2Fdashboard"))
    other_ctx.close()


def test_forgotten_password_by_mail(app_server, browser, page):
    email = app_server.create_user()
    goto(page, app_server.base_url + "/forgot-password")
    page.fill("#email", email)
    page.click("#forgot-submit")
    minutes = str(app_server.settings.password_reset_minutes)  # the page and the mail say the same lifetime
    expect(page.locator("#forgot-notice")).to_have_text(EN["auth.forgot_sent"].replace("{minutes}", minutes))
    mail = latest_outbox_mail(app_server.settings, email)
    link = re.search(r"http\S+/reset-password\?token=\S+", mail.get_content()).group(0)
    goto(page, link)
    page.fill("#new_password", "reset to this password")
    page.click("#reset-submit")
    expect(page.locator("#reset-done")).to_be_visible()
    login_and_wait(page, app_server.base_url, email, "reset to this password")
    # The link works once: opened again elsewhere, it says so at once and offers a new one.
    other_ctx = browser.new_context()
    other = other_ctx.new_page()
    goto(other, link)
    expect(other.locator("#reset-error")).to_have_text(EN["auth.reset_link_invalid"])
    expect(other.locator("#ask-new-link")).to_be_visible()
    expect(other.locator("#new_password")).to_have_count(0)
    other_ctx.close()


def test_admin_page_is_for_admins_only(app_server, browser, page):
    writer = app_server.create_user(name="Plain Writer")
    login_and_wait(page, app_server.base_url, writer)
    goto(page, app_server.base_url + "/admin")
    expect(page.locator("#not-found")).to_be_visible()
    expect(page.locator("#admin-users")).to_have_count(0)

    admin_email = f"admin{uuid.uuid4().hex[:8]}@example.com"
    subprocess.run([str(BIN / "python"), "-m", "writers_app.cli", "create-admin", "--email", admin_email,
                    "--name", "Head Admin", "--password-stdin"], input=PASSWORD + "\n", text=True,
                   cwd=ROOT, env=app_server.env, check=True, capture_output=True)
    admin_ctx = browser.new_context()
    admin = admin_ctx.new_page()
    login_and_wait(admin, app_server.base_url, admin_email)
    goto(admin, app_server.base_url + "/admin")
    expect(admin.locator("#admin-users")).to_contain_text(writer)
    admin_ctx.close()
