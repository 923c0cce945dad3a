"""Password-reset requests are limited per client address and per e-mail asked for, with the same
answer whether or not an account has the address (no enumeration)."""

from pathlib import Path

import pytest

from tests.conftest import make_settings
from tests.factories import make_writer
from writers_app import db as db_module
from writers_app.i18n import translate
from writers_app.pages.password_reset import ask_for_reset_link
from writers_app.services import ratelimit

SENT, LIMITED = ("auth.forgot_sent", ""), ("", "auth.reset_rate_limited")


@pytest.fixture
def limited(app_db, settings, use_settings):
    ratelimit.reset_memory()
    yield use_settings(make_settings(Path(settings.storage_dir).parent, rate_limit_reset_ip="5 per hour",
                                     rate_limit_reset_account="3 per hour"))
    ratelimit.reset_memory()


def _mails(settings) -> int:
    return len(list(Path(settings.outbox_dir).glob("*.eml")))


def test_one_address_gets_few_mails_and_unknown_addresses_answer_the_same(limited):
    with db_module.session_scope() as session:
        make_writer(session, limited, email="owner@example.com")
    known = [ask_for_reset_link(email="Owner@Example.com", language="en", ip=f"127.0.0.{i}") for i in range(1, 6)]
    unknown = [ask_for_reset_link(email="nobody@example.com", language="en", ip=f"127.0.1.{i}") for i in range(1, 6)]
    assert known == unknown == [SENT, SENT, SENT, LIMITED, LIMITED]
    assert _mails(limited) == 3  # 25 requests in a second mailed 25 links before


def test_one_client_address_is_limited_across_e_mails(limited):
    answers = [ask_for_reset_link(email=f"someone{i}@example.com", language="fa", ip="127.0.0.9") for i in range(7)]
    assert answers == [SENT] * 5 + [LIMITED] * 2
    assert ask_for_reset_link(email="other@example.com", language="fa", ip="127.0.0.10") == SENT


def test_the_limited_message_is_translated():
    assert translate("auth.reset_rate_limited", "en") != translate("auth.reset_rate_limited", "fa")
    assert "auth." not in translate("auth.reset_rate_limited", "fa")
