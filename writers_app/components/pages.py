"""One call registers a page: `@page(route, access=..., on_load=..., nav=...)` on the function
that draws it. The app adds every registered page (`add_pages`), and the user menu lists the
navigation entries in `NAV`, so a new page touches its own module and nothing else.

`access` says who may open it; it only routes people (a visitor to /login, a signed-in writer
away from /login). It protects nothing: every handler that reads or writes private data checks
the user itself (`auth_context`), and admin handlers check the role.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import reflex as rx

from writers_app.state.auth import AuthState

TITLE = "Writers · نویسندگان"
Access = Literal["public", "visitors", "writers", "admins"]


@dataclass(frozen=True)
class NavEntry:
    label: str  # a translation key
    route: str
    order: int = 50
    admins_only: bool = False
    element_id: str | None = None


@dataclass(frozen=True)
class Page:
    route: str
    draw: Callable[[], rx.Component]
    access: Access
    on_load: tuple
    title: str = TITLE

    def load_chain(self) -> list:
        first = {"public": AuthState.refresh, "visitors": AuthState.redirect_if_signed_in,
                 "writers": AuthState.require_login, "admins": AuthState.require_login}[self.access]
        return [first, *self.on_load]


PAGES: list[Page] = []
NAV: list[NavEntry] = []


def page(route: str, *, access: Access = "writers", on_load: Callable | Sequence[Callable] = (),
         nav: NavEntry | None = None, title: str = TITLE) -> Callable:
    """Register the decorated function as the page at `route` (see the module docstring)."""
    loads = tuple(on_load) if isinstance(on_load, (list, tuple)) else (on_load,)

    def register(draw: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        if any(p.route == route for p in PAGES):
            raise ValueError(f"two pages at {route}")
        PAGES.append(Page(route=route, draw=draw, access=access, on_load=loads, title=title))
        if nav is not None:
            NAV.append(nav)
        return draw

    return register


def nav_entries() -> list[NavEntry]:
    return sorted(NAV, key=lambda entry: (entry.order, entry.route))


def add_pages(app: rx.App) -> None:
    for registered in PAGES:
        app.add_page(registered.draw, route=registered.route, title=registered.title,
                     on_load=registered.load_chain())
