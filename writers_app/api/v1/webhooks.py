"""Webhooks: list, create (the signing secret is returned once), delete, deliveries, test."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from writers_app.api.v1.deps import CurrentPrincipal, Db, app_settings
from writers_app.api.v1.schemas import Queued, WebhookCreated, WebhookIn
from writers_app.models import DeliveryPublic, WebhookPublic
from writers_app.services import webhooks as webhook_service

router = APIRouter(prefix="/webhooks", tags=["webhooks"])
WebhookId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("", response_model=list[WebhookPublic])
def list_webhooks(principal: CurrentPrincipal, session: Db) -> list[WebhookPublic]:
    return webhook_service.list_webhooks(session=session, owner_id=principal.user.id)


@router.post("", response_model=WebhookCreated, status_code=201)
def create_webhook(body: WebhookIn, principal: CurrentPrincipal, session: Db) -> WebhookCreated:
    """Register a URL for `task.analyzed` and `task.failed` events. Private and loopback
    addresses are refused. Keep `secret`: it signs every delivery and is not shown again."""
    hook, secret = webhook_service.create_webhook(session=session, settings=app_settings(),
                                                  owner_id=principal.user.id, url=body.url)
    session.commit()
    return WebhookCreated(**hook.model_dump(), secret=secret)


@router.get("/deliveries", response_model=list[DeliveryPublic])
def list_deliveries(principal: CurrentPrincipal, session: Db) -> list[DeliveryPublic]:
    """The latest delivery attempts to any of your webhooks, newest first."""
    return webhook_service.list_deliveries(session=session, owner_id=principal.user.id)


@router.delete("/{webhook_id}", status_code=204, response_class=Response)
def delete_webhook(webhook_id: WebhookId, principal: CurrentPrincipal, session: Db) -> Response:
    webhook_service.delete_webhook(session=session, owner_id=principal.user.id, webhook_id=webhook_id)
    session.commit()
    return Response(status_code=204)


@router.post("/{webhook_id}/test", response_model=Queued, status_code=202)
def test_webhook(webhook_id: WebhookId, principal: CurrentPrincipal, session: Db) -> Queued:
    """Queue a signed `ping` delivery to the webhook; see the result in the deliveries."""
    webhook_service.test_webhook(session=session, owner_id=principal.user.id, webhook_id=webhook_id)
    session.commit()
    return Queued()
