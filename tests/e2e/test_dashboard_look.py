"""What a writer sees on the dashboard and settings pages, in English and Persian, desktop and
phone (issue 14): the reader's digits and calendar everywhere, a Jalali due-date picker, an even
and translated words chart, upload notices and titles, the empty-search state, phone order.

With WRITERS_SHOTS=<folder> set, the tests also leave screenshots of what they checked there."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from tests.e2e.helpers import goto, login_and_wait, stored_task
from tests.factories import make_task, make_token
from tests.support.digits import latin_digits
from writers_app import routes
from writers_app.core import localize
from writers_app.core.security import utcnow
from writers_app.db import make_engine
from writers_app.i18n import MESSAGES
from writers_app.models import Task, TaskStatus
from writers_app.services import auth, writing_stats

pytestmark = pytest.mark.e2e
EN, FA = MESSAGES["en"], MESSAGES["fa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _shot(page, name: str) -> None:
    folder = os.environ.get("WRITERS_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _seed(server, email: str, *, pieces: int = 3, written: bool = True) -> list[int]:
    """Pieces with goals, a due date and one being processed at 40%; words on past days."""
    engine = make_engine(server.settings.database_url)
    with Session(engine) as session:
        owner = auth.get_user_by_email(session=session, email=email)
        ids = [make_task(session, owner, title=f"Piece {i + 1}", body_html=f"<p>{'word ' * (10 * i + 3)}</p>").id
               for i in range(pieces)]
        first = session.get(Task, ids[0])
        first.word_goal, first.due_date = 500, utcnow().date() + timedelta(days=9)
        if pieces > 1:
            busy = session.get(Task, ids[1])
            busy.status, busy.progress, busy.stage = TaskStatus.PROCESSING.value, 40, "analysing"
        if written:
            for back, words in ((0, 120), (3, 45), (7, 300)):
                writing_stats.add_written_words(session, owner_id=owner.id, words=words,
                                                day=utcnow().date() - timedelta(days=back))
        make_token(session, owner, name="Laptop script")
        session.commit()
    engine.dispose()
    return ids


def _writer(server, page, *, lang: str, viewport=DESKTOP, **seed) -> list[int]:
    email = server.create_user(name="Test Writer", language=lang)
    ids = _seed(server, email, **seed) if seed.get("pieces", 1) else []
    page.set_viewport_size(viewport)
    login_and_wait(page, server.base_url, email)
    return ids


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_dashboard_and_settings_speak_the_readers_digits_and_calendar(app_server, page, lang):
    _writer(app_server, page, lang=lang)
    expect(page.locator(".task-row")).to_have_count(3)
    badge = page.locator('.status-badge[data-status="processing"]')
    in_nine_days = utcnow().date() + timedelta(days=9)
    expect(page.locator(".task-row", has_text="Piece 1")).to_contain_text(localize.date_text(in_nine_days, lang))
    expect(page.locator("#upload-hint")).to_contain_text(localize.size(app_server.settings.upload_max_bytes, lang))
    if lang == "fa":
        expect(badge).to_contain_text("۴۰٪")  # the sign after the number, in Persian digits
        expect(page.locator(".task-row", has_text="Piece 1")).to_contain_text("۵۰۰")  # the goal
        assert latin_digits(page) == []
    else:
        expect(badge).to_contain_text("40%")
        expect(page.locator(".task-row", has_text="Piece 1")).to_contain_text("500")
    # The extensions stay one left-to-right run inside the Persian sentence.
    expect(page.locator("#upload-hint bdi[dir=ltr]")).to_have_text(".txt .md .docx .pdf .html")
    _shot(page, f"dashboard-{lang}-desktop")

    goto(page, app_server.base_url + "/settings")
    expect(page.locator(".session-row")).to_have_count(1)
    expect(page.locator(".token-row")).to_have_count(1)
    today = utcnow().date()
    session_text = page.locator(".session-row").inner_text()
    assert localize.date_text(today, lang) in session_text or \
        localize.date_text(today - timedelta(days=1), lang) in session_text  # local midnight
    if lang == "fa":
        assert latin_digits(page) == []
        assert not re.search(r"\d{4}-\d{2}-\d{2}", session_text)
    _shot(page, f"settings-{lang}-desktop")
    page.set_viewport_size(PHONE)
    _shot(page, f"settings-{lang}-phone")


def test_jalali_due_date_picker_stores_the_iso_date_and_shows_the_jalali_one(app_server, page):
    ids = _writer(app_server, page, lang="fa", pieces=1, written=False)
    task_id = ids[0]
    goto(page, f"{app_server.base_url}/tasks/{task_id}")
    picker = page.locator("#due-date-jalali")
    expect(picker).to_be_visible()
    expect(page.locator("#due-date")).to_have_count(0)  # no mm/dd/yyyy field for a Persian reader
    expect(page.locator("#word-goal")).to_have_value("۵۰۰")
    expect(page.locator("#goal-progress")).to_contain_text("٪ از ۵۰۰")  # not "1% از ۵۰۰"
    assert not re.search(r"[0-9%]", page.locator("#goal-progress").inner_text())
    already = stored_task(app_server, task_id).due_date
    year = localize.jalali(already)[0] + 1
    for part, label in (("year", localize.persian_digits(str(year))), ("month", "اسفند"),
                        ("day", localize.persian_digits("30"))):
        page.click(f"#due-date-jalali-{part}")
        page.get_by_role("option", name=label, exact=True).click()
        expect(page.locator(f"#due-date-jalali-{part}")).to_contain_text(label if part != "day" or
                                                                         localize.month_length(year, 12) == 30
                                                                         else localize.persian_digits("29"))
    want = localize.gregorian(year, 12, localize.month_length(year, 12))  # 30 Esfand only in a leap year
    expect(picker).to_have_attribute("data-iso", want.isoformat())
    assert stored_task(app_server, task_id).due_date == want
    goto(page, app_server.base_url + "/dashboard")
    expect(page.locator(".task-row")).to_contain_text(localize.date_text(want, "fa"))

    page.click("#lang-switch")  # English: the browser's own date input, same ISO value
    expect(page.locator("#dashboard-title")).to_have_text(EN["dashboard.title"])
    goto(page, f"{app_server.base_url}/tasks/{task_id}")
    expect(page.locator("#due-date")).to_have_value(want.isoformat())
    page.click("#lang-switch")
    expect(picker).to_be_visible()
    page.click("#due-date-jalali-clear")
    expect(picker).to_have_attribute("data-iso", "")
    assert stored_task(app_server, task_id).due_date is None


def _texts(page, selector: str) -> list[str]:
    items = page.locator(f"#words-chart {selector}")
    expect(items.first).to_be_attached()
    return items.evaluate_all("(els) => els.map((e) => e.textContent.trim())")


def _box(page, selector: str) -> dict:
    return page.locator(f"#words-chart {selector}").bounding_box()


def _day_labels_apart(page, shown: int) -> None:
    """`shown` day labels (every other week on a phone), inside the card, none over another."""
    card = _box(page, "")
    labels = page.locator("#words-chart .chart-day-label:visible")
    expect(labels).to_have_count(shown)
    boxes = sorted((b.bounding_box() for b in labels.all()), key=lambda b: b["x"])
    for box in boxes:
        assert card["x"] <= box["x"] and box["x"] + box["width"] <= card["x"] + card["width"], (box, card)
    for left, right in zip(boxes, boxes[1:]):
        assert left["x"] + left["width"] < right["x"], "day labels overlap"


def test_chart_is_plain_svg_with_even_ticks_and_follows_a_language_switch_at_once(app_server, page):
    _writer(app_server, page, lang="en")
    today = utcnow().date()
    expect(page.locator("#words-chart .chart-day")).to_have_count(30)
    expect(page.locator("#words-chart-figure")).to_have_attribute("role", "img")
    expect(page.locator("#words-chart-figure")).to_have_attribute(
        "aria-label", re.compile(r"^[0-9,]+ words on 3 of the last 30 days; the most, 300, on "))
    assert _texts(page, ".chart-tick") == ["0", "100", "200", "300", "400"]
    assert all(re.search(r"^\d{1,2} [A-Z][a-z]{2}$", text) for text in _texts(page, ".chart-day-label"))
    # Bars as tall as their words, standing on one baseline; today on the right.
    most = _box(page, '.chart-day[data-words="300"] .chart-bar')
    fewer = _box(page, '.chart-day[data-words="45"] .chart-bar')
    today_bar = _box(page, f'.chart-day[data-day="{today}"] .chart-bar')
    assert most["height"] == pytest.approx(300 / 45 * fewer["height"], rel=0.03)
    assert most["height"] == pytest.approx(0.75 * (_box(page, ".chart-axis > .chart-axis-line")["height"]), rel=0.03)
    assert most["y"] + most["height"] == pytest.approx(fewer["y"] + fewer["height"], abs=1)
    assert today_bar["x"] > _box(page, '.chart-day[data-words="300"] .chart-bar')["x"]
    assert _box(page, ".chart-axis")["x"] < _box(page, ".chart-plot")["x"]  # the words axis on the left
    tip = page.locator(f'#words-chart .chart-day[data-day="{today}"] title')
    expect(tip).to_have_text(re.compile(rf"^{today.day} {today.strftime('%b')}: [0-9,]+ words$"))
    bar = page.locator('#words-chart .chart-day[data-words="300"] .chart-bar')
    still = bar.evaluate("(e) => getComputedStyle(e).fill")
    bar.hover()
    expect(bar).not_to_have_css("fill", still)  # highlighted under the pointer
    _day_labels_apart(page, 5)
    # No charting library: no script the page loaded carries recharts.
    scripts = page.evaluate(
        "performance.getEntriesByType('resource').map((r) => r.name).filter((n) => n.endsWith('.js'))")
    assert scripts
    assert not [url for url in scripts if "recharts" in page.request.get(url).text()]

    page.click("#lang-switch")  # no reload
    expect(page.locator("#dashboard-title")).to_have_text(FA["dashboard.title"])
    expect(page.locator("#words-chart .chart-tick").first).to_have_text("۰")
    assert _texts(page, ".chart-tick") == ["۰", "۱۰۰", "۲۰۰", "۳۰۰", "۴۰۰"]
    x_labels = _texts(page, ".chart-day-label")
    assert x_labels and all(not re.search(r"[0-9A-Za-z]", text) for text in x_labels), x_labels
    assert localize.date_text(today, "fa").rsplit(" ", 1)[0] in x_labels  # "۱۱ آذر": Jalali
    expect(tip).to_have_text(re.compile("^" + localize.date_text(today, "fa").rsplit(" ", 1)[0] + ": [۰-۹٬]+ واژه$"))
    expect(page.locator("#words-chart-figure")).to_have_attribute("aria-label", re.compile(r"^[۰-۹٬]+ واژه در ۳ روز"))
    assert latin_digits(page) == []
    # Mirrored: today on the left, the words axis on the right, its numbers clear of its line.
    assert _box(page, f'.chart-day[data-day="{today}"] .chart-bar')["x"] < _box(
        page, '.chart-day[data-words="300"] .chart-bar')["x"]
    axis, plot = _box(page, ".chart-axis"), _box(page, ".chart-plot")
    assert axis["x"] >= plot["x"] + plot["width"] - 1
    line = _box(page, ".chart-axis > .chart-axis-line")
    for tick in page.locator("#words-chart .chart-tick").all():
        assert tick.bounding_box()["x"] >= line["x"], "a y-axis number runs into the axis line"
    _day_labels_apart(page, 5)
    _shot(page, "dashboard-fa-chart")
    page.set_viewport_size(PHONE)
    expect(page.locator("#words-chart .chart-day")).to_have_count(30)
    assert _box(page, "")["width"] <= PHONE["width"]
    _day_labels_apart(page, 3)
    _shot(page, "dashboard-fa-chart-phone")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_new_writer_is_told_what_the_empty_chart_will_show(app_server, page, lang):
    _writer(app_server, page, lang=lang, pieces=0)
    table = EN if lang == "en" else FA
    expect(page.locator("#chart-empty")).to_have_text(table["dashboard.chart_empty"])
    expect(page.locator("#words-chart .chart-figure")).to_have_count(0)
    expect(page.locator("#dashboard-empty")).to_have_attribute("data-kind", "new-writer")
    expect(page.locator("#clear-search")).to_have_count(0)
    if lang == "fa":
        assert latin_digits(page) == []
    _shot(page, f"dashboard-{lang}-new-writer-desktop")
    page.set_viewport_size(PHONE)
    _shot(page, f"dashboard-{lang}-new-writer-phone")


def test_upload_is_titled_by_its_heading_and_its_notice_goes_once_analysed(app_server, page, tmp_path):
    _writer(app_server, page, lang="en", pieces=0)
    draft = tmp_path / "draft-notes.md"
    draft.write_text("# Draft notes\n\nThe first paragraph of the draft.\n")
    page.locator("#drafts input[type=file]").set_input_files(str(draft))
    expect(page.locator(".task-link")).to_have_text("Draft notes")  # not "draft-notes"
    expect(page.locator('.status-badge[data-status="analyzed"]')).to_have_count(1, timeout=60_000)
    expect(page.locator(".upload-ok")).to_have_count(0)  # no "waiting to be processed" beside Analysed
    engine = make_engine(app_server.settings.database_url)
    with Session(engine) as session:
        task = session.exec(select(Task).where(Task.title == "Draft notes")).one()
    engine.dispose()
    export = page.request.get(app_server.base_url + routes.editor_export_url(task.id, "md"))
    assert export.ok, export.status
    assert [line for line in export.text().splitlines() if line.startswith("# ")] == ["# Draft notes"]


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_search_without_result_says_so_once_and_clears(app_server, page, lang):
    _writer(app_server, page, lang=lang)
    table = EN if lang == "en" else FA
    page.fill("#task-search", "nothing like this anywhere")
    empty = page.locator("#dashboard-empty")
    expect(empty).to_have_attribute("data-kind", "no-match")
    expect(empty).to_contain_text(table["dashboard.no_match"])
    expect(empty).not_to_contain_text(table["dashboard.empty_body"])  # not "once you start writing"
    if lang == "fa":
        assert latin_digits(page) == []
    _shot(page, f"dashboard-{lang}-no-match-desktop")
    page.set_viewport_size(PHONE)
    _shot(page, f"dashboard-{lang}-no-match-phone")
    page.click("#clear-search")
    expect(page.locator(".task-row")).to_have_count(3)
    expect(page.locator("#task-search")).to_have_value("")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_on_a_phone_the_list_comes_first(app_server, page, lang):
    _writer(app_server, page, lang=lang, viewport=PHONE)
    first = page.locator(".task-row").first
    expect(first).to_be_visible()
    box = first.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], f"first row ends at {box['y'] + box['height']}px"
    assert page.locator("#words-chart").bounding_box()["y"] > box["y"]
    table = EN if lang == "en" else FA
    expect(page.locator("#drafts").get_by_text(table["upload.choose_files"])).to_be_visible()
    expect(page.locator("#drafts").get_by_text(table["upload.drop_here"])).to_be_hidden()  # nothing to drop on a phone
    if lang == "fa":
        assert latin_digits(page) == []
    _shot(page, f"dashboard-{lang}-phone")
    page.set_viewport_size(DESKTOP)
    expect(page.locator("#drafts").get_by_text(table["upload.drop_here"])).to_be_visible()
    expect(page.locator("#drafts").get_by_text(table["upload.choose_files"])).to_be_hidden()
    assert page.locator("#words-chart").bounding_box()["y"] < page.locator(".task-row").first.bounding_box()["y"]


def test_dates_of_a_piece_due_yesterday_are_marked_overdue_in_both_calendars(app_server, page):
    ids = _writer(app_server, page, lang="fa", pieces=1, written=False)
    engine = make_engine(app_server.settings.database_url)
    yesterday = utcnow().date() - timedelta(days=1)
    with Session(engine) as session:
        task = session.get(Task, ids[0])
        task.due_date = yesterday
        session.add(task)
        session.commit()
    engine.dispose()
    page.reload()
    expect(page.locator(".overdue")).to_contain_text(localize.date_text(yesterday, "fa"))
    assert latin_digits(page) == []
