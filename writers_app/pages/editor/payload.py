"""The one save the editor sends over the websocket, validated by one model (no Reflex here).

Any payload that does not fit is answered "error.bad_input", as the service answers a bad
block range; the save id is read apart from the model because even that answer carries it.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError, field_validator

from writers_app.core.ids import MAX_ID
from writers_app.core.text import storable
from writers_app.services.errors import ServiceError

SAVE_ID_CHARS = 36  # a UUID
# Numbers the database can bind: past 64 bits a query raised OverflowError ("error.server").
_Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]
_Count = Annotated[StrictInt, Field(ge=0, le=MAX_ID)]


class EditorSave(BaseModel):
    model_config = ConfigDict(extra="ignore")

    task_id: _Id
    base_revision: _Count
    start: _Count
    delete_count: _Count | None = None
    blocks: list[StrictStr] = Field(strict=True)
    blocks_before: _Count | None = None
    blocks_after: _Count | None = None
    explicit: bool = False  # Ctrl+S or the save button, as opposed to an autosave

    @field_validator("explicit", mode="before")
    @classmethod
    def _truthy(cls, value: Any) -> bool:
        return bool(value)


def save_id_of(payload: dict) -> str:
    return storable(str(payload.get("save_id", "")))[:SAVE_ID_CHARS]


def parse_save(payload: Any) -> EditorSave:
    """The payload as an `EditorSave`, or ServiceError("error.bad_input")."""
    try:
        return EditorSave.model_validate(payload)
    except ValidationError as exc:
        raise ServiceError("error.bad_input") from exc
