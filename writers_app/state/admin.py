"""What every admin page's state shares: the allowed/checked flags and the refusal.

A handler runs its work through `_as_admin`, which resolves the caller on the server on every
call; the services check the role and raise `Forbidden`, and a refusal empties the page's rows
and looks exactly like a page that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from writers_app.i18n import DEFAULT_LANGUAGE, translate
from writers_app.services.errors import Forbidden
from writers_app.state.auth import auth_context, current_user, login_redirect

# For handlers that take an id from the browser: one that is not a number is refused alike.
REFUSED_OR_BAD_ID = (Forbidden, ValueError)


class AdminPageState(rx.State, mixin=True):
    allowed: bool = False
    checked: bool = False

    def _clear(self) -> None:
        """Empty every var that carries anyone's data (each page names its own)."""
        raise NotImplementedError

    def _deny(self) -> None:
        self._clear()
        self.allowed, self.checked = False, True

    def _allow(self) -> None:
        self.allowed, self.checked = True, True

    def _signed_out(self) -> rx.event.EventSpec | None:
        """The redirect to /login for a tab without a session, else None."""
        return login_redirect(self) if auth_context(self) is None else None

    def _refresh(self) -> None:
        """Load the page's rows for an admin (each page names its own)."""
        raise NotImplementedError

    @rx.event
    def load(self):
        if (redirect := self._signed_out()) is not None:
            return redirect
        self._refresh()
        return None

    def _show(self, work: Callable) -> None:
        """Run a read for the caller: shown to an admin, refused (and emptied) for anyone else."""
        if self._as_admin(work):
            self._allow()

    def _bad_id(self) -> rx.event.EventSpec:
        """The answer to an id no row can have (not a number, past 64 bits): "not found", as a toast
        in the caller's language; the page and its rows stay as they are."""
        user = current_user(self)
        lang = getattr(user, "preferred_language", None) or DEFAULT_LANGUAGE
        return rx.toast.error(translate("error.not_found", str(getattr(lang, "value", lang))), id="admin-bad-id")

    def _as_admin(self, work: Callable, *, refused: tuple[type[Exception], ...] = (Forbidden,)) -> bool:
        """Run `work(actor)` for the caller; on refusal deny and report False."""
        try:
            work(current_user(self))
        except refused:
            self._deny()
            return False
        return True
