"""Typography options in Chromium, in English and Persian: the writer picks «ه‌ی» and switches
the dash rule off on the settings page, and "Fix all" in the editor then writes their way."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.e2e.helpers import goto, login_and_wait, stored_task
from tests.factories import make_task
from writers_app.db import make_engine
from writers_app.models import User
from writers_app.services import auth

pytestmark = pytest.mark.e2e
ZWNJ = "\u200c"
TEXT = "این خانه ی من است -- و آن کتاب ها را دوست دارم."
NOTICE = {"en": "Saved. From now on", "fa": "ذخیره شد."}


def _seed(server, email: str) -> tuple[int, int]:
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        owner = auth.get_user_by_email(session=session, email=email)
        task = make_task(session, owner, title="خانه", body_html=f"<p>{TEXT}</p>")
        session.commit()
        ids = owner.id, task.id
    engine.dispose()
    return ids


def _stored_options(server, user_id: int) -> dict | None:
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        raw = session.get(User, user_id).typography_options
    engine.dispose()
    return None if raw is None else json.loads(raw)


@pytest.mark.parametrize("language", ["en", "fa"])
def test_options_saved_in_settings_shape_fix_all(app_server, page, language):
    email = app_server.create_user(language=language)
    owner_id, task_id = _seed(app_server, email)
    bystander = app_server.create_user()
    login_and_wait(page, app_server.base_url, email)

    goto(page, app_server.base_url + "/settings")
    card = page.locator("#typography-card")
    expect(card.get_by_text(f"خانه{ZWNJ}ی من")).to_be_visible()
    expect(page.locator("#ezafe-hamza")).to_have_attribute("aria-checked", "true")
    expect(page.locator("#typo-convert-dates")).to_have_attribute("aria-checked", "false")  # off by default
    dashes = card.locator('[data-check="fa.dashes"]')
    expect(dashes).to_have_attribute("aria-checked", "true")
    if language == "fa":
        assert page.evaluate("getComputedStyle(document.querySelector('#typography-card')).direction") == "rtl"
        expect(card).to_contain_text("خط تیره")  # the family's Persian title
        # The card's own text (the sessions card's dates and addresses are another card's).
        assert not re.search(r"[0-9]", card.inner_text()), card.inner_text()
    else:
        expect(card).to_contain_text("Dashes")
    card.get_by_text(f"خانه{ZWNJ}ی من").click()
    expect(page.locator("#ezafe-yeh")).to_have_attribute("aria-checked", "true")
    dashes.click()
    expect(dashes).to_have_attribute("aria-checked", "false")
    assert _stored_options(app_server, owner_id) is None  # nothing stored before Save
    page.click("#typography-save")
    expect(page.locator("#typography-notice")).to_contain_text(NOTICE[language])
    stored = _stored_options(app_server, owner_id)
    assert stored["heh_yeh"] == "yeh" and stored["disabled"] == ["fa.dashes"] and stored["convert_dates"] is False

    page.reload()  # what the page shows after a reload is what was stored
    expect(page.locator("#ezafe-yeh")).to_have_attribute("aria-checked", "true")
    expect(page.locator('#typography-card [data-check="fa.dashes"]')).to_have_attribute("aria-checked", "false")

    goto(page, f"{app_server.base_url}/tasks/{task_id}")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved")
    page.click("#run-analysis")
    expect(page.locator("#typography-fixes")).to_be_visible(timeout=60_000)
    page.click("#fix-all")
    expect(page.get_by_test_id("editor-content")).to_contain_text(f"خانه{ZWNJ}ی من")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved", timeout=30_000)
    body = stored_task(app_server, task_id).body_text
    assert f"خانه{ZWNJ}ی من" in body and "خانهٔ" not in body  # the writer's ezafe
    assert "--" in body and "–" not in body  # the dash family is off
    assert f"کتاب{ZWNJ}ها" in body  # the other families still apply
    assert _stored_options(app_server, _user_id(app_server, bystander)) is None


def _user_id(server, email: str) -> int:
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        user_id = auth.get_user_by_email(session=session, email=email).id
    engine.dispose()
    return user_id
