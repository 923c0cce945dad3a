"""What the admin pages share: the tabs between them and their tables, in the reader's direction."""

from __future__ import annotations

import reflex as rx

from writers_app import routes
from writers_app.state.i18n import I18nState, t

TABS = (("admin.users", routes.ADMIN, "users"), ("admin.tasks", routes.ADMIN_TASKS, "tasks"),
        ("admin.jobs", routes.ADMIN_JOBS, "jobs"), ("admin.system", routes.ADMIN_SYSTEM, "system"),
        ("admin.audit", routes.ADMIN_AUDIT, "audit"))


def _tab(label: str, href: str, name: str, current: str) -> rx.Component:
    here = href == current
    return rx.link(
        t(label), href=href, id=f"admin-nav-{name}", underline="none", size="2",
        weight="bold" if here else "regular",
        color="var(--accent-12)" if here else "var(--gray-11)",
        background="var(--accent-a4)" if here else "transparent",
        padding="0.35rem 0.75rem", border_radius="var(--radius-3)", white_space="nowrap",
        class_name="admin-tab current" if here else "admin-tab",
        custom_attrs={"aria-current": "page"} if here else {},
    )


def admin_nav(current: str) -> rx.Component:
    """The tabs, `current` (a route constant) highlighted and marked aria-current."""
    return rx.el.nav(
        rx.hstack(*[_tab(label, href, name, current) for label, href, name in TABS], spacing="1", wrap="wrap"),
        aria_label=t("nav.admin"), id="admin-nav",
    )


# Radix's table draws itself inside a scroll area that sets dir="ltr" and aligns text left;
# the table itself follows the page's direction, aligned to the start side.
# Radix draws the table in a left-to-right scroll area: in Persian a wide table would open scrolled
# to its last columns. The viewport takes the reader's direction, so it opens at the first one.
TABLE_STYLE = {"& table": {"direction": I18nState.dir, "text_align": "start"},
               "& .rt-ScrollAreaViewport": {"direction": I18nState.dir},
               "& th, & td": {"text_align": "start"}}


def admin_table(header_keys: list[str], body: rx.Component, **props) -> rx.Component:
    """A table of admin rows: its columns run from the reader's start side, and a phone scrolls
    it sideways inside its own box (the page itself never scrolls sideways)."""
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(k) if k else "", white_space="nowrap")
                                           for k in header_keys])),
            body, width="100%", style=TABLE_STYLE, **props),
        overflow_x="auto", width="100%", max_width="100%", class_name="admin-table-scroll",
    )


def ltr(value: rx.Var | str, **props) -> rx.Component:
    """An address, an IP or an id: left-to-right and isolated from the text around it."""
    return rx.el.bdi(value, dir="ltr", **props)


def auto(value: rx.Var | str, **props) -> rx.Component:
    """Text in either script (a name, a title): its own direction, isolated."""
    return rx.el.bdi(value, dir="auto", **props)
