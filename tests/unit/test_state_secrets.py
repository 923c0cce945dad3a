"""No state var the browser receives may carry a password, hash, token or secret."""

import re
import typing

import reflex as rx
from sqlmodel import SQLModel

import writers_app.writers_app  # noqa: F401  (imports every page and its state)

FORBIDDEN = re.compile(r"pass(word)?|hash|token|secret|cookie|session_id|jwt|api_key|credential", re.I)


def _all_states(cls=rx.State):
    for sub in cls.get_substates():
        yield sub
        yield from _all_states(sub)


def _public_vars(state):
    for name, var in {**state.base_vars, **state.computed_vars}.items():
        if not name.startswith("_"):
            yield name, var


def test_the_app_states_are_found():
    names = {s.__name__ for s in _all_states()}
    assert {"AuthState", "I18nState", "LoginState", "PasswordState", "DashboardState"} <= names


def test_no_public_var_is_named_like_a_secret():
    offenders = [f"{s.__name__}.{n}" for s in _all_states() for n, _ in _public_vars(s) if FORBIDDEN.search(n)
                 and n not in {"password_error", "password_notice",  # message keys, not passwords
                               "new_secret",  # a webhook's signing secret, shown to its owner once
                               "new_token"}]  # a personal API token, shown to its owner once
    assert not offenders, offenders


def test_no_public_var_holds_a_table_row():
    def is_table(tp) -> bool:
        return any(isinstance(t, type) and issubclass(t, SQLModel) and getattr(t, "__table__", None) is not None
                   for t in (tp, *typing.get_args(tp)))

    offenders = [f"{s.__name__}.{n}" for s in _all_states() for n, v in _public_vars(s) if is_table(v._var_type)]
    assert not offenders, offenders
