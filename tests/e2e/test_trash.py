"""The trash in Chromium, in English and Persian: a deleted piece comes back with Undo; two
deleted together are both in the trash (with the day they are purged, in the reader's calendar),
one restored is back on the dashboard; Delete forever asks first, then the piece is gone for good;
a trashed piece's editor link offers it back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.e2e.helpers import goto, in_language, login_and_wait, stored_task
from tests.factories import make_task
from tests.support.digits import latin_digits
from writers_app.db import make_engine
from writers_app.services import auth

pytestmark = pytest.mark.e2e

TITLES = {"en": ["Autumn notes", "Harbour letters", "Winter draft"],
          "fa": ["یادداشت‌های پاییز", "نامه‌های بندر", "پیش‌نویس زمستان"]}
TRASH_WORDS = {"en": "trash", "fa": "سطل زباله"}


def _seed(server, email: str, titles: list[str]) -> dict[str, int]:
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        owner = auth.get_user_by_email(session=session, email=email)
        ids = {title: make_task(session, owner, title=title, body_html=f"<p>{title} words here</p>").id
               for title in titles}
        session.commit()
    engine.dispose()
    return ids


def _row(page, title: str):  # noqa: ANN001, ANN202
    return page.locator(".task-row").filter(has_text=title)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_delete_undo_bulk_delete_restore_and_delete_forever(app_server, page, lang):
    first, second, third = TITLES[lang]
    email = app_server.create_user(language=lang)
    ids = _seed(app_server, email, TITLES[lang])
    login_and_wait(page, app_server.base_url, email)
    in_language(page, lang)
    expect(page.locator(".task-row")).to_have_count(3)

    # One piece, with its own button: gone from the list and the figures; Undo brings it back.
    _row(page, first).locator(".delete-task").click()
    expect(page.locator("#trash-undo-message")).to_contain_text(TRASH_WORDS[lang])
    expect(_row(page, first)).to_have_count(0)
    expect(page.locator("#total-tasks")).to_have_text("۲" if lang == "fa" else "2")
    page.click("#trash-undo")
    expect(page.locator("#trash-undo-message")).to_have_count(0)
    expect(_row(page, first)).to_have_count(1)
    expect(page.locator("#total-tasks")).to_have_text("۳" if lang == "fa" else "3")
    assert stored_task(app_server, ids[first]).deleted_at is None

    # Two at once with the checkboxes: both go to the trash.
    _row(page, first).get_by_role("checkbox").click()
    _row(page, second).get_by_role("checkbox").click()
    page.click("#delete-selected")
    expect(page.locator("#trash-undo-text")).to_contain_text("۲" if lang == "fa" else "2")
    expect(page.locator(".task-row")).to_have_count(1)
    page.click("#trash-undo-open")
    expect(page.locator("#trash-title")).to_be_visible()
    rows = page.locator(".trash-row")
    expect(rows).to_have_count(2)
    purge = rows.first.locator(".purge-date")
    expect(purge).not_to_be_empty()
    if lang == "fa":
        assert re.search("[۰-۹]", purge.inner_text()) and latin_digits(page) == []
    else:
        assert re.search(r"\b20\d\d\b", purge.inner_text())

    # Restore one: it is back on the dashboard, in its place.
    rows.filter(has_text=first).locator(".restore-task").click()
    expect(page.locator("#trash-notice")).to_be_visible()
    expect(rows).to_have_count(1)
    goto(page, app_server.base_url + "/dashboard")
    expect(_row(page, first)).to_have_count(1)
    expect(_row(page, second)).to_have_count(0)
    expect(_row(page, third)).to_have_count(1)

    # A link to the trashed piece: the editor says where it is and offers it back.
    goto(page, f"{app_server.base_url}/tasks/{ids[second]}")
    expect(page.locator("#piece-in-trash")).to_be_visible()
    if lang == "fa":
        assert latin_digits(page) == []

    # Delete forever asks first; Cancel keeps it, the second time it is gone for good.
    goto(page, app_server.base_url + "/trash")
    expect(rows).to_have_count(1)
    rows.first.locator(".delete-forever").click()
    expect(page.locator("#confirm-dialog")).to_be_visible()
    page.click("#confirm-cancel")
    expect(page.locator("#confirm-dialog")).to_have_count(0)
    expect(rows).to_have_count(1)
    rows.first.locator(".delete-forever").click()
    page.click("#confirm-delete-forever")
    expect(page.locator("#trash-empty")).to_be_visible()
    assert stored_task(app_server, ids[second]) is None
    page.reload()
    expect(page.locator("#trash-empty")).to_be_visible()


def test_the_trashed_piece_is_restored_from_its_editor_link(app_server, page):
    email = app_server.create_user()
    ids = _seed(app_server, email, ["Left in the trash"])
    task_id = ids["Left in the trash"]
    login_and_wait(page, app_server.base_url, email)
    _row(page, "Left in the trash").locator(".delete-task").click()
    expect(page.locator(".task-row")).to_have_count(0)
    goto(page, f"{app_server.base_url}/tasks/{task_id}")
    page.click("#restore-piece")
    expect(page.locator("#task-title")).to_have_value("Left in the trash")
    goto(page, app_server.base_url + "/dashboard")
    page.click("#open-trash")
    expect(page.locator("#trash-empty")).to_be_visible()
