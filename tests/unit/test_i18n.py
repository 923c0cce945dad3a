import re

from tests.support.i18n_keys import keys_in_python, untranslated, used_keys
from writers_app.i18n import MESSAGES, translate



def test_every_key_exists_in_both_languages_and_differs_where_it_should():
    assert MESSAGES["en"].keys() == MESSAGES["fa"].keys()
    for key, fa in MESSAGES["fa"].items():
        assert fa.strip(), key
        if not key.startswith("lang."):
            assert re.search(r"[\u0600-\u06FF]", fa), f"{key} has no Persian text"


def test_placeholders_match():
    for key, en in MESSAGES["en"].items():
        assert set(re.findall(r"{\w+}", en)) == set(re.findall(r"{\w+}", MESSAGES["fa"][key])), key


def test_every_key_the_code_uses_is_translated_in_both_languages():
    uses = used_keys()
    assert len({use.key for use in uses}) > 250  # the collector does see the code
    assert untranslated(uses) == []


NEW_PAGE = """
import reflex as rx
from writers_app.i18n import translate
from writers_app.services.errors import NotFound, ServiceError
from writers_app.state.i18n import I18nState, t

EMPTY = "stats.empty"
STATS_ERROR = "stats.broken"

class StatsState(rx.State):
    error: str = ""
    _failure_reason = "stats.failed"

    def load(self):
        self.error = "stats.load_failed"
        self.busy, self.notice = False, "stats.loaded"
        raise ServiceError("stats.no_rows")

def stats_page():
    return rx.vstack(rx.heading(t("stats.title")), rx.text(I18nState.t["stats.intro"]),
                     rx.text(translate("stats.mail", "fa")), rx.text(t("status." + StatsState.error)),
                     rx.text(t(EMPTY)))

def gone():
    raise NotFound("stats.gone")

def refused():
    raise ApiError(403, "stats.refused")
"""


def test_the_collector_catches_a_missing_key_in_a_new_page_module(tmp_path):
    package = tmp_path / "writers_app" / "pages"
    package.mkdir(parents=True)
    (package / "stats.py").write_text(NEW_PAGE)
    (package / "stats.jsx").write_text("const tr = (key) => (labels && labels[`editor.${key}`]) || key;\n"
                                       "return <b>{tr(\"stats_label\")}</b>;\n")
    missing = untranslated(used_keys(tmp_path / "writers_app"))
    assert [m.split(" ")[0] for m in missing] == [
        "editor.stats_label", "stats.broken", "stats.empty", "stats.failed", "stats.gone", "stats.intro",
        "stats.load_failed", "stats.loaded", "stats.mail", "stats.no_rows", "stats.refused", "stats.title"]
    assert "stats.title (writers_app/pages/stats.py:20)" in missing  # where: the t("stats.title") line
    # A run-time family ("status." + ...) is not a key; an existing key is not reported.
    assert not [m for m in missing if m.startswith("status.")]


def test_a_key_only_in_english_or_only_in_persian_counts_as_missing(monkeypatch):
    from writers_app import i18n

    monkeypatch.setitem(i18n.MESSAGES["fa"], "nav.login", " ")
    assert untranslated(keys_in_python('t("nav.login")', "x.py", set())) == ["nav.login (x.py:1)"]


def test_a_missing_key_renders_visibly(use_settings, tmp_path):
    import reflex as rx

    from tests.conftest import make_settings
    from writers_app.state.i18n import t

    class KeyState(rx.State):
        key: str = ""

    assert "\\u27e6stats.title\\u27e7" in str(t("stats.title")) or "⟦stats.title⟧" in str(t("stats.title"))
    held = str(t(KeyState.key))  # a key in a var: looked up in the browser, the marker if absent
    assert "hasOwnProperty" in held and ("\\u27e6" in held or "⟦" in held)
    assert "⟦" not in str(t("nav.login")) and "\\u27e6" not in str(t("nav.login"))
    use_settings(make_settings(tmp_path, app_env="prod", secret_key="p" * 48, metrics_token="m" * 32))
    assert str(t("stats.title")) == '"stats.title"'  # production: the key itself, never empty
    assert "\\u27e6" not in str(t(KeyState.key))


def test_missing_key_falls_back_visibly():
    assert translate("no.such_key", "fa") == "no.such_key"
    assert translate("nav.login", "xx") == MESSAGES["en"]["nav.login"]


def test_key_families_built_at_run_time_are_complete():
    from writers_app.models import Role, TaskStatus
    from writers_app.pages.dashboard.state import SORTS

    keys = [f"status.{s.value}" for s in TaskStatus] + [f"role.{r.value}" for r in Role]
    keys += [f"dashboard.sort_{s}" for s in SORTS]
    from writers_app.services.audit import ACTIONS

    keys += list(ACTIONS)
    from writers_app.models import RevisionReason

    keys += [f"revisions.reason_{r.value}" for r in RevisionReason]
    from writers_app.analysis import registered_checks
    from writers_app.pages.editor.analysis_rows import HIGHLIGHTED

    keys += [check.title for check in registered_checks()]
    keys += [f"analysis.ui.hl_{kind}" for kind in set(HIGHLIGHTED.values())]
    keys += [f"admin.worker_mode.{mode}" for mode in ("embedded", "redis", "")]  # workers/broker.py's modes
    assert not [k for k in keys if not (MESSAGES["en"].get(k, "").strip() and MESSAGES["fa"].get(k, "").strip())]


UI_SNIPPET = '''
import reflex as rx
from writers_app.state.i18n import I18nState, t

def stats_page():
    return rx.vstack(
        rx.heading("Statistics"),                                    # flagged
        rx.button(rx.icon("sparkles"), "Run", id="run-stats"),       # "Run" flagged, the icon and id not
        rx.input(placeholder="Search your pieces", name="q"),        # flagged
        rx.icon_button(rx.icon("x"), aria_label="Close"),            # flagged
        rx.text(rx.cond(I18nState.is_fa, "بله", "Yes")),             # both flagged
        rx.text(f"{3} words"),                                       # flagged
        rx.text("stats.title"),                                      # a key shown raw: flagged
        rx.text(t("stats.title"), " · ", "→", "42%", class_name="stat-row", color="var(--gray-11)"),
        rx.badge(t("nav.login"), color_scheme=rx.cond(I18nState.is_fa, "green", "red")),
        rx.link(t("nav.login"), href="/login", title=t("nav.login")),
        rx.cond(I18nState.is_fa, "English", "فارسی"),                # allowed
        field("auth.email", placeholder="auth.email"),               # a key for our own helper
    )

def empty():
    return rx.cond(I18nState.is_fa, "خالی", "")                      # a drawn result: flagged
'''


def test_the_ui_strings_check_flags_literals_that_bypass_the_table():
    from tests.support.ui_strings import offenders_in

    found = [o.text for o in offenders_in(UI_SNIPPET, "stats.py")]
    assert found == ["Statistics", "Run", "Search your pieces", "Close", "بله", "Yes", " words", "stats.title",
                     "خالی"]


def test_pages_and_components_show_no_text_outside_the_table():
    """Words a writer reads come from i18n.py; tests/support/ui_strings.py's ALLOWED lists the
    deliberate exceptions (the language switch names each language in itself)."""
    from tests.support.ui_strings import offenders

    assert [str(o) for o in offenders()] == []


def test_file_extensions_in_persian_strings_are_isolated_left_to_right():
    """«.txt، .md» without isolates reads «txt. ،md.»: the dot flips to the far side of each name."""
    extension = re.compile(r"(?<![\w/\u2066\u200e])\.[a-z]{2,4}\b")  # an LRM before the dot holds it too
    loose = {key: fa for key, fa in MESSAGES["fa"].items() if extension.search(fa)}
    assert loose == {}
    isolated = [fa for fa in MESSAGES["fa"].values() if "\u2066." in fa]
    assert isolated and all(fa.count("\u2066") == fa.count("\u2069") for fa in isolated)
