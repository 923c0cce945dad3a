"""Dark mode in Chromium, in English and Persian.

1. Every page (login with an error and a notice, register, both password-reset pages, not
   found, dashboard, the editor with its analysis and highlights, the history dialog and its
   comparison, settings, webhooks, and the five admin pages) reads at WCAG AA contrast in dark
   and in light: every visible text against its effective background (tests/support/contrast.py
   says how, and what WCAG exempts). The system's scheme picks the page's by default.
2. Choosing Dark in the header keeps it after a reload and follows the writer to a browser
   they have never used, dark from the first paint; choosing "As the system" again follows it.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from tests.e2e.helpers import goto, in_language, login_and_wait
from tests.factories import make_task, make_token
from tests.support.contrast import CONTRAST_CHECK, report
from tests.support.screenshots import ENGLISH, PERSIAN, reset_token_from_outbox
from writers_app.core.security import utcnow
from writers_app.db import make_engine
from writers_app.models import RevisionReason, TaskRevision
from writers_app.services import auth as auth_service

pytestmark = pytest.mark.e2e

# An English piece the analysis marks (very hard, passive, adverbs: highlights in the text) and
# a Persian one with typography fixes (before/after rows), whatever the interface language.
MARKED = ("<p>The report was written by the committee, which, notwithstanding considerable and "
          "extraordinarily complicated institutional disagreements concerning methodology, "
          "nevertheless ultimately concluded that the fundamentally problematic recommendations "
          "were really quite unnecessarily complicated.</p>")
UNFIXED = "<p>من میخواهم کتاب ها را بخوانم -- و آن خانه ی من است!!!</p>"
# Waits for Radix's open/close animations: a colour read mid-fade is not the one a reader sees.
SETTLED = ("() => document.readyState === 'complete' && document.fonts.status === 'loaded' && "
           "document.getAnimations().every(a => a.playState !== 'running')")
# Records the scheme the page was drawn in before any of its own scripts could repaint it, and
# any later moment at which the Radix root was light: a flash of the wrong scheme.
FIRST_PAINT = """
document.addEventListener('DOMContentLoaded', () => {
  window.__firstScheme = document.documentElement.classList.contains('dark') ? 'dark' : 'light';
  window.__lightSeen = false;
  const watch = () => {
    const root = document.querySelector('.radix-themes[data-is-root-theme="true"]');
    const html = document.documentElement;
    const check = () => {
      const dark = html.classList.contains('dark') && !(root && root.classList.contains('light'));
      if (!dark) window.__lightSeen = true;
    };
    check();
    new MutationObserver(check).observe(html, { attributes: true, attributeFilter: ['class'] });
    if (root) new MutationObserver(check).observe(root, { attributes: true, attributeFilter: ['class'] });
  };
  watch();
});
"""


def _seed(server, lang: str) -> tuple[str, tuple[int, int], str]:
    """An admin who also writes (an English and a Persian piece, each with an earlier version),
    and a password-reset link."""
    email = server.create_user(admin=True, name="نسرین مدیر" if lang == "fa" else "Ada Admin")
    other = server.create_user(language=lang)
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        owner = auth_service.get_user_by_email(session=session, email=email)
        ids = []
        for title, body, language in (("A walk by the river", ENGLISH + MARKED, "en"),
                                      ("قدم زدن کنار رود", PERSIAN + UNFIXED, "fa")):
            task = make_task(session, owner, title=title, body_html=body, language=language)
            session.add(TaskRevision(task_id=task.id, title=title, body_html=body.replace("</h1>", " 1</h1>"),
                                     word_count=60, reason=RevisionReason.EXPLICIT,
                                     created_at=utcnow() - timedelta(hours=1)))
            ids.append(task.id)
        make_token(session, owner, name="My script")
        auth_service.request_password_reset(session=session, settings=server.settings, email=other, language=lang)
        session.commit()
    engine.dispose()
    return email, (ids[0], ids[1]), reset_token_from_outbox(Path(server.settings.outbox_dir), other)


def _measure(page: Page, name: str, failures: dict[str, str]) -> int:
    page.wait_for_function(SETTLED)
    result = page.evaluate(CONTRAST_CHECK)
    if result["failures"]:
        failures[name] = report(result["failures"])
    return result["checked"]


def _scheme(name: str) -> re.Pattern:
    return re.compile(rf"(^|\s){name}(\s|$)")


def _scheme_context(browser, server, lang: str, scheme: str):  # noqa: ANN001, ANN202
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme,
                                  locale="fa-IR" if lang == "fa" else "en-US")
    context.add_cookies([{"name": "writers_lang", "value": lang, "url": server.base_url}])
    return context


@pytest.mark.parametrize("scheme", ["dark", "light"])
@pytest.mark.parametrize("lang", ["en", "fa"])
def test_every_page_reads_at_aa_contrast(app_server, browser, lang, scheme):
    email, (en_task, fa_task), reset_token = _seed(app_server, lang)
    base = app_server.base_url
    context = _scheme_context(browser, app_server, lang, scheme)
    page = context.new_page()
    failures: dict[str, str] = {}
    checked: dict[str, int] = {}
    for name, path in (("login-error", "/login?error=auth.invalid_credentials"),
                       ("login-notice", "/login?notice=auth.logged_out"), ("register", "/register"),
                       ("reset-request", "/forgot-password"), ("reset-form", f"/reset-password?token={reset_token}"),
                       ("reset-bad-link", "/reset-password?token=nope"), ("not-found", "/no-such-page"),
                       ("landing", "/")):
        goto(page, base + path)
        expect(page.locator("html")).to_have_class(_scheme(scheme))  # the system's scheme, by default
        checked[name] = _measure(page, name, failures)

    login_and_wait(page, base, email)
    in_language(page, lang)
    checked["dashboard"] = _measure(page, "dashboard", failures)
    for name, task_id, marks in (("editor-en", en_task, ".ProseMirror [data-hl]"),
                                 ("editor-fa", fa_task, "#typography-fixes .fix-before")):
        goto(page, f"{base}/tasks/{task_id}")
        expect(page.locator("#save-status")).to_have_attribute("data-status", "saved")
        page.click("#run-analysis")
        expect(page.locator("#analysis-result")).to_be_visible(timeout=90_000)
        expect(page.locator(marks).first).to_be_attached()
        checked[name] = _measure(page, name, failures)  # the pointer still on "Analyse": its hover too
    page.click("#open-history")
    page.locator(".revision-item").last.click()
    checked["history"] = _measure(page, "history", failures)
    page.click("#compare-tab")
    expect(page.locator(".diff-words ins, .diff-words del").first).to_be_visible()
    checked["history-compare"] = _measure(page, "history-compare", failures)
    page.keyboard.press("Escape")

    for name, path, ready in (("settings", "/settings", "#token-name"), ("webhooks", "/webhooks", "#webhook-url"),
                              ("admin-users", "/admin", "#admin-users"), ("admin-tasks", "/admin/tasks", "#admin-tasks"),
                              ("admin-jobs", "/admin/jobs", "#admin-jobs"), ("admin-audit", "/admin/audit", "#admin-audit"),
                              ("admin-system", "/admin/system", "#admin-system")):
        goto(page, base + path)
        expect(page.locator(ready)).to_be_visible()
        checked[name] = _measure(page, name, failures)
    page.click("#theme-menu")  # the header's own menu, open
    expect(page.locator("#theme-dark")).to_be_visible()
    checked["theme-menu"] = _measure(page, "theme-menu", failures)
    context.close()

    assert all(count >= 3 for count in checked.values()), checked  # each page had text to measure
    assert not failures, f"texts under WCAG AA contrast ({scheme}, {lang}):\n" + "\n".join(
        f"{name}:\n{lines}" for name, lines in failures.items())


def _stored_theme(server, email: str) -> str:
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        theme = auth_service.get_user_by_email(session=session, email=email).theme
    engine.dispose()
    return theme


def _wait_until_stored(page: Page, server, email: str, theme: str) -> None:  # noqa: ANN001
    """The choice reaches the account through a websocket event: wait for it (30 s at most)."""
    for _ in range(120):
        if _stored_theme(server, email) == theme:
            return
        page.wait_for_timeout(250)
    assert _stored_theme(server, email) == theme


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_dark_chosen_in_the_header_stays_after_reload_and_in_another_browser(app_server, browser, lang):
    email = app_server.create_user(language=lang)
    base = app_server.base_url
    first = _scheme_context(browser, app_server, lang, "light")
    page = first.new_page()
    login_and_wait(page, base, email)
    expect(page.locator("html")).to_have_class(_scheme("light"))
    page.click("#theme-menu")
    expect(page.locator("#theme-system")).to_contain_text("مانند سیستم" if lang == "fa" else "As the system")
    page.click("#theme-dark")
    expect(page.locator("html")).to_have_class(_scheme("dark"))
    expect(page.locator('.radix-themes[data-is-root-theme="true"]')).to_have_class(_scheme("dark"))
    _wait_until_stored(page, app_server, email, "dark")
    page.reload()
    page.wait_for_selector('#page-root[data-hydrated="true"]')
    expect(page.locator("html")).to_have_class(_scheme("dark"))

    # A browser this writer never used, whose system is light: dark from the first paint.
    second = _scheme_context(browser, app_server, lang, "light")
    second.add_init_script(FIRST_PAINT)
    other = second.new_page()
    login_and_wait(other, base, email)
    expect(other.locator("html")).to_have_class(_scheme("dark"))
    assert other.evaluate("window.__firstScheme") == "dark"
    goto(other, base + "/settings")  # and on the next page load, with no flash of light
    expect(other.locator("html")).to_have_class(_scheme("dark"))
    other.wait_for_function(SETTLED)
    assert other.evaluate("[window.__firstScheme, window.__lightSeen]") == ["dark", False]

    # "As the system" again: this light-system browser turns light, and so does the account.
    other.click("#theme-menu")
    other.click("#theme-system")
    expect(other.locator("html")).to_have_class(_scheme("light"))
    _wait_until_stored(other, app_server, email, "system")
    first.close()
    second.close()


def test_a_visitors_choice_stays_in_that_browser(app_server, browser):
    context = _scheme_context(browser, app_server, "en", "light")
    page = context.new_page()
    goto(page, app_server.base_url + "/login")
    page.click("#theme-menu")
    page.click("#theme-dark")
    expect(page.locator("html")).to_have_class(_scheme("dark"))
    goto(page, app_server.base_url + "/register")
    expect(page.locator("html")).to_have_class(_scheme("dark"))
    assert page.evaluate("localStorage.getItem('theme')") == "dark"
    context.close()
    fresh = _scheme_context(browser, app_server, "en", "light")  # another browser: its own choice
    page = fresh.new_page()
    goto(page, app_server.base_url + "/login")
    expect(page.locator("html")).to_have_class(_scheme("light"))
    fresh.close()


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_on_a_phone_the_header_with_the_scheme_menu_fits_the_screen(app_server, browser, lang):
    email = app_server.create_user(language=lang, name="Alexandra Montgomery-Smith")
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    context.add_cookies([{"name": "writers_lang", "value": lang, "url": app_server.base_url}])
    page = context.new_page()
    login_and_wait(page, app_server.base_url, email)
    in_language(page, lang)
    for part in ("#theme-menu", "#lang-switch", "#user-menu"):
        box = page.locator(part).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, (part, box)
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")  # nothing sideways
    page.click("#theme-menu")
    expect(page.locator("#theme-light")).to_be_visible()
    context.close()


def test_the_api_docs_follow_the_scheme_and_read_at_aa_contrast_in_dark(app_server, browser):
    context = _scheme_context(browser, app_server, "en", "dark")
    page = context.new_page()
    page.goto(app_server.base_url + "/api/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.locator("html")).to_have_class(_scheme("dark-mode"))  # Swagger UI's own dark style
    failures: dict[str, str] = {}
    assert _measure(page, "api-docs", failures) >= 50
    assert not failures, failures
    page.evaluate("localStorage.setItem('theme', 'light')")  # the app's choice wins over the system's
    page.reload()
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.locator("html")).not_to_have_class(_scheme("dark-mode"))
    context.close()
