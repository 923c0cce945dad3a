"""The hostile suite's XSS corpus (tests/hostile/corpus.py) stored in every field a writer or an
admin sees rendered: piece titles and bodies, display names, token names, webhook URLs, and
uploaded .html/.md/.docx files (content and file name) through the real API and worker. Then
every page that shows them is opened in Chromium, in English and in Persian: no payload runs
(a `window.__xss` canary, dialogs and the console are watched), under the app's CSP.

It lives with the browser tests to share their one server (no second build of the frontend)."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.e2e.helpers import goto, login_and_wait
from tests.factories import PASSWORD, make_admin, make_task, make_token, make_writer
from tests.hostile.corpus import XSS, docx_bytes, tried
from writers_app.db import make_engine
from writers_app.models import Task, TaskStatus
from writers_app.services import api_tokens, auth, webhooks

pytestmark = pytest.mark.e2e

MARK = "XSS marker line"
# A setter on window.__xss (and a flag any payload's alert/confirm/prompt would raise).
CANARY = """
(() => {
  window.__xss_hits = [];
  const hit = (how) => { window.__xss_hits.push(how); console.error('XSS-CANARY ' + how); };
  Object.defineProperty(window, '__xss', { configurable: false, get() { return undefined; },
                                           set(v) { hit('__xss=' + v); } });
  for (const name of ['alert', 'confirm', 'prompt']) { window[name] = () => hit(name); }
  document.addEventListener('securitypolicyviolation', () => { window.__csp_seen = true; });
})();
"""


def _short(payload: str, limit: int = 100) -> str:
    return payload[:limit]


def _seed(server, lang: str) -> dict:  # noqa: ANN001
    """A writer and an admin whose every rendered field carries the payloads."""
    engine = make_engine(server.settings.database_url)
    hook_settings = server.settings.model_copy(update={"webhooks_allow_private": True})
    stored = {"fields": 0}
    with Session(engine) as session:
        writer = make_writer(session, server.settings, display_name=_short(XSS[1]), language=lang)
        admin = make_admin(session, server.settings, display_name=_short(XSS[6]))
        auth.set_language(session=session, user_id=admin.id, language=lang)
        for payload in XSS:
            make_task(session, writer, title=_short(payload, 300), body_html=f"<p>{MARK}</p><p>{payload}</p>",
                      status=TaskStatus.ANALYZED)
        # The marker first: some payloads (an open <math>, <style>) swallow what follows them.
        body = f"<p>{MARK}</p>" + "".join(f"<p>{p}</p>" for p in XSS) + "".join(XSS)
        editor_task = make_task(session, writer, title=XSS[0], body_html=body).id
        for payload in XSS[:15]:
            api_tokens.create_token(session=session, owner_id=writer.id, name=_short(payload), scope="read")
        for payload in XSS[:8]:
            try:
                webhooks.create_webhook(session=session, settings=hook_settings, owner_id=writer.id,
                                        url="http://127.0.0.1:9/" + payload)
                stored["fields"] += 1
            except Exception:  # noqa: BLE001 - a URL the check refuses is fine; the others are shown
                pass
        token = make_token(session, writer, name=_short(XSS[2]))
        session.commit()
        writer_email, admin_email = writer.email, admin.email
    stored["fields"] += 2 * len(XSS) + 1 + 15 + 2
    # Uploads through the real API and the server's own worker.
    files = [('<img src=x onerror="window.__xss=1">.html',
              (f"<html><body><p>{MARK}</p>" + "".join(f"<p>{p}</p>" for p in XSS) + "</body></html>").encode()),
             ('<svg onload="window.__xss=1">.md', (f"# <script>window.__xss=1</script>\n\n{MARK}\n\n"
                                                  + "\n\n".join(XSS)).encode()),
             ('"><img src=x onerror=window.__xss=1>.docx', docx_bytes([MARK] + XSS))]
    uploaded = []
    for name, data in files:
        answer = httpx.post(server.base_url + "/api/v1/tasks/upload", files={"file": (name, data)},
                            headers={"Authorization": f"Bearer {token}"}, timeout=60)
        assert answer.status_code == 201, answer.text
        uploaded.append(answer.json()["id"])
    stored["fields"] += 2 * len(files)
    engine.dispose()
    return {"writer": writer_email, "admin": admin_email, "editor_task": editor_task, "uploaded": uploaded,
            "fields": stored["fields"]}


def _wait_processed(server, task_ids: list[int]) -> None:  # noqa: ANN001
    import time

    engine = make_engine(server.settings.database_url)
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            with Session(engine) as session:
                states = [session.get(Task, i).status for i in task_ids]
            if all(s in (TaskStatus.ANALYZED, TaskStatus.FAILED) for s in states):
                assert all(s == TaskStatus.ANALYZED for s in states), states
                return
            time.sleep(0.5)
        raise AssertionError(f"uploads not processed: {states}")
    finally:
        engine.dispose()


def _tour(browser, server, email: str, pages: list[tuple[str, str]], lang: str) -> int:  # noqa: ANN001
    """Open each page signed in as `email`; fail on any canary hit, dialog or CSP report."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    context.set_default_timeout(45_000)
    context.add_init_script(CANARY)
    context.add_cookies([{"name": "writers_lang", "value": lang, "url": server.base_url}])
    events: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (events.append(f"dialog {d.message}"), d.dismiss()))
    page.on("console", lambda m: events.append(m.text) if "XSS-CANARY" in m.text or "Content Security Policy" in m.text
            or m.text.startswith("CSP violation") else None)
    try:
        login_and_wait(page, server.base_url, email, PASSWORD)
        for path, ready in pages:
            goto(page, server.base_url + path)
            expect(page.locator(ready).first).to_be_visible()
            # Every image has loaded or failed (an onerror payload would have run by then).
            page.wait_for_function("() => Array.from(document.images).every((img) => img.complete)")
            hits = page.evaluate("window.__xss_hits")
            assert hits == [] and events == [], (path, hits, events)
            frames = [f.evaluate("typeof window.__xss_hits") for f in page.frames[1:]]
            assert all(kind in ("undefined", "object") for kind in frames)
        # The control: markup put in the page behind the app's back must trip the watch (the
        # canary, or the CSP refusing the inline handler), so a quiet page above means something.
        page.evaluate("""() => document.body.insertAdjacentHTML('beforeend',
                           '<img src=x onerror="window.__xss=1"><svg onload="window.__xss=2"></svg>')""")
        page.wait_for_function("() => window.__xss_hits.length > 0 || window.__csp_seen === true")
        return len(pages)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_no_stored_payload_runs_on_any_page(app_server, browser, lang):
    seeded = _seed(app_server, lang)
    _wait_processed(app_server, seeded["uploaded"])
    writer_pages = [("/dashboard", ".task-row"), (f"/tasks/{seeded['editor_task']}", f"text={MARK}")]
    writer_pages += [(f"/tasks/{task_id}", f"text={MARK}") for task_id in seeded["uploaded"]]
    writer_pages += [("/settings", ".token-row"), ("/webhooks", "#page-root")]
    opened = _tour(browser, app_server, seeded["writer"], writer_pages, lang)
    admin_pages = [("/admin", ".user-row"), ("/admin/tasks", ".admin-task-row"), ("/admin/audit", ".audit-row"),
                   ("/admin/jobs", "#page-root")]
    opened += _tour(browser, app_server, seeded["admin"], admin_pages, lang)
    tried("browser-fields", seeded["fields"])
    tried("browser-pages", opened)
