"""The forgotten-password page and the mail it sends agree on how long the link works (one
setting, PASSWORD_RESET_MINUTES, which also sets the token's expiry), and the mailed link points
at the port the app is served on when PUBLIC_URL is not given."""

import email
import email.policy
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from tests.conftest import make_settings
from tests.factories import make_writer
from writers_app import db as db_module
from writers_app.core import localize
from writers_app.i18n import translate
from writers_app.models import PasswordResetToken
from writers_app.pages.password_reset import ask_for_reset_link, link_lifetime_minutes
from writers_app.services import auth as auth_service
from writers_app.services import ratelimit


def _mail(settings) -> str:
    """The one mail's body, decoded (a Persian body travels as base64)."""
    (path,) = Path(settings.outbox_dir).glob("*.eml")
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default).get_content()


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_page_and_the_mail_name_the_same_lifetime(app_db, settings, use_settings, lang):
    ratelimit.reset_memory()
    settings = use_settings(make_settings(Path(settings.storage_dir).parent, password_reset_minutes=45))
    with db_module.session_scope() as session:
        make_writer(session, settings, email="owner@example.com", language=lang)  # the mail speaks it
    notice, error = ask_for_reset_link(email="owner@example.com", language=lang, ip="127.0.0.1")
    assert (notice, error) == ("auth.forgot_sent", "")
    page_text = translate(notice, lang).replace("{minutes}", str(link_lifetime_minutes()))
    mail = _mail(settings)
    # The page shows the number through local_number (Persian digits in fa); the value is the same.
    assert "45" in page_text and "{minutes}" not in page_text and "hour" not in page_text
    # The mail writes it as its reader does: "45" in English, "۴۵" in Persian.
    assert re.search(rf"(?<!\w){localize.number(45, lang)}(?!\w)", mail)
    with db_module.session_scope() as session:
        row = session.exec(select(PasswordResetToken)).one()
        assert abs(row.expires_at - row.created_at - timedelta(minutes=45)) < timedelta(seconds=5)
    ratelimit.reset_memory()


def test_the_page_text_has_no_lifetime_of_its_own():
    for lang in ("en", "fa"):
        assert "{minutes}" in translate("auth.forgot_sent", lang)


def test_the_mailed_link_uses_the_served_port(db, tmp_path, monkeypatch):
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    monkeypatch.setenv("REFLEX_FRONTEND_PORT", "8123")
    monkeypatch.setenv("REFLEX_BACKEND_PORT", "8123")
    settings = make_settings(tmp_path)
    make_writer(db, settings, email="port@example.com")
    auth_service.request_password_reset(session=db, settings=settings, email="port@example.com")
    db.commit()
    links = re.findall(r"https?://\S+/reset-password\?token=\S+", _mail(settings))
    assert len(links) == 1 and links[0].startswith("http://localhost:8123/reset-password?token=")
