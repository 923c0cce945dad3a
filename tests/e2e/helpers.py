"""Browser steps shared by the e2e tests."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.factories import PASSWORD


def at(path: str, query: str = "") -> re.Pattern:
    """A URL on `path` (prod adds a trailing slash) whose query starts with `query`."""
    q = r"\?" + re.escape(query) if query else r"(\?.*)?$"
    return re.compile(r"^https?://[^/]+" + re.escape(path.rstrip("/")) + r"/?" + q)


def goto(page: Page, url: str) -> None:
    """Open a page and wait until it is hydrated (its event handlers are live)."""
    page.goto(url)
    page.wait_for_selector('#page-root[data-hydrated="true"]')


def login(page: Page, base_url: str, email: str, password: str = PASSWORD, *, path: str = "/login") -> None:
    goto(page, base_url + path)
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("#login-submit")


def login_and_wait(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    login(page, base_url, email, password)
    page.wait_for_url(at("/dashboard"))
    expect(page.locator("#dashboard-title")).to_be_visible()


def in_language(page, lang: str) -> None:  # noqa: ANN001
    """Logging in applies the account's own language: switch to `lang` if it differs."""
    root = page.locator('#page-root[data-hydrated="true"]')
    expect(root).to_be_visible()
    if root.get_attribute("lang") != lang:
        page.click("#lang-switch")
    expect(page.locator("#page-root")).to_have_attribute("lang", lang)


def logout(page: Page) -> None:
    page.click("#user-menu")
    page.click("#logout")
    page.wait_for_url(at("/login", "notice=auth.logged_out"))


def session_cookie(context) -> dict | None:
    return next((c for c in context.cookies() if c["name"] == "writers_session"), None)


def stored_task(server, task_id: int):  # noqa: ANN001, ANN201
    """The task as the database holds it once the server has folded its acknowledged saves into
    the row (tests.support.saves)."""
    from sqlmodel import Session

    from tests.support.saves import wait_folded
    from writers_app.db import make_engine
    from writers_app.models import Task

    engine = make_engine(server.settings.database_url)
    wait_folded(engine, [task_id])
    with Session(engine) as session:
        task = session.get(Task, task_id)
    engine.dispose()
    return task


# Everything a script on the page can read and keep: both Web Storage areas and the
# non-HttpOnly cookies. Credentials must never appear in it.
BROWSER_STORAGE = """() => {
  const dump = (store) => Object.keys(store).map((k) => k + "=" + store.getItem(k)).join("\\n");
  return dump(window.localStorage) + "\\n" + dump(window.sessionStorage) + "\\n" + document.cookie;
}"""


CARET_IN = """(el) => { const s = document.getSelection(); const a = document.activeElement;
  return !!a && a.classList.contains('ProseMirror') && !!s && s.rangeCount > 0 && el.contains(s.anchorNode); }"""


def click_into(page: Page, target, *, deadline_s: float = 45) -> None:  # noqa: ANN001  (a Locator)
    """Click `target` inside the editor until the caret is in it. The editor becomes editable once
    its body has loaded, and a click before that takes no focus (the keys would go elsewhere)."""
    import time  # only here: the other helpers need no clock

    deadline = time.monotonic() + deadline_s
    while True:
        target.click()
        if target.evaluate(CARET_IN):
            return
        assert time.monotonic() < deadline, "the caret never went where the test clicked"
        page.wait_for_timeout(250)
