from datetime import timedelta

import bcrypt
import pytest
from sqlmodel import func, select

from tests.factories import PASSWORD, make_writer
from writers_app.core.security import utcnow
from writers_app.models import PasswordResetToken, Role, User
from writers_app.services import auth, sessions
from writers_app.services.errors import Forbidden, ServiceError
from writers_app.services.mail import latest_outbox_mail
from writers_app.services.users import list_users


def _register(db, settings, email="Writer@Example.com", password=PASSWORD, name="Writer"):
    user = auth.register_user(session=db, settings=settings, email=email, display_name=name, password=password)
    db.commit()
    return user


def test_register_normalises_email_and_hashes(db, settings):
    user = _register(db, settings)
    assert user.email == "writer@example.com"
    assert user.password_hash.startswith("$2b$") and PASSWORD not in user.password_hash
    assert user.role == Role.WRITER and user.is_active


def test_email_is_unique_case_insensitively(db, settings):
    _register(db, settings)
    with pytest.raises(ServiceError) as err:
        _register(db, settings, email="WRITER@example.COM")
    assert err.value.code == "auth.email_taken"


@pytest.mark.parametrize("password, email, code", [
    ("short", "a@example.com", "auth.password_too_short"),
    ("someone@example.com", "someone@example.com", "auth.password_is_email"),
    ("x" * 2000, "a@example.com", "auth.password_too_long"),
])
def test_password_policy(db, settings, password, email, code):
    with pytest.raises(ServiceError) as err:
        _register(db, settings, email=email, password=password)
    assert err.value.code == code


@pytest.mark.parametrize("email, name, code", [
    ("not-an-email", "W", "auth.email_invalid"), ("a@example.com", "   ", "auth.name_required"),
])
def test_bad_registration_input(db, settings, email, name, code):
    with pytest.raises(ServiceError) as err:
        _register(db, settings, email=email, name=name)
    assert err.value.code == code


def test_authenticate(db, settings):
    _register(db, settings)
    assert auth.authenticate(session=db, settings=settings, email="WRITER@example.com", password=PASSWORD)
    assert auth.authenticate(session=db, settings=settings, email="writer@example.com", password="wrong password!") is None
    assert auth.authenticate(session=db, settings=settings, email="nobody@example.com", password=PASSWORD) is None


def test_unknown_email_and_wrong_password_do_the_same_work(db, tmp_path, monkeypatch):
    # Same work means same time: each path runs bcrypt once, at the account's cost. Timing it
    # here would flake on a busy machine; bench/bench_auth.py measures the two side by side.
    from tests.conftest import make_settings

    slow = make_settings(tmp_path, bcrypt_rounds=10)
    make_writer(db, slow, email="t@example.com")
    db.commit()
    costs: list[int] = []
    real_checkpw = bcrypt.checkpw

    def counting_checkpw(password: bytes, hashed: bytes) -> bool:
        costs.append(int(hashed.split(b"$")[2]))
        return real_checkpw(password, hashed)

    monkeypatch.setattr(bcrypt, "checkpw", counting_checkpw)

    def work(email: str) -> list[int]:
        costs.clear()
        assert auth.authenticate(session=db, settings=slow, email=email, password="wrong password!") is None
        return list(costs)

    assert work("nobody@example.com") == work("nobody@example.com") == work("t@example.com") == [10]


def test_inactive_user_cannot_log_in_and_sessions_die(db, settings):
    user = _register(db, settings)
    _row, token = sessions.create_session(session=db, user=user, settings=settings)
    db.commit()
    assert sessions.resolve_session(session=db, token=token, settings=settings) is not None
    user.is_active = False
    db.add(user)
    db.commit()
    assert sessions.resolve_session(session=db, token=token, settings=settings) is None
    assert auth.authenticate(session=db, settings=settings, email=user.email, password=PASSWORD) is None


def test_revoked_and_expired_sessions_are_refused(db, settings):
    user = _register(db, settings)
    row, token = sessions.create_session(session=db, user=user, settings=settings, user_agent="UA", ip="1.2.3.4")
    db.commit()
    ctx = sessions.resolve_session(session=db, token=token, settings=settings)
    assert ctx.user.email == user.email and ctx.session_id == row.id
    sessions.revoke_session(session=db, session_id=row.id)
    db.commit()
    assert sessions.resolve_session(session=db, token=token, settings=settings) is None

    row2, token2 = sessions.create_session(session=db, user=user, settings=settings)
    row2.expires_at = utcnow() - timedelta(seconds=1)
    db.add(row2)
    db.commit()
    assert sessions.resolve_session(session=db, token=token2, settings=settings) is None


def test_change_password_keeps_this_session_and_ends_the_others(db, settings):
    user = _register(db, settings)
    here, here_token = sessions.create_session(session=db, user=user, settings=settings)
    _there, there_token = sessions.create_session(session=db, user=user, settings=settings)
    db.commit()
    with pytest.raises(ServiceError) as err:
        auth.change_password(session=db, settings=settings, user_id=user.id, current_password="wrong one!!",
                             new_password="another long pass", keep_session=here.id)
    assert err.value.code == "auth.current_password_wrong"
    auth.change_password(session=db, settings=settings, user_id=user.id, current_password=PASSWORD,
                         new_password="another long pass", keep_session=here.id)
    db.commit()
    assert sessions.resolve_session(session=db, token=here_token, settings=settings) is not None
    assert sessions.resolve_session(session=db, token=there_token, settings=settings) is None
    assert auth.authenticate(session=db, settings=settings, email=user.email, password="another long pass")


def test_log_out_other_sessions(db, settings):
    user = _register(db, settings)
    rows = [sessions.create_session(session=db, user=user, settings=settings)[0] for _ in range(3)]
    db.commit()
    assert sessions.revoke_user_sessions(session=db, user_id=user.id, keep=rows[0].id) == 2
    db.commit()
    open_ = sessions.list_open_sessions(session=db, user_id=user.id, current=rows[0].id)
    assert [s.id for s in open_] == [str(rows[0].id)] and open_[0].current


def _reset_link_token(settings, email):
    mail = latest_outbox_mail(settings, email)
    assert mail is not None
    body = mail.get_content()
    return body.split("reset-password?token=", 1)[1].split()[0]


def test_password_reset_is_single_use_and_ends_sessions(db, settings):
    user = _register(db, settings)
    _row, token = sessions.create_session(session=db, user=user, settings=settings)
    db.commit()
    auth.request_password_reset(session=db, settings=settings, email="writer@EXAMPLE.com")
    db.commit()
    link_token = _reset_link_token(settings, user.email)
    # Only the digest is stored.
    assert db.query(PasswordResetToken).filter_by(token_hash=link_token).first() is None
    auth.reset_password(session=db, settings=settings, token=link_token, new_password="brand new password")
    db.commit()
    assert sessions.resolve_session(session=db, token=token, settings=settings) is None
    assert auth.authenticate(session=db, settings=settings, email=user.email, password="brand new password")
    with pytest.raises(ServiceError) as err:
        auth.reset_password(session=db, settings=settings, token=link_token, new_password="yet another password")
    assert err.value.code == "auth.reset_link_invalid"


def test_password_reset_link_expires(db, settings):
    user = _register(db, settings)
    auth.request_password_reset(session=db, settings=settings, email=user.email)
    db.commit()
    assert settings.password_reset_minutes <= 60
    row = db.query(PasswordResetToken).filter_by(user_id=user.id).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.add(row)
    db.commit()
    with pytest.raises(ServiceError):
        auth.reset_password(session=db, settings=settings, token=_reset_link_token(settings, user.email),
                            new_password="brand new password")


def test_password_reset_for_unknown_email_sends_nothing(db, settings):
    auth.request_password_reset(session=db, settings=settings, email="ghost@example.com")
    assert latest_outbox_mail(settings, "ghost@example.com") is None


def test_create_admin_and_role_checks(db, settings):
    writer = auth.to_public(_register(db, settings))
    admin = auth.create_admin(session=db, settings=settings, email="boss@example.com", display_name="Boss",
                              password=PASSWORD)
    db.commit()
    assert admin.role == Role.ADMIN and db.exec(select(func.count()).select_from(User).where(User.role == Role.ADMIN)).one() == 1
    assert {u.email for u in list_users(session=db, actor=auth.to_public(admin))} == {writer.email, admin.email}
    with pytest.raises(Forbidden):
        list_users(session=db, actor=writer)
    with pytest.raises(Forbidden):
        list_users(session=db, actor=None)
    # Promoting an existing account keeps its password.
    again = auth.create_admin(session=db, settings=settings, email=writer.email, display_name="x", password="ignored!!!!")
    assert again.role == Role.ADMIN and db.get(User, writer.id).role == Role.ADMIN


@pytest.mark.parametrize("agent, expected", [
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36", "Chrome · Linux"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile Safari/604.1", "Safari · iOS"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox · Windows"),
    ("curl/8.0", ""),
])
def test_session_devices_are_described_readably(agent, expected):
    assert sessions.describe_user_agent(agent) == expected
