"""The caller's personal API tokens: list and revoke (they are created on the settings page)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from writers_app.api.v1.deps import CurrentPrincipal, Db
from writers_app.api.web import client_ip
from writers_app.models import ApiTokenPublic
from writers_app.services import api_tokens

router = APIRouter(prefix="/tokens", tags=["tokens"])
TokenId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("", response_model=list[ApiTokenPublic])
def list_tokens(principal: CurrentPrincipal, session: Db) -> list[ApiTokenPublic]:
    """Your tokens that are not revoked (never the tokens themselves)."""
    return api_tokens.list_tokens(session=session, owner_id=principal.user.id)


@router.delete("/{token_id}", status_code=204, response_class=Response)
def revoke_token(token_id: TokenId, principal: CurrentPrincipal, session: Db, request: Request) -> Response:
    """Revoke a token: it is refused from the next request on."""
    api_tokens.revoke_token(session=session, owner_id=principal.user.id, token_id=token_id, ip=client_ip(request))
    session.commit()
    return Response(status_code=204)
