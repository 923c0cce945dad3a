"""A password change, a reset and an admin's forced reset revoke the writer's API tokens (audited):
a token taken with the old password must not outlive it."""

import pytest
from sqlmodel import select

from tests.factories import PASSWORD, make_admin, make_token, make_writer
from tests.unit.test_auth_service import _reset_link_token
from writers_app.models import AuditEvent
from writers_app.services import api_tokens, auth, users

NEW_PASSWORD = "a brand new passphrase"


def _change(db, settings, writer, admin):
    auth.change_password(session=db, settings=settings, user_id=writer.id, current_password=PASSWORD,
                         new_password=NEW_PASSWORD, keep_session=None)


def _reset(db, settings, writer, admin):
    auth.request_password_reset(session=db, settings=settings, email=writer.email)
    db.commit()
    auth.reset_password(session=db, settings=settings, token=_reset_link_token(settings, writer.email),
                        new_password=NEW_PASSWORD)


def _forced(db, settings, writer, admin):
    users.force_password_reset(session=db, settings=settings, actor=auth.to_public(admin), user_id=writer.id,
                               ip="127.0.0.1")


@pytest.mark.parametrize("path, reason", [
    (_change, "password_changed"), (_reset, "password_reset"), (_forced, "reset_forced"),
], ids=["change", "reset", "forced-reset"])
def test_api_tokens_die_with_the_password(db, settings, path, reason):
    writer = make_writer(db, settings)
    admin = make_admin(db, settings)
    other = make_writer(db, settings)
    tokens = [make_token(db, writer, name="script"), make_token(db, writer, name="backup")]
    kept = make_token(db, other)
    db.commit()
    # Resolved (and cached) before: the revocation must reach the cache too.
    assert all(api_tokens.resolve_token_cached(session=db, token=t) is not None for t in tokens)
    path(db, settings, writer, admin)
    db.commit()
    assert [api_tokens.resolve_token_cached(session=db, token=t) for t in tokens] == [None, None]
    assert api_tokens.list_tokens(session=db, owner_id=writer.id) == []
    assert api_tokens.resolve_token_cached(session=db, token=kept) is not None  # others keep theirs
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "api.tokens_revoked")).one()
    assert event.target_user_id == writer.id and event.detail["reason"] == reason and event.detail["count"] == 2
    assert event.actor_id == (admin.id if reason == "reset_forced" else writer.id)
