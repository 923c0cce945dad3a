"""Every page in English and Persian, at desktop (1366x900) and phone (390x844) width, as PNGs.

`make screenshots` (`python -m tests.support.screenshots [OUT]`, default `screenshots/`, which
is git-ignored). It starts the real prod server the browser tests use (tests/e2e/conftest.py's
`start_server`) on a private SQLite database in a temporary folder, seeds it (a writer with an
English and a Persian piece, both analysed, with revisions; an admin; API tokens; sessions;
audit entries from admin actions; a password-reset link) and photographs each page. Not part
of `make test`: it is for people reviewing what writers see. Files are named
`<page>-<lang>-<desktop|phone>.png`; with `--dark` (`python -m tests.support.screenshots OUT
--dark`) the same pages are taken in the dark scheme as `<page>-<lang>-<desktop|phone>-dark.png`.
"""

from __future__ import annotations

import email
import logging
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import Page, sync_playwright
from sqlmodel import Session

from tests.e2e.conftest import BROWSER_ARGS, start_server
from tests.e2e.helpers import goto, login
from tests.factories import make_admin, make_task, make_token, make_writer
from writers_app.db import make_engine
from writers_app.models import UserPublic
from writers_app.services import auth as auth_service
from writers_app.services import tasks as task_service
from writers_app.services import trash as trash_service
from writers_app.services import users as user_service

log = logging.getLogger("screenshots")
ROOT = Path(__file__).resolve().parents[2]
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
LANGS = ("en", "fa")
DEADLINE = 120  # seconds to wait for the worker's analysis on a busy machine

ENGLISH = ("<h1>A walk by the river</h1><p>The river was quiet that morning. We walked along the bank "
           "and talked about the book we were writing. It was a very good day, and the light was very soft.</p>"
           "<h2>Notes</h2><ul><li>Rewrite the opening</li><li>Check the dates</li></ul>")
PERSIAN = ("<h1>قدم زدن کنار رود</h1><p>آن روز صبح رود آرام بود. در کنار ساحل قدم زدیم و درباره کتابی که "
           "می نوشتیم حرف زدیم. روز بسیار خوبی بود و نور بسیار نرم بود.</p>"
           "<h2>یادداشت‌ها</h2><ol><li>آغاز را بازنویسی کن</li><li>تاریخ ها را ببین</li></ol>")


class Seed:
    """What the pages show: ids and addresses the photographer needs."""

    def __init__(self, server) -> None:  # noqa: ANN001  (tests.e2e.conftest.AppServer)
        self.server = server
        engine = make_engine(server.settings.database_url)
        settings = server.settings
        with Session(engine) as session:
            writer = make_writer(session, settings, display_name="Sara Writer", email="sara@example.com")
            other = make_writer(session, settings, display_name="نسرین نویسنده", email="nasrin@example.com",
                                language="fa")
            admin = make_admin(session, settings, display_name="Ada Admin", email="ada@example.com")
            self.writer_email, self.admin_email, other_email = writer.email, admin.email, other.email
            self.en_task = make_task(session, writer, title="A walk by the river", body_html=ENGLISH, language="en").id
            self.fa_task = make_task(session, writer, title="قدم زدن کنار رود", body_html=PERSIAN, language="fa").id
            session.commit()
            for task_id, html in ((self.en_task, ENGLISH), (self.fa_task, PERSIAN)):
                revision = task_service.get_task(session=session, owner_id=writer.id, task_id=task_id).revision
                saved = html.replace("</ul>", "<li>Send it</li></ul>").replace("</ol>", "<li>بفرست</li></ol>")
                task_service.save_body(session=session, owner_id=writer.id, task_id=task_id, base_revision=revision,
                                       html=saved, explicit=True)
                # Then a few words changed after that version, so "Compare with now" has something to mark.
                revision = task_service.get_task(session=session, owner_id=writer.id, task_id=task_id).revision
                task_service.save_body(session=session, owner_id=writer.id, task_id=task_id, base_revision=revision,
                                       html=saved.replace("Send it", "Send it to the editor").replace(
                                           "بفرست", "برای ویراستار بفرست"))
            self.token = make_token(session, writer, name="My script")
            make_token(session, writer, name="Read-only backup", scope="read", expires_in_days=30)
            actor = UserPublic.model_validate(admin, from_attributes=True)
            user_service.set_role(session=session, actor=actor, user_id=other.id, role="admin", ip="127.0.0.1")
            user_service.set_role(session=session, actor=actor, user_id=other.id, role="writer", ip="127.0.0.1")
            user_service.set_active(session=session, actor=actor, user_id=other.id, active=False, ip="127.0.0.1")
            user_service.set_active(session=session, actor=actor, user_id=other.id, active=True, ip="127.0.0.1")
            session.commit()
            auth_service.request_password_reset(session=session, settings=settings, email=other_email)
            session.commit()
        engine.dispose()
        self.reset_token = reset_token_from_outbox(Path(settings.outbox_dir), other_email)
        self._analyse()

    def _analyse(self) -> None:
        """Through the REST API, so the server's own worker does the work."""
        base, headers = self.server.base_url, {"Authorization": f"Bearer {self.token}"}
        for task_id in (self.en_task, self.fa_task):
            httpx.post(f"{base}/api/v1/tasks/{task_id}/analyse", headers=headers, timeout=30).raise_for_status()
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            statuses = {httpx.get(f"{base}/api/v1/tasks/{t}", headers=headers, timeout=30).json()["status"]
                        for t in (self.en_task, self.fa_task)}
            if statuses == {"analyzed"}:
                return
            time.sleep(1)
        log.warning("the analyses did not finish; the editor is photographed without them")


def reset_token_from_outbox(outbox: Path, to: str) -> str:
    """The token of the newest reset link mailed to `to` (bodies may be base64: Persian mail)."""
    mails = []
    for path in outbox.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes())
        if to.lower() in str(message.get("To", "")).lower():
            body = "".join(part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8", "replace")
                           for part in message.walk() if not part.is_multipart())
            if match := re.search(r"reset-password\?token=([\w\-]+)", body):
                mails.append((path.stat().st_mtime, match.group(1)))
    if not mails:
        raise LookupError(f"no reset link mailed to {to} in {outbox}")
    return max(mails)[1]


def _settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(400)  # fonts and the last re-render; a picture, not a test


class Photographer:
    scheme, suffix = "light", ""  # the system's colour scheme the browser reports; the file name's end

    def __init__(self, browser, seed: Seed, out: Path) -> None:  # noqa: ANN001
        self.browser, self.seed, self.out = browser, seed, out
        self.base = seed.server.base_url

    def _context(self, lang: str, size: str):  # noqa: ANN202
        width, height = SIZES[size]
        context = self.browser.new_context(viewport={"width": width, "height": height},
                                           locale="fa-IR" if lang == "fa" else "en-US", color_scheme=self.scheme)
        context.add_cookies([{"name": "writers_lang", "value": lang, "url": self.base}])
        return context

    def shot(self, page: Page, name: str, lang: str, size: str) -> None:
        _settle(page)
        path = self.out / f"{name}-{lang}-{size}{self.suffix}.png"
        page.screenshot(path=str(path), full_page=True)
        log.info("wrote %s", path)

    def visitor(self, lang: str, size: str) -> None:
        context = self._context(lang, size)
        page = context.new_page()
        for name, path in (("landing", "/"), ("login", "/login"), ("register", "/register"),
                           ("reset-request", "/forgot-password"),
                           ("reset-form", f"/reset-password?token={self.seed.reset_token}"), ("not-found", "/no-such-page")):
            goto(page, self.base + path)
            self.shot(page, name, lang, size)
        context.close()

    def _signed_in(self, email: str, lang: str, size: str) -> tuple:
        context = self._context(lang, size)
        page = context.new_page()
        login(page, self.base, email)
        page.wait_for_url(re.compile(r".*/dashboard/?$"))
        page.wait_for_selector('#page-root[data-hydrated="true"]')
        if page.get_attribute("#page-root", "lang") != lang:  # logging in applies the account's language
            page.click("#lang-switch")
            page.wait_for_selector(f'#page-root[lang="{lang}"]')
        return context, page

    def writer(self, lang: str, size: str) -> None:
        context, page = self._signed_in(self.seed.writer_email, lang, size)
        goto(page, self.base + "/dashboard")
        self.shot(page, "dashboard", lang, size)
        for name, task_id in (("editor-en", self.seed.en_task), ("editor-fa", self.seed.fa_task)):
            goto(page, f"{self.base}/tasks/{task_id}")
            page.wait_for_selector(".ProseMirror")
            self.shot(page, name, lang, size)
        page.click("#open-history")
        page.locator(".revision-item").last.click()
        self.shot(page, "revisions", lang, size)
        page.click("#compare-tab")
        self.shot(page, "revisions-compare", lang, size)
        goto(page, self.base + "/settings")
        self.shot(page, "settings", lang, size)
        page.fill("#token-name", "New token")
        page.click("#create-token")
        page.wait_for_selector("#new-token")
        self.shot(page, "settings-new-token", lang, size)
        context.close()

    # --- named versions ---
    def named_versions(self, lang: str, size: str) -> None:
        context, page = self._signed_in(self.seed.writer_email, lang, size)
        goto(page, f"{self.base}/tasks/{self.seed.fa_task if lang == 'fa' else self.seed.en_task}")
        page.wait_for_selector(".ProseMirror")
        page.click("#open-history")
        page.locator(".version-name-action").last.click()
        page.fill("#version-name-input", "فرستاده به ویراستار" if lang == "fa" else "Sent to editor")
        self.shot(page, "revisions-naming", lang, size)
        page.click("#version-name-save")
        page.wait_for_selector(".revision-named .revision-name")
        page.locator(".revision-named .revision-item").click()
        self.shot(page, "revisions-named", lang, size)
        context.close()
    # --- end of named versions ---

    # --- spelling ---
    SPELLING_TEXT = {"en": "The writer wrote a letter about teh river and recieve the answer tomorow.",
                     "fa": "نویسنده می‌خواهد کتاب‌ها را دربارهٔ ازز رودخانه بنویسد و کتابب را ببیند."}

    def spelling(self, lang: str, size: str) -> None:
        """Marked words in the editor, then the suggestion popover open on one of them."""
        if not hasattr(self, "_spelling_tasks"):
            engine = make_engine(self.seed.server.settings.database_url)
            with Session(engine) as session:
                writer = auth_service.get_user_by_email(session=session, email=self.seed.writer_email)
                self._spelling_tasks = {
                    code: make_task(session, writer, title="Spelling" if code == "en" else "املا",
                                    body_html=f"<p>{text}</p>", language=code).id
                    for code, text in self.SPELLING_TEXT.items()}
                session.commit()
            engine.dispose()
        context, page = self._signed_in(self.seed.writer_email, lang, size)
        goto(page, f"{self.base}/tasks/{self._spelling_tasks[lang]}")
        page.wait_for_selector(".ProseMirror .misspelled")
        self.shot(page, "spelling-marks", lang, size)
        page.locator(".ProseMirror .misspelled").last.click()
        page.wait_for_selector("#spell-popover .spell-suggestion")
        self.shot(page, "spelling-popover", lang, size)
        context.close()
    # --- end of spelling ---
    # --- outline and getting started ---
    def getting_started(self, lang: str, size: str) -> None:
        context, page = self._signed_in(self.seed.writer_email, lang, size)
        goto(page, f"{self.base}/tasks/{self.seed.fa_task if lang == 'fa' else self.seed.en_task}")
        page.wait_for_selector('#save-status[data-status="saved"]')
        page.click("#tb-outline")
        page.locator("#outline-panel .we-outline-item").nth(1).click()
        self.shot(page, "outline", lang, size)
        page.locator("body").click(position={"x": 3, "y": 3})
        page.keyboard.press("?")
        page.wait_for_selector("#shortcuts-sheet")
        self.shot(page, "shortcuts", lang, size)
        context.close()
        context = self._context(lang, size)  # a new writer signs up: the sample piece
        page = context.new_page()
        goto(page, self.base + "/register")
        page.fill("#display_name", "نگار تازه‌وارد" if lang == "fa" else "Nora Newcomer")
        page.fill("#email", f"new-{lang}-{size}@example.com")
        page.fill("#password", "a long enough pass")
        page.click("#register-submit")
        page.wait_for_selector(".task-row")
        page.locator(".task-link").first.click()
        page.wait_for_selector("#analysis-result", timeout=DEADLINE * 1000)
        self.shot(page, "sample-editor", lang, size)
        goto(page, self.base + "/dashboard")
        self.shot(page, "dashboard-sample", lang, size)
        context.close()
    # --- end of outline and getting started ---
    # --- trash ---
    def trash(self, lang: str, size: str) -> None:
        """The undo message right after a delete, the trash page, its confirm dialog, and a trashed
        piece's editor link. Two fresh pieces each time, deleted for good at the end."""
        engine = make_engine(self.seed.server.settings.database_url)
        titles = ("یادداشت‌های سفر", "نامه به ناشر") if lang == "fa" else ("Travel notes", "Letter to the publisher")
        with Session(engine) as session:
            owner = auth_service.get_user_by_email(session=session, email=self.seed.writer_email)
            owner_id = owner.id
            ids = [make_task(session, owner, title=title, body_html=f"<p>{title}</p>").id for title in titles]
            session.commit()
        context, page = self._signed_in(self.seed.writer_email, lang, size)
        goto(page, self.base + "/dashboard")
        for title in titles:
            page.locator(".task-row").filter(has_text=title).locator(".delete-task").click()
            page.wait_for_selector("#trash-undo-message")
        self.shot(page, "trash-undo", lang, size)
        goto(page, self.base + "/trash")
        page.wait_for_selector(".trash-row")
        self.shot(page, "trash", lang, size)
        page.locator(".delete-forever").first.click()
        page.wait_for_selector("#confirm-dialog")
        self.shot(page, "trash-confirm", lang, size)
        page.click("#confirm-cancel")
        goto(page, f"{self.base}/tasks/{ids[0]}")
        page.wait_for_selector("#piece-in-trash")
        self.shot(page, "editor-in-trash", lang, size)
        context.close()
        with Session(engine) as session:
            trash_service.delete_forever(session=session, owner_id=owner_id, task_ids=ids,
                                         settings=self.seed.server.settings)
            session.commit()
        engine.dispose()
    # --- end of trash ---
    # --- pdf and print ---
    def pdf_and_print(self, lang: str, size: str) -> None:
        """The export links with PDF; the editor as the browser prints it (print media, and the
        printed PDF); the PDF export itself. PDF pages become PNGs when poppler's pdftoppm exists."""
        context, page = self._signed_in(self.seed.writer_email, lang, size)
        for piece, task_id in (("en", self.seed.en_task), ("fa", self.seed.fa_task)):
            goto(page, f"{self.base}/tasks/{task_id}")
            page.wait_for_selector(".ProseMirror")
            _settle(page)
            exports = page.locator("#editor-exports")
            exports.scroll_into_view_if_needed()
            exports.screenshot(path=str(self.out / f"editor-exports-{piece}-{lang}-{size}{self.suffix}.png"))
            page.emulate_media(media="print")
            self.shot(page, f"editor-print-{piece}", lang, size)
            if size == "desktop" and not self.suffix:  # paper has no colour scheme: once is enough
                printed = self.out / f"editor-printed-{piece}-{lang}.pdf"
                printed.write_bytes(page.pdf(format="A4"))
                session = next(c["value"] for c in context.cookies() if c["name"] == "writers_session")
                exported = self.out / f"export-{piece}-{lang}.pdf"
                exported.write_bytes(httpx.get(f"{self.base}/api/editor/tasks/{task_id}/export/pdf",
                                               cookies={"writers_session": session}, timeout=120).content)
                for pdf in (printed, exported):
                    if shutil.which("pdftoppm"):
                        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                                        str(pdf), str(pdf.with_suffix(""))], check=True, timeout=120)
            page.emulate_media(media="screen")
        context.close()
    # --- end of pdf and print ---
    # --- profile and data ---
    def profile(self, lang: str, size: str) -> None:
        """The profile page with an export in progress (a writer whose export row says so), then
        with a finished one and the deletion dialog open; and the e-mail confirmation page."""
        email = self._export_in_progress_writer()
        context, page = self._signed_in(email, lang, size)
        goto(page, self.base + "/profile")
        page.wait_for_selector("#export-progress")
        self._profile_shot(page, "profile-export-running", lang, size)
        context.close()
        context, page = self._signed_in(self.seed.writer_email, lang, size)
        goto(page, self.base + "/profile")
        self._profile_shot(page, "profile", lang, size)
        page.click("#export-start")
        page.wait_for_selector("#export-done", timeout=120_000)
        self._profile_shot(page, "profile-export-done", lang, size)
        page.click("#delete-open")
        page.wait_for_selector("#delete-password")
        self._profile_shot(page, "profile-delete-dialog", lang, size, full_page=False)  # the overlay is the viewport's
        page.keyboard.press("Escape")
        goto(page, self.base + "/confirm-email?token=not-a-real-link")
        page.wait_for_selector("#confirm-error")
        self._profile_shot(page, "confirm-email-invalid", lang, size)
        context.close()

    def _profile_shot(self, page: Page, name: str, lang: str, size: str, *, full_page: bool = True) -> None:
        # Not `_settle`: the export card polls while an export runs, so the network is never idle.
        page.evaluate("document.fonts.ready")
        if full_page:
            page.evaluate("window.scrollTo(0, 0)")  # the sticky top bar would be drawn mid-page otherwise
        page.wait_for_timeout(600)
        path = self.out / f"{name}-{lang}-{size}{self.suffix}.png"
        page.screenshot(path=str(path), full_page=full_page)
        log.info("wrote %s", path)

    def _export_in_progress_writer(self) -> str:
        if not getattr(self, "_exporting", None):
            from writers_app.models import DataExport

            engine = make_engine(self.seed.server.settings.database_url)
            with Session(engine) as session:
                writer = make_writer(session, self.seed.server.settings, display_name="Parisa Writer",
                                     email="parisa@example.com")
                session.add(DataExport(user_id=writer.id, status="running", progress=45))
                session.commit()
            engine.dispose()
            self._exporting = "parisa@example.com"
        return self._exporting
    # --- end of profile and data ---
    # --- find and replace ---
    def find_replace(self, lang: str, size: str) -> None:
        context, page = self._signed_in(self.seed.writer_email, lang, size)
        goto(page, f"{self.base}/tasks/{self.seed.fa_task if lang == 'fa' else self.seed.en_task}")
        page.wait_for_selector('#save-status[data-status="saved"]')
        page.locator(".ProseMirror p").first.click()
        page.keyboard.press("Control+h")
        page.fill("#find-input", "رود" if lang == "fa" else "the")
        page.fill("#replace-input", "رودخانه" if lang == "fa" else "a")
        page.wait_for_selector(".we-find-current")
        self.shot(page, "editor-find", lang, size)
        page.fill("#find-input", "(")
        page.click("#find-regex")
        page.wait_for_selector("#find-error")
        self.shot(page, "editor-find-regex-error", lang, size)
        context.close()
    # --- end of find and replace ---
    # --- focus and comfort ---
    def focus_and_comfort(self, lang: str, size: str) -> None:
        context, page = self._signed_in(self.seed.writer_email, lang, size)
        goto(page, self.base + "/settings")
        page.locator("#writing-card").scroll_into_view_if_needed()
        page.locator("#writing-card").screenshot(path=str(self.out / f"settings-writing-{lang}-{size}{self.suffix}.png"))
        goto(page, f"{self.base}/tasks/{self.seed.fa_task if lang == 'fa' else self.seed.en_task}")
        page.wait_for_selector('.ProseMirror[contenteditable="true"]')
        page.click("#tb-prefs")
        page.wait_for_selector("#prefs-menu")
        self.shot(page, "editor-aa-menu", lang, size)
        page.keyboard.press("Escape")
        page.locator(".ProseMirror p").first.click()
        page.keyboard.press("Control+Shift+F")
        page.wait_for_selector("html.focus-mode")
        self.shot(page, "editor-focus", lang, size)
        page.keyboard.press("Escape")
        context.close()
    # --- end of focus and comfort ---

    def admin(self, lang: str, size: str) -> None:
        context, page = self._signed_in(self.seed.admin_email, lang, size)
        for name, path in (("admin-users", "/admin"), ("admin-tasks", "/admin/tasks"), ("admin-jobs", "/admin/jobs"),
                           ("admin-system", "/admin/system"), ("admin-audit", "/admin/audit")):
            goto(page, self.base + path)
            page.wait_for_selector("#" + name)
            self.shot(page, name, lang, size)
        goto(page, self.base + "/admin")
        page.locator(f'[data-email="{self.seed.writer_email}"]:visible').first.click()  # row, or card on a phone
        page.wait_for_selector("#user-details")
        self.shot(page, "admin-user-details", lang, size)
        context.close()


# --- dark mode ---
class DarkPhotographer(Photographer):
    """Every page in the dark scheme: the browser's system is dark and every account follows the
    system (the default), as a phone at night shows the app. Also the header's scheme menu."""

    scheme, suffix = "dark", "-dark"

    def visitor(self, lang: str, size: str) -> None:
        super().visitor(lang, size)
        context = self._context(lang, size)
        page = context.new_page()
        goto(page, self.base + "/login")
        page.click("#theme-menu")
        page.wait_for_selector("#theme-dark")
        self.shot(page, "theme-menu", lang, size)
        context.close()


def photographer_class(argv: list[str]) -> type[Photographer]:
    return DarkPhotographer if "--dark" in argv else Photographer
# --- end of dark mode ---


def main(out: Path, photographer_type: type[Photographer] = Photographer) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="writers-screenshots-"))
    server = start_server(tmp, database_url=f"sqlite:///{tmp / 'screens.db'}")
    try:
        seed = Seed(server)
        chromium = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
            photographer = photographer_type(browser, seed, out)
            for lang in LANGS:
                for size in SIZES:
                    photographer.visitor(lang, size)
                    photographer.writer(lang, size)
                    photographer.named_versions(lang, size)
                    photographer.spelling(lang, size)
                    photographer.getting_started(lang, size)
                    photographer.trash(lang, size)  # --- trash ---
                    # --- pdf and print ---
                    photographer.pdf_and_print(lang, size)
                    # --- end of pdf and print ---
                    photographer.find_replace(lang, size)
                    photographer.focus_and_comfort(lang, size)
                    photographer.admin(lang, size)
                    photographer.profile(lang, size)  # --- profile and data ---
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    log.info("%d screenshots in %s", len(list(out.glob("*.png"))), out)
    return 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    sys.exit(main(Path(args[0]) if args else ROOT / "screenshots", photographer_class(sys.argv[1:])))
