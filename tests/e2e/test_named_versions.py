"""Named versions in Chromium, in English and Persian: name a version from the history, reload,
the name is shown (and the version marked); compare it with the current text and only the one
word that changed in a long paragraph is marked; the name can be cleared."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.e2e.helpers import goto, login_and_wait
from tests.factories import make_task
from tests.support.digits import latin_digits
from writers_app.core.security import utcnow
from writers_app.db import make_engine
from writers_app.models import RevisionReason, TaskRevision
from writers_app.services import auth

pytestmark = pytest.mark.e2e

TEXT = {
    "en": ("quick", "slow", "The writer wrote a long and careful sentence about the river and the town.",
           "sent to editor"),
    "fa": ("کتاب", "نامه", "نویسنده جمله‌ای بلند و سنجیده دربارهٔ رودخانه و شهر و مردمانش می‌نوشت.",
           "فرستاده به ویراستار"),
}


def _paragraph(filler: str, word: str) -> str:
    return f"<p>{' '.join([filler] * 6)} {word} {' '.join([filler] * 6)}</p><p>{filler}</p>"


def _seed(server, email: str, old_html: str, new_html: str) -> int:
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        owner = auth.get_user_by_email(session=session, email=email)
        task = make_task(session, owner, title="Named", body_html=new_html)
        session.add(TaskRevision(task_id=task.id, title="Named", body_html=old_html, word_count=80,
                                 reason=RevisionReason.EXPLICIT, created_at=utcnow() - timedelta(hours=1)))
        session.commit()
        task_id = task.id
    engine.dispose()
    return task_id


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_name_a_version_reload_see_the_name_and_compare_marks_one_word(app_server, page, lang):
    old_word, new_word, filler, name = TEXT[lang]
    email = app_server.create_user(language=lang)
    task_id = _seed(app_server, email, _paragraph(filler, old_word), _paragraph(filler, new_word))
    login_and_wait(page, app_server.base_url, email)
    goto(page, f"{app_server.base_url}/tasks/{task_id}")
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved")

    page.click("#open-history")
    expect(page.locator(".revision-entry")).to_have_count(1, timeout=30_000)
    expect(page.locator(".revision-named")).to_have_count(0)
    page.locator(".version-name-action").first.click()
    field = page.locator("#version-name-input")
    expect(field).to_be_visible()
    field.fill(name)
    page.click("#version-name-save")
    expect(page.locator(".revision-named .revision-name")).to_have_text(name, timeout=30_000)

    page.keyboard.press("Escape")  # closing the dialog forgets the list: the reload reads it afresh
    expect(page.locator("#revision-list")).to_have_count(0)
    page.reload()
    expect(page.locator("#save-status")).to_have_attribute("data-status", "saved")
    page.click("#open-history")
    named = page.locator(".revision-named")
    expect(named.locator(".revision-name")).to_have_text(name, timeout=30_000)
    if lang == "fa":
        assert latin_digits(page) == []

    named.locator(".revision-item").click()
    page.click("#compare-tab")
    changed = page.locator(".change-changed")
    expect(changed).to_have_count(1, timeout=30_000)
    expect(changed.locator("del")).to_have_text(old_word)
    expect(changed.locator("ins")).to_have_text(new_word)
    expect(page.locator(".change-added, .change-removed")).to_have_count(0)

    page.locator(".version-name-action").first.click()
    page.click("#version-name-clear")
    expect(page.locator(".revision-named")).to_have_count(0, timeout=30_000)
    expect(page.locator(".revision-entry")).to_have_count(1)
