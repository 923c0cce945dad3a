"""GET /api/v1/users/me."""

from __future__ import annotations

from fastapi import APIRouter

from writers_app.api.v1.deps import CurrentPrincipal
from writers_app.models import UserPublic

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/me", response_model=UserPublic)
def me(principal: CurrentPrincipal) -> UserPublic:
    """The account the token speaks for."""
    return principal.user
