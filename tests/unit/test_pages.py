"""Pages register themselves with one call (`@page`), and the user menu comes from their
navigation entries: every route has exactly one page, reached through the right gate."""

from __future__ import annotations

import reflex as rx

import writers_app.writers_app  # noqa: F401  (imports, so registers, every page)
from writers_app import routes
from writers_app.components.pages import NAV, PAGES, nav_entries, page
from writers_app.i18n import MESSAGES
from writers_app.state.auth import AuthState

PAGE_ROUTES = {routes.INDEX, routes.LOGIN, routes.REGISTER, routes.DASHBOARD, routes.SETTINGS,
               routes.FORGOT_PASSWORD, routes.RESET_PASSWORD, routes.ADMIN, routes.EDITOR, routes.WEBHOOKS,
               routes.ADMIN_AUDIT, routes.ADMIN_TASKS, routes.ADMIN_JOBS, routes.ADMIN_SYSTEM, routes.NOT_FOUND,
               routes.TRASH, routes.PROFILE, routes.CONFIRM_EMAIL}


def test_every_route_has_exactly_one_page():
    registered = [p.route for p in PAGES]
    assert sorted(registered) == sorted(PAGE_ROUTES)


def test_each_page_starts_its_load_chain_at_the_right_gate():
    gates = {p.route: p.load_chain()[0] for p in PAGES}
    assert gates[routes.LOGIN] == gates[routes.REGISTER] == AuthState.redirect_if_signed_in
    assert gates[routes.INDEX] == gates[routes.RESET_PASSWORD] == gates[routes.CONFIRM_EMAIL] == AuthState.refresh
    for route in (routes.DASHBOARD, routes.EDITOR, routes.SETTINGS, routes.ADMIN, routes.ADMIN_JOBS, routes.TRASH,
                  routes.PROFILE):
        assert gates[route] == AuthState.require_login, route


def test_the_menu_lists_the_navigation_entries_in_order_with_translated_labels():
    entries = nav_entries()
    assert [e.route for e in entries] == [routes.DASHBOARD, routes.PROFILE, routes.SETTINGS, routes.WEBHOOKS, routes.ADMIN]
    assert [e.admins_only for e in entries] == [False, False, False, False, True]
    for entry in entries:
        assert MESSAGES["en"].get(entry.label) and MESSAGES["fa"].get(entry.label), entry.label


def test_a_second_page_at_a_taken_route_is_refused():
    count = len(PAGES), len(NAV)
    try:
        page(routes.DASHBOARD)(lambda: None)
    except ValueError as exc:
        assert routes.DASHBOARD in str(exc)
    else:
        raise AssertionError("a second page at /dashboard was accepted")
    assert (len(PAGES), len(NAV)) == count


def _components(component):  # noqa: ANN001, ANN202
    """The component and everything under it, the branches of conds and foreach templates included."""
    yield component
    for child in getattr(component, "children", ()):
        yield from _components(child)
    for attr in ("comp1", "comp2", "render_fn"):  # rx.cond's branches
        inner = getattr(component, attr, None)
        if isinstance(inner, rx.Component):
            yield from _components(inner)


def test_no_page_names_an_icon_by_a_var():
    """`rx.icon(<var>)` renders lucide's DynamicIcon, which loads a 54 KB chunk holding every
    icon's name on the page that uses it: pages show fixed icons under an `rx.cond` instead."""
    for spec in PAGES:
        dynamic = [c for c in _components(spec.draw()) if type(c).__name__ == "DynamicIcon"]
        assert not dynamic, f"{spec.route}: an icon named by a var"
