"""Form pieces: labelled fields, message callouts and a native POST form."""

from __future__ import annotations


import reflex as rx
from reflex_components_core.el.elements.base import BaseHTML

from writers_app.state.i18n import t


class PostForm(BaseHTML):
    """A plain HTML form that really submits (Reflex's form always prevents default).

    Used for login and registration: the HTTP route sets the HttpOnly cookie and redirects,
    and the full page load gives the websocket that cookie.
    """

    tag = "form"
    action: rx.Var[str]
    method: rx.Var[str]


def post_form(*children: rx.Component, action: str, **props) -> rx.Component:
    return PostForm.create(*children, action=action, method="post", width="100%", **props)


def field(label_key: str, *, name: str, id: str, ltr: bool = False, prefill: str = "",
          **input_props) -> rx.Component:
    """A label over an input; `ltr` keeps emails and passwords left-to-right in Persian pages.
    `prefill` names the query parameter /writers.js refills the input from after a refused POST."""
    if prefill:
        input_props.setdefault("custom_attrs", {})["data-prefill"] = prefill
    if ltr:
        input_props.setdefault("dir", "ltr")
    return rx.vstack(
        rx.el.label(t(label_key), html_for=id, class_name="field-label"),
        rx.input(name=name, id=id, size="3", width="100%", **input_props),
        spacing="1",
        width="100%",
    )


def message(key: rx.Var[str], *, kind: str = "error", id: str = "form-message") -> rx.Component:
    """A callout showing the translation of `key`, hidden while the key is empty."""
    color, icon = {"error": ("red", "triangle_alert"), "success": ("green", "circle_check"),
                   "info": ("blue", "info")}[kind]
    return rx.cond(
        key != "",
        rx.callout(t(key), icon=icon, color_scheme=color, role="alert", id=id, width="100%"),
    )


def submit_button(label_key: str, *, id: str, loading: rx.Var[bool] | bool = False,
                  native: bool = False) -> rx.Component:
    """A full-width submit. Buttons of event-driven forms stay disabled until the page is
    hydrated: clicked earlier, the browser would submit the form itself. `native` forms
    (plain POSTs) work before hydration and are never disabled."""
    disabled = False if native else ~rx.State.is_hydrated
    return rx.button(t(label_key), type="submit", size="3", width="100%", id=id, loading=loading,
                     disabled=disabled)
