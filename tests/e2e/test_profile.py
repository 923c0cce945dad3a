"""The profile page in Chromium, in English and Persian: change the display name and the interface
language; change the e-mail address through the link mailed to the new address (read from the
outbox); export everything and watch it move, then download the zip and look inside; delete the
account with a wrong then the right password, which logs out for good."""

from __future__ import annotations

import io
import re
import uuid
import zipfile

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.e2e.helpers import at, goto, in_language, login, login_and_wait, logout, session_cookie
from tests.factories import PASSWORD, make_task
from tests.support.digits import latin_digits
from writers_app.db import make_engine
from writers_app.i18n import MESSAGES
from writers_app.models import User
from writers_app.services import auth
from writers_app.services.mail import latest_outbox_mail

pytestmark = pytest.mark.e2e

NAMES = {"en": "Shirin Nouri", "fa": "شیرین نوری"}
PIECES = {"en": ("The river", "<p>The river was quiet that morning, and we walked along the bank.</p>"),
          "fa": ("رودخانه", "<p>آن روز صبح رود آرام بود و ما در کنار ساحل قدم زدیم.</p>")}
# Every value the export card's data-status takes, in order, recorded by the page itself.
WATCH_STATUS = """() => {
  window.__exportStatuses = [];
  const card = document.querySelector('#export-card');
  const note = () => window.__exportStatuses.push(card.getAttribute('data-status'));
  note();
  new MutationObserver(note).observe(card, {attributes: true, attributeFilter: ['data-status']});
}"""


def _user(server, email: str) -> User | None:
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        user = auth.get_user_by_email(session=session, email=email)
    engine.dispose()
    return user


def _open_profile(page, server, email: str, lang: str) -> None:  # noqa: ANN001
    login_and_wait(page, server.base_url, email)
    in_language(page, lang)
    page.click("#user-menu")
    page.click("#menu-profile")
    page.wait_for_url(at("/profile"))
    expect(page.locator("#profile-title")).to_have_text(MESSAGES[lang]["profile.title"])


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_change_the_display_name_and_the_interface_language(app_server, page, lang):
    email = app_server.create_user(language=lang)
    _open_profile(page, app_server, email, lang)
    page.fill("#profile-name", "  " + NAMES[lang] + "  ")
    page.click("#save-name")
    expect(page.locator("#name-notice")).to_have_text(MESSAGES[lang]["profile.name_saved"])
    expect(page.locator("#user-menu")).to_contain_text(NAMES[lang])  # the menu follows at once
    if lang == "fa":
        assert latin_digits(page) == []

    other = "en" if lang == "fa" else "fa"
    page.click("#profile-language")
    page.click(f"#language-{other}")
    expect(page.locator("#page-root")).to_have_attribute("lang", other)
    expect(page.locator("#profile-title")).to_have_text(MESSAGES[other]["profile.title"])
    page.reload()
    expect(page.locator("#profile-title")).to_have_text(MESSAGES[other]["profile.title"])
    stored = _user(app_server, email)
    assert stored.display_name == NAMES[lang] and stored.preferred_language == other


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_change_the_address_through_the_link_mailed_to_the_new_one(app_server, browser, page, lang):
    email = app_server.create_user(language=lang)
    taken = app_server.create_user()
    new = f"moved-{uuid.uuid4().hex[:8]}@example.com"
    _open_profile(page, app_server, email, lang)
    expect(page.locator("#current-email")).to_have_text(email)

    for address, password, error in ((new, "not my password", "auth.current_password_wrong"),
                                     (taken, PASSWORD, "profile.email_taken")):
        page.fill("#new-email", address)
        page.fill("#email-password", password)
        page.click("#change-email")
        expect(page.locator("#email-error")).to_have_text(MESSAGES[lang][error])
    assert latest_outbox_mail(app_server.settings, taken) is None or "confirm-email" not in \
        latest_outbox_mail(app_server.settings, taken).get_content()

    page.fill("#new-email", new)
    page.fill("#email-password", PASSWORD)
    page.click("#change-email")
    expect(page.locator("#email-notice")).to_have_text(MESSAGES[lang]["profile.email_sent"])
    expect(page.locator("#pending-email")).to_contain_text(new)
    notice = latest_outbox_mail(app_server.settings, email)
    assert notice is not None and new in notice.get_content() and "confirm-email" not in notice.get_content()
    assert _user(app_server, email) is not None  # nothing changes before the link is opened

    link = re.search(r"http\S+/confirm-email\?token=\S+", latest_outbox_mail(app_server.settings, new)
                     .get_content()).group(0)
    goto(page, link)
    expect(page.locator("#confirm-done")).to_contain_text(new)
    expect(page.locator("#confirm-done")).to_contain_text(MESSAGES[lang]["profile.email_changed_notice"])
    assert _user(app_server, email) is None and _user(app_server, new) is not None

    reader = browser.new_context()  # the link works once, in any browser
    again = reader.new_page()
    goto(again, link)
    expect(again.locator("#confirm-error")).to_have_text(MESSAGES["en"]["profile.email_link_invalid"])
    reader.close()

    page.click("#confirm-next")
    expect(page.locator("#current-email")).to_have_text(new)
    logout(page)
    login(page, app_server.base_url, email)
    expect(page.locator("#login-error")).to_have_text(MESSAGES[lang]["auth.invalid_credentials"])
    login_and_wait(page, app_server.base_url, new)


def _seed_pieces(server, email: str, lang: str, count: int) -> list[str]:
    title, body = PIECES[lang]
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        owner = auth.get_user_by_email(session=session, email=email)
        titles = [f"{title} {i}" for i in range(1, count + 1)]
        for name in titles:
            make_task(session, owner, title=name, body_html=body * 40, language=lang)
        session.commit()
    engine.dispose()
    return titles


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_export_everything_shows_progress_then_a_download(app_server, page, lang):
    email = app_server.create_user(language=lang)
    titles = _seed_pieces(app_server, email, lang, 40)
    _open_profile(page, app_server, email, lang)
    page.evaluate(WATCH_STATUS)
    page.click("#export-start")
    expect(page.locator("#export-done")).to_be_visible(timeout=180_000)
    statuses = page.evaluate("window.__exportStatuses")
    assert statuses[-1] == "done" and {"queued", "running"} & set(statuses[:-1]), statuses
    expect(page.locator("#export-done")).to_contain_text(MESSAGES[lang]["profile.export_done"].split("{n}")[0].strip())
    if lang == "fa":
        assert latin_digits(page) == []

    with page.expect_download() as download_info:
        page.click("#export-download")
    download = download_info.value
    assert download.suggested_filename.startswith("writers-export-") and download.suggested_filename.endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read()))
    names = set(archive.namelist())
    assert names == {f"{t}.{ext}" for t in titles for ext in ("md", "docx")} | {"metadata.json"}
    assert PIECES[lang][1][3:20] in archive.read(f"{titles[0]}.md").decode()
    mail = latest_outbox_mail(app_server.settings, email)
    assert mail is not None and "/profile" in mail.get_content()

    page.reload()  # the finished export is still offered after a reload
    expect(page.locator("#export-download")).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_delete_the_account_with_a_wrong_then_the_right_password(app_server, browser, page, context, lang):
    email = app_server.create_user(language=lang)
    _seed_pieces(app_server, email, lang, 2)
    _open_profile(page, app_server, email, lang)
    page.click("#delete-open")
    expect(page.locator("#delete-dialog")).to_be_visible()
    page.fill("#delete-password", "not my password")
    page.click("#delete-submit")
    page.wait_for_url(at("/profile", "error=auth.current_password_wrong"))
    expect(page.locator("#delete-error")).to_have_text(MESSAGES[lang]["auth.current_password_wrong"])
    assert _user(app_server, email) is not None

    page.click("#delete-open")
    page.fill("#delete-password", PASSWORD)
    page.click("#delete-submit")
    page.wait_for_url(at("/login", "notice=profile.account_deleted"))
    expect(page.locator("#login-notice")).to_have_text(MESSAGES[lang]["profile.account_deleted"])
    assert session_cookie(context) is None and _user(app_server, email) is None
    goto(page, app_server.base_url + "/profile")
    page.wait_for_url(at("/login", "next=%2Fprofile"))
    login(page, app_server.base_url, email)
    expect(page.locator("#login-error")).to_have_text(MESSAGES[lang]["auth.invalid_credentials"])
