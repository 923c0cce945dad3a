"""The profile services on SQLite: the display name, the e-mail change confirmed by a link mailed
to the new address (single-use, expiring, only its hash stored), and account deletion (password
first, last admin kept, every row and file of the user gone, the audit entry kept)."""

import email
import email.policy
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select

from tests.factories import PASSWORD, make_admin, make_session_token, make_task, make_token, make_writer
from writers_app import db as db_module
from writers_app.core.security import token_digest, utcnow
from writers_app.models import AuditEvent, EmailChangeToken, Task, User, UserSession
from writers_app.services import account, profile
from writers_app.services.errors import ServiceError


@pytest.fixture(autouse=True)
def _fresh_limits():
    """Wrong passwords count against the account (user ids repeat across the tests' databases)."""
    from writers_app.services import ratelimit

    ratelimit.reset_memory()
    yield
    ratelimit.reset_memory()


def _mails(settings) -> dict[str, str]:
    """Every outbox mail's body by recipient (bodies decoded: Persian travels as base64)."""
    out = {}
    for path in Path(settings.outbox_dir).glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        out[str(message["To"])] = message.get_content()
    return out


def _writer(settings, **kw) -> User:
    with db_module.session_scope() as session:
        return make_writer(session, settings, **kw)


def _ask(settings, user_id: int, new_email: str, password: str = PASSWORD) -> str:
    with db_module.session_scope() as session:
        return profile.request_email_change(session=session, settings=settings, user_id=user_id, new_email=new_email,
                                            password=password)


def _token_from(body: str) -> str:
    return re.search(r"/confirm-email\?token=([\w\-]+)", body).group(1)


def _confirm(token: str):
    with db_module.session_scope() as session:
        return profile.confirm_email_change(session=session, token=token)


def test_the_display_name_is_tidied_and_checked(app_db, settings):
    user = _writer(settings)
    with db_module.session_scope() as session:
        shown = profile.set_display_name(session=session, user_id=user.id, display_name="  Shirin   Nouri ")
    assert shown.display_name == "Shirin Nouri"
    for bad, code in (("   ", "auth.name_required"), ("x" * 101, "auth.name_too_long")):
        with pytest.raises(ServiceError) as refused, db_module.session_scope() as session:
            profile.set_display_name(session=session, user_id=user.id, display_name=bad)
        assert refused.value.code == code
    with db_module.session_scope() as session:
        assert session.get(User, user.id).display_name == "Shirin Nouri"


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_new_address_gets_a_single_use_link_and_the_old_one_a_notice(app_db, settings, lang):
    user = _writer(settings, email="old@example.com", language=lang)
    assert _ask(settings, user.id, " New@Example.com ") == "new@example.com"
    mails = _mails(settings)
    assert set(mails) == {"new@example.com", "old@example.com"}
    token = _token_from(mails["new@example.com"])
    assert "confirm-email" not in mails["old@example.com"] and "new@example.com" in mails["old@example.com"]
    if lang == "fa":
        assert "۲۴" in mails["new@example.com"] and "24" not in mails["new@example.com"]
    with db_module.session_scope() as session:
        row = session.exec(select(EmailChangeToken)).one()
        assert row.token_hash == token_digest(token) and token not in row.token_hash  # only the hash is kept
        assert timedelta(hours=23) < row.expires_at - utcnow() <= timedelta(hours=24)
        assert session.get(User, user.id).email == "old@example.com"  # not before the link is opened
        assert profile.pending_email_change(session=session, user_id=user.id) == "new@example.com"
    assert _confirm(token).email == "new@example.com"
    with db_module.session_scope() as session:
        assert session.get(User, user.id).email == "new@example.com"
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "profile.email_changed")).one()
    with pytest.raises(ServiceError) as again:
        _confirm(token)
    assert again.value.code == "profile.email_link_invalid"


def test_wrong_password_taken_same_and_malformed_addresses_send_nothing(app_db, settings):
    user = _writer(settings, email="me@example.com")
    _writer(settings, email="taken@example.com")
    for new, password, code in (("new@example.com", "not my password", "auth.current_password_wrong"),
                                ("Taken@example.com", PASSWORD, "profile.email_taken"),
                                ("ME@example.com", PASSWORD, "profile.email_same"),
                                ("not an address", PASSWORD, "auth.email_invalid")):
        with pytest.raises(ServiceError) as refused:
            _ask(settings, user.id, new, password)
        assert refused.value.code == code
    assert _mails(settings) == {}
    with db_module.session_scope() as session:
        assert session.exec(select(func.count()).select_from(EmailChangeToken)).one() == 0


def test_an_expired_link_a_replaced_link_and_an_address_taken_meanwhile_change_nothing(app_db, settings):
    user = _writer(settings, email="me@example.com")
    _ask(settings, user.id, "first@example.com")
    first = _token_from(_mails(settings)["first@example.com"])
    _ask(settings, user.id, "second@example.com")
    second = _token_from(_mails(settings)["second@example.com"])
    with pytest.raises(ServiceError):
        _confirm(first)  # a newer request voids the older link
    _writer(settings, email="second@example.com")  # someone registers the address meanwhile
    with pytest.raises(ServiceError) as taken:
        _confirm(second)
    assert taken.value.code == "profile.email_taken"
    _ask(settings, user.id, "third@example.com")
    third = _token_from(_mails(settings)["third@example.com"])
    with db_module.session_scope() as session:
        row = session.exec(select(EmailChangeToken).where(EmailChangeToken.token_hash == token_digest(third))).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
        session.add(row)
    with pytest.raises(ServiceError) as expired:
        _confirm(third)
    assert expired.value.code == "profile.email_link_invalid"
    for junk in ("", "x" * 500, "not-a-token"):
        with pytest.raises(ServiceError):
            _confirm(junk)
    with db_module.session_scope() as session:
        assert session.get(User, user.id).email == "me@example.com"


def _delete(settings, user_id: int, password: str = PASSWORD) -> None:
    account.delete_account_and_files(settings=settings, user_id=user_id, password=password, ip="127.0.0.1")


def _count(session, model, **where) -> int:
    stmt = select(func.count()).select_from(model)
    for name, value in where.items():
        stmt = stmt.where(getattr(model, name) == value)
    return session.exec(stmt).one()


def test_a_wrong_password_deletes_nothing_and_the_right_one_everything_of_that_writer_only(app_db, settings):
    with db_module.session_scope() as session:
        writer, other = make_writer(session, settings), make_writer(session, settings)
        make_task(session, writer, title="Mine", body_html="<p>one two</p>")
        make_task(session, other, title="Theirs", body_html="<p>three</p>")
        make_token(session, writer)
        make_session_token(session, writer, settings)
    files = Path(settings.storage_dir) / str(writer.id)
    files.mkdir(parents=True)
    (files / "upload").write_bytes(b"draft")
    with pytest.raises(ServiceError) as refused:
        _delete(settings, writer.id, "not my password")
    assert refused.value.code == "auth.current_password_wrong"
    with db_module.session_scope() as session:
        assert session.get(User, writer.id) is not None and _count(session, Task, owner_id=writer.id) == 1
        assert _count(session, UserSession, user_id=writer.id, revoked_at=None) == 1
    assert (files / "upload").exists()

    _delete(settings, writer.id)
    assert not files.exists()
    with db_module.session_scope() as session:
        assert session.get(User, writer.id) is None
        assert _count(session, Task, owner_id=writer.id) == 0 and _count(session, UserSession, user_id=writer.id) == 0
        assert session.get(User, other.id) is not None and _count(session, Task, owner_id=other.id) == 1
        entry = session.exec(select(AuditEvent).where(AuditEvent.action == "account.deleted")).one()
        assert entry.detail["user_id"] == writer.id and entry.target_user_id is None  # kept, unlinked


def test_the_last_admin_cannot_delete_their_account_but_one_of_two_can(app_db, settings):
    with db_module.session_scope() as session:
        admin = make_admin(session, settings)
    with pytest.raises(ServiceError) as refused:
        _delete(settings, admin.id)
    assert refused.value.code == "profile.last_admin"
    with db_module.session_scope() as session:
        second = make_admin(session, settings)
    _delete(settings, admin.id)
    with db_module.session_scope() as session:
        assert session.get(User, admin.id) is None and session.get(User, second.id) is not None


def test_guessing_the_password_is_limited_like_logins(app_db, settings):
    user = _writer(settings)
    limit = int(settings.rate_limit_login_account.split()[0])
    for _ in range(limit):
        with pytest.raises(ServiceError) as wrong:
            _delete(settings, user.id, "a guess at it")
        assert wrong.value.code == "auth.current_password_wrong"
    for attempt in (lambda: _delete(settings, user.id), lambda: _ask(settings, user.id, "new@example.com")):
        with pytest.raises(ServiceError) as limited:
            attempt()  # even the right password waits until the window has passed
        assert limited.value.code == "auth.rate_limited"
    with db_module.session_scope() as session:
        assert session.get(User, user.id) is not None
