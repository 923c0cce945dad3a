"""The colour scheme in the header: a small icon menu (as the system, light, dark), and the
glue that applies a signed-in writer's stored choice to this browser.

Reflex's colour mode keeps the choice in localStorage and sets `light`/`dark` on <html> before
the first paint (its head script); Radix Themes draws every `var(--gray-*)`, `var(--accent-*)`
from that class, and so does our style sheet.
"""

from __future__ import annotations

import reflex as rx
from reflex.style import set_color_mode
from reflex.vars import VarData

from writers_app.state.auth import AuthState
from writers_app.state.i18n import I18nState, t
from writers_app.state.theme import ThemeState

CHOICES = (("system", "monitor", "theme.system"), ("light", "sun", "theme.light"), ("dark", "moon", "theme.dark"))


def _item(mode: str, icon: str, label: str) -> rx.Component:
    return rx.menu.item(
        rx.hstack(rx.icon(icon, size=16), rx.text(t(label)), rx.spacer(),
                  rx.cond(rx.color_mode == mode, rx.icon("check", size=14), rx.fragment()),
                  align="center", spacing="2", width="100%"),
        on_click=[set_color_mode(mode), ThemeState.choose(mode)],
        id=f"theme-{mode}",
        custom_attrs={"data-theme-choice": mode},
    )


def theme_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.icon_button(
                rx.color_mode_cond(light=rx.icon("sun", size=18), dark=rx.icon("moon", size=18)),
                variant="ghost", size="2", id="theme-menu", aria_label=t("theme.menu"),
                custom_attrs={"title": t("theme.menu")},
            ),
        ),
        rx.menu.content(*[_item(*choice) for choice in CHOICES], dir=I18nState.dir),
        dir=I18nState.dir,
    )


class StoredThemeSync(rx.Fragment):
    """Hands the writer's stored choice (AuthState.theme, "" for a visitor) to the colour mode
    once the session has been read, when this browser holds another one."""

    def add_hooks(self) -> list[str | rx.Var]:
        stored = AuthState.theme
        mode = rx.color_mode
        js = (f"useEffect(() => {{ const want = {stored}; "
              f"if ([\"system\", \"light\", \"dark\"].includes(want) && want !== {mode}) "
              f"{{ {rx.Var('setColorMode', _var_data=mode._get_all_var_data())}(want); }} }}, [{stored}]);")
        return [rx.Var(js, _var_data=VarData.merge(
            stored._get_all_var_data(), mode._get_all_var_data(),
            VarData(imports={"react": [rx.ImportVar(tag="useEffect")]}),
            VarData(hooks={"const { setColorMode } = useContext(ColorModeContext)": None})))]


def theme_controls() -> rx.Component:
    return rx.fragment(theme_menu(), StoredThemeSync.create())
