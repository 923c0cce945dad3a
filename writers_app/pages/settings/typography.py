"""The typography card: the writer's house style for Persian text, applied by the analysis and
by "fix all" (services/typography.py). The switches only change this tab; Save stores them."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from writers_app.components.forms import message
from writers_app.components.layout import card
from writers_app.db import session_scope
from writers_app.services import typography as typography_service
from writers_app.services.errors import ServiceError
from writers_app.state.auth import auth_context, login_redirect
from writers_app.state.i18n import I18nState, t

EZAFE_FORMS = ("hamza", "yeh")
DECIMALS = ("٫", ".")
SWITCHES = ("thousands_separator", "collapse_marks", "convert_dates")


@dataclass
class FamilyRow:
    id: str  # "fa.dashes"
    title: str  # translation key of the check's title
    on: bool


class TypographyState(rx.State):
    heh_yeh: str = "hamza"
    decimal_separator: str = "٫"
    thousands_separator: bool = True
    collapse_marks: bool = True
    convert_dates: bool = False
    families: list[FamilyRow] = []
    typo_error: str = ""  # message keys
    typo_notice: str = ""
    _keep_leading_spaces: bool = True  # not offered here; kept as stored

    def _show(self, options) -> None:  # noqa: ANN001  (TypographyOptions)
        self.heh_yeh, self.decimal_separator = options.heh_yeh, options.decimal_separator
        self.thousands_separator, self.collapse_marks = options.thousands_separator, options.collapse_marks
        self.convert_dates, self._keep_leading_spaces = options.convert_dates, options.keep_leading_spaces
        self.families = [FamilyRow(f.id, f.title, f.id not in options.disabled)
                         for f in typography_service.typography_families()]

    @rx.event
    def load(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        self.typo_error = self.typo_notice = ""
        with session_scope() as session:
            self._show(typography_service.get_options(session=session, user_id=ctx.user.id))
        return None

    @rx.event
    def set_heh_yeh(self, value: str):
        if value in EZAFE_FORMS:
            self.heh_yeh, self.typo_notice = value, ""

    @rx.event
    def set_decimal_separator(self, value: str):
        if value in DECIMALS:
            self.decimal_separator, self.typo_notice = value, ""

    @rx.event
    def set_switch(self, name: str, value: bool):
        if name in SWITCHES:  # a fixed allow-list: never setattr with a name the browser chose
            setattr(self, name, bool(value))
            self.typo_notice = ""

    @rx.event
    def set_family(self, check_id: str, value: bool):
        self.families = [FamilyRow(f.id, f.title, bool(value) if f.id == check_id else f.on) for f in self.families]
        self.typo_notice = ""

    @rx.event
    def save(self):
        ctx = auth_context(self)
        if ctx is None:
            return login_redirect(self)
        values = {"heh_yeh": self.heh_yeh, "decimal_separator": self.decimal_separator,
                  "thousands_separator": self.thousands_separator, "collapse_marks": self.collapse_marks,
                  "convert_dates": self.convert_dates, "keep_leading_spaces": self._keep_leading_spaces,
                  "disabled": [f.id for f in self.families if not f.on]}
        try:
            with session_scope() as session:
                saved = typography_service.save_options(session=session, user_id=ctx.user.id, options=values)
        except ServiceError as exc:
            self.typo_error, self.typo_notice = exc.code, ""
            return None
        self._show(saved)
        self.typo_error, self.typo_notice = "", "typography.saved"
        return None


def _sample(key: str) -> rx.Component:
    """Persian text showing a choice, always laid out right to left (in the English page too)."""
    return rx.text(t(key), as_="span", dir="rtl", size="3", weight="medium", class_name="typo-sample")


def _choice(value: str, sample_key: str, label_key: str, id: str) -> rx.Component:
    return rx.el.label(rx.hstack(rx.radio_group.item(value=value, id=id), _sample(sample_key),
                                 rx.text(t(label_key), size="1", color_scheme="gray"),
                                 align="center", spacing="2", wrap="wrap"), class_name="typo-choice")


def _switch(name: str, label_key: str, sample_key: str = "", hint_key: str = "") -> rx.Component:
    return rx.el.label(
        rx.hstack(
            rx.switch(checked=getattr(TypographyState, name), on_change=lambda v: TypographyState.set_switch(name, v),
                      id=f"typo-{name.replace('_', '-')}"),
            rx.vstack(rx.hstack(rx.text(t(label_key), size="2"), _sample(sample_key) if sample_key else rx.fragment(),
                                spacing="2", align="center", wrap="wrap"),
                      rx.text(t(hint_key), size="1", color_scheme="gray") if hint_key else rx.fragment(),
                      spacing="0"),
            align="start", spacing="2",
        ),
        class_name="typo-switch",
    )


def _family(row: FamilyRow) -> rx.Component:
    return rx.el.label(
        rx.hstack(rx.switch(checked=row.on, on_change=lambda v: TypographyState.set_family(row.id, v), size="1",
                            custom_attrs={"data-check": row.id}),
                  rx.text(t(row.title), size="2"), align="center", spacing="2"),
        class_name="typo-family",
    )


# Radix sets dir="ltr" on a radio group it is not told the direction of (and `dir=` here would
# become a CSS property): the prop itself, so a Persian page's radios sit on the right.
_DIRECTION = {"dir": I18nState.dir}


def _group(label_key: str, *children: rx.Component) -> rx.Component:
    return rx.vstack(rx.text(t(label_key), size="2", weight="medium"), *children, spacing="2", width="100%")


def typography_card() -> rx.Component:
    return card(
        rx.heading(t("typography.title"), size="4"),
        rx.text(t("typography.intro"), size="2", color_scheme="gray", margin_bottom="1rem"),
        rx.vstack(
            message(TypographyState.typo_error, id="typography-error"),
            message(TypographyState.typo_notice, kind="success", id="typography-notice"),
            rx.grid(
                _group("typography.ezafe", rx.radio_group.root(
                    rx.vstack(_choice("hamza", "typography.sample_hamza", "typography.ezafe_hamza", "ezafe-hamza"),
                              _choice("yeh", "typography.sample_yeh", "typography.ezafe_yeh", "ezafe-yeh"),
                              spacing="2"),
                    value=TypographyState.heh_yeh, on_change=TypographyState.set_heh_yeh, id="typo-ezafe",
                    custom_attrs=_DIRECTION)),
                _group("typography.decimal", rx.radio_group.root(
                    rx.vstack(_choice("٫", "typography.sample_decimal_persian", "typography.decimal_persian",
                                      "decimal-persian"),
                              _choice(".", "typography.sample_decimal_dot", "typography.decimal_dot", "decimal-dot"),
                              spacing="2"),
                    value=TypographyState.decimal_separator, on_change=TypographyState.set_decimal_separator,
                    id="typo-decimal", custom_attrs=_DIRECTION)),
                _group("typography.numbers_and_marks",
                       _switch("thousands_separator", "typography.thousands", "typography.sample_thousands"),
                       _switch("collapse_marks", "typography.collapse", "typography.sample_collapse"),
                       _switch("convert_dates", "typography.dates", hint_key="typography.dates_hint")),
                columns=rx.breakpoints(initial="1", md="3"), spacing="5", width="100%",
            ),
            rx.separator(),
            _group("typography.families",
                   rx.text(t("typography.families_hint"), size="1", color_scheme="gray"),
                   rx.grid(rx.foreach(TypographyState.families, _family),
                           columns=rx.breakpoints(initial="1", sm="2", md="3"), spacing="2", width="100%",
                           id="typo-families")),
            rx.button(t("typography.save"), on_click=TypographyState.save, size="3", id="typography-save",
                      disabled=~rx.State.is_hydrated),
            spacing="4",
            width="100%",
        ),
        id="typography-card",
    )
