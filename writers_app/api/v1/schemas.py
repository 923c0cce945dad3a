"""Request and response bodies of /api/v1 that are not the services' own public models."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from writers_app.models import ApiTokenPublic, RevisionPublic, TaskPublic, WebhookPublic

NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL
Text = Annotated[str, Field(pattern=NO_NUL)]


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: Annotated[str, Field(max_length=320, pattern=NO_NUL)]
    password: Annotated[str, Field(max_length=1024, pattern=NO_NUL)]


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    expires_in: int = Field(description="Seconds until the token expires")


class TaskList(BaseModel):
    items: list[TaskPublic]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page")


class TaskCreateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[str, Field(max_length=300, pattern=NO_NUL)] = ""
    body_html: Annotated[str, Field(max_length=16 * 1024 * 1024, pattern=NO_NUL,
                                    description="HTML; sanitised on the server")] = ""
    language: Literal["en", "fa"] | None = None


class TaskUpdateIn(BaseModel):
    """Only the fields present are changed; `null` clears `word_goal` or `due_date`. A new body
    needs the `revision` it was edited from (`base_revision`): 409 if the piece changed since."""

    model_config = ConfigDict(extra="forbid")
    title: Annotated[str, Field(max_length=300, pattern=NO_NUL)] | None = None
    word_goal: Annotated[int, Field(ge=1, le=10_000_000)] | None = None
    due_date: Annotated[date, Field(ge=date(1900, 1, 1), le=date(9999, 12, 31))] | None = None
    body_html: Annotated[str, Field(max_length=16 * 1024 * 1024, pattern=NO_NUL)] | None = None
    base_revision: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None

    @model_validator(mode="after")
    def _body_needs_revision(self) -> "TaskUpdateIn":
        if self.body_html is not None and self.base_revision is None:
            raise ValueError("base_revision is required with body_html")
        return self


class AnalysisOut(BaseModel):
    task_id: int
    task_status: str
    current: bool = Field(description="False when the text changed after this analysis")
    analysis_version: int
    revision: int = Field(description="The body revision that was analysed")
    words: int
    duration_ms: int
    created_at: datetime
    result: dict[str, Any]


class RevisionDetail(RevisionPublic):
    title: str
    body_html: str


class WebhookIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: Annotated[str, Field(max_length=2000, pattern=NO_NUL)]


class WebhookCreated(WebhookPublic):
    secret: str = Field(description="HMAC-SHA256 signing secret; shown only in this response")


class Queued(BaseModel):
    queued: bool = True


__all__ = ["AnalysisOut", "ApiTokenPublic", "Queued", "RevisionDetail", "TaskCreateIn", "TaskList", "TaskUpdateIn",
           "Text", "TokenRequest", "TokenResponse", "WebhookCreated", "WebhookIn"]


class RevisionNameIn(BaseModel):
    """A version's name ("sent to editor"); null or blank clears it. A named version is never pruned."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str | None, Field(max_length=120, pattern=NO_NUL)] = None
