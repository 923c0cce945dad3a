"""Admin services: role checks, last-admin and self protection, and the audit trail they leave."""

import pytest

from tests.factories import PASSWORD, make_admin, make_session_token, make_writer
from writers_app.models import Role, User
from writers_app.services import audit, auth, sessions, users
from writers_app.services.errors import Forbidden, ServiceError
from writers_app.services.mail import latest_outbox_mail


@pytest.fixture
def people(db, settings):
    admin = make_admin(db, settings, email="boss@example.com", display_name="Boss")
    writer = make_writer(db, settings, email="w@example.com", display_name="W")
    db.commit()
    return auth.to_public(admin), auth.to_public(writer)


@pytest.mark.parametrize("call", [
    lambda db, s, actor, target: users.list_users(session=db, actor=actor),
    lambda db, s, actor, target: users.user_details(session=db, actor=actor, user_id=target),
    lambda db, s, actor, target: users.set_active(session=db, actor=actor, user_id=target, active=False),
    lambda db, s, actor, target: users.set_role(session=db, actor=actor, user_id=target, role="admin"),
    lambda db, s, actor, target: users.force_password_reset(session=db, settings=s, actor=actor, user_id=target),
    lambda db, s, actor, target: audit.list_events(session=db, actor=actor),
])
def test_writers_and_visitors_are_refused(db, settings, people, call):
    admin, writer = people
    for actor in (writer, None):
        with pytest.raises(Forbidden):
            call(db, settings, actor, admin.id)


def test_deactivation_ends_sessions_at_once_and_is_audited(db, settings, people):
    admin, writer = people
    token = make_session_token(db, db.get(User, writer.id), settings)
    db.commit()
    users.set_active(session=db, actor=admin, user_id=writer.id, active=False, ip="10.0.0.1")
    db.commit()
    assert sessions.resolve_session(session=db, token=token, settings=settings) is None
    assert auth.authenticate(session=db, settings=settings, email=writer.email, password=PASSWORD) is None
    events = audit.list_events(session=db, actor=admin, action="admin.user_deactivated")
    assert [(e.actor_id, e.target_user_id, e.ip) for e in events] == [(admin.id, writer.id, "10.0.0.1")]
    users.set_active(session=db, actor=admin, user_id=writer.id, active=True)
    assert auth.authenticate(session=db, settings=settings, email=writer.email, password=PASSWORD)


def test_the_last_admin_cannot_be_removed_and_no_one_demotes_themselves(db, settings, people):
    admin, writer = people
    for call, code in [
        (lambda: users.set_role(session=db, actor=admin, user_id=admin.id, role=Role.WRITER), "admin.cannot_demote_self"),
        (lambda: users.set_active(session=db, actor=admin, user_id=admin.id, active=False), "admin.cannot_deactivate_self"),
    ]:
        with pytest.raises(ServiceError) as err:
            call()
        assert err.value.code == code
    second = users.set_role(session=db, actor=admin, user_id=writer.id, role=Role.ADMIN)
    db.commit()
    assert second.role == Role.ADMIN
    users.set_role(session=db, actor=admin, user_id=writer.id, role=Role.WRITER)  # another admin: fine
    # Now the only admin left: the other admin (were there one) could not remove them either.
    assert users._active_admins(db) == 1


def test_forced_reset_kills_the_password_and_mails_a_link(db, settings, people):
    admin, writer = people
    users.force_password_reset(session=db, settings=settings, actor=admin, user_id=writer.id)
    db.commit()
    assert auth.authenticate(session=db, settings=settings, email=writer.email, password=PASSWORD) is None
    assert "reset-password?token=" in latest_outbox_mail(settings, writer.email).get_content()


def test_security_events_are_recorded_by_the_services(db, settings, people):
    admin, writer = people
    auth.authenticate(session=db, settings=settings, email=writer.email, password="wrong password", ip="1.2.3.4")
    auth.authenticate(session=db, settings=settings, email="ghost@example.com", password="whatever!!", ip="1.2.3.4")
    user = auth.authenticate(session=db, settings=settings, email=writer.email, password=PASSWORD)
    sessions.create_session(session=db, user=user, settings=settings, ip="1.2.3.4")
    auth.change_password(session=db, settings=settings, user_id=writer.id, current_password=PASSWORD,
                         new_password="a new long password", keep_session=None)
    db.commit()
    actions = [e.action for e in audit.list_events(session=db, actor=admin, user_id=writer.id)]
    assert actions[:3] == ["auth.password_changed", "auth.login", "auth.login_failed"]
    failed = audit.list_events(session=db, actor=admin, action="auth.login_failed")
    assert {e.detail.get("email") for e in failed} >= {"ghost@example.com"}
    assert all("password" not in str(e.detail).lower() or e.detail.get("reason") == "password" for e in failed)
