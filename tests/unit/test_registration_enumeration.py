"""Registering with an address that has an account no longer says so: the owner is mailed (log in
or reset), and the answer is "check your e-mail" on the login page, after the same bcrypt work."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import func, select

from tests.factories import PASSWORD, make_writer
from writers_app import db as db_module
from writers_app.models import AuditEvent, User
from writers_app.services import ratelimit
from writers_app.services.mail import latest_outbox_mail


@pytest.fixture
def client(app_db, settings):
    from writers_app.api.app import create_api

    ratelimit.reset_memory()
    yield TestClient(create_api(), follow_redirects=False)
    ratelimit.reset_memory()


def _register(client, email):
    return client.post("/api/auth/register", data={"email": email, "display_name": "Someone Else",
                                                   "password": "another long password", "lang": "en"})


def test_a_taken_address_is_not_revealed_and_its_owner_is_told(client, settings):
    with db_module.session_scope() as session:
        make_writer(session, settings, email="owner@example.com", display_name="Owner", password=PASSWORD)
    answer = _register(client, "Owner@Example.com")
    assert answer.status_code == 303
    location = answer.headers["location"]
    assert location.startswith("/login?") and "notice=auth.register_check_mail" in location
    assert "email_taken" not in location and "writers_session" not in answer.headers.get("set-cookie", "")
    mail = latest_outbox_mail(settings, "owner@example.com")
    assert mail is not None and "/forgot-password" in mail.get_content() and "/login" in mail.get_content()
    with db_module.session_scope() as session:
        assert session.exec(select(func.count()).select_from(User)).one() == 1  # nothing created
        assert session.exec(select(AuditEvent).where(
            AuditEvent.action == "auth.register_attempt_on_taken_email")).one()


def test_a_new_address_still_signs_in(client, settings):
    answer = _register(client, "fresh@example.com")
    assert answer.status_code == 303 and answer.headers["location"] == "/dashboard"
    assert "writers_session=" in answer.headers["set-cookie"]
    assert latest_outbox_mail(settings, "fresh@example.com") is None


def test_the_messages_are_translated():
    from writers_app.i18n import translate

    for key in ("auth.register_check_mail", "mail.register_taken_subject", "mail.register_taken_body"):
        assert translate(key, "en") != key and translate(key, "fa") != key
