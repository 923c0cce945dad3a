"""On PostgreSQL through /api/v1: a personal token stops working once its writer's password is
changed, reset, or reset by an admin."""

import pytest

from tests.factories import PASSWORD, make_admin
from tests.integration.api_helpers import _error
from tests.unit.test_auth_service import _reset_link_token
from writers_app.services import auth, users


def _change(api, session, writer):
    auth.change_password(session=session, settings=api.settings, user_id=writer.id, current_password=PASSWORD,
                         new_password="a brand new passphrase", keep_session=None)


def _reset(api, session, writer):
    auth.request_password_reset(session=session, settings=api.settings, email=writer.email)
    session.commit()
    auth.reset_password(session=session, settings=api.settings, token=_reset_link_token(api.settings, writer.email),
                        new_password="a brand new passphrase")


def _forced(api, session, writer):
    admin = make_admin(session, api.settings)
    session.flush()
    api.user_ids.append(admin.id)
    users.force_password_reset(session=session, settings=api.settings, actor=auth.to_public(admin),
                               user_id=writer.id)


@pytest.mark.parametrize("path", [_change, _reset, _forced], ids=["change", "reset", "forced-reset"])
def test_a_token_dies_with_the_password(api, path):
    writer = api.writer()
    assert api.client.get("/api/v1/tasks", headers=writer.headers).status_code == 200
    with api.session() as session:
        path(api, session, writer)
        session.commit()
    _error(api.client.get("/api/v1/tasks", headers=writer.headers), 401)
