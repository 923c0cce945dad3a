"""A writer's typography options: read (what analysis and "fix all" apply) and saved (settings).

Stored as JSON on the user's row. A stored value that no longer reads (hand-edited, or naming a
check since removed) never stops an analysis: that part falls back to its default, and a
warning with the user's id says so. What a writer saves is checked strictly instead.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace

from sqlmodel import Session

from writers_app.analysis import DEFAULT_OPTIONS, TypographyOptions, registered_checks
from writers_app.analysis.options import options_from_dict
from writers_app.models import User
from writers_app.services.errors import NotFound, ServiceError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TypographyFamily:
    """A rule family the writer can switch off: a registered typography check."""

    id: str  # "fa.dashes"
    title: str  # its title's translation key


def typography_families() -> list[TypographyFamily]:
    """Every typography check, in the order they run."""
    return [TypographyFamily(check.id, check.title) for check in registered_checks(category="typography")]


def options_json(options: TypographyOptions) -> str:
    """The canonical JSON of `options`: equal options give equal strings."""
    return json.dumps(options.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


DEFAULT_JSON = options_json(DEFAULT_OPTIONS)


def read_options(raw: str | None, *, user_id: int | None = None) -> TypographyOptions:
    """Options from their stored JSON; None is the defaults, anything unreadable falls back."""
    if raw is None:
        return DEFAULT_OPTIONS
    try:
        data = json.loads(raw)
    except ValueError:
        log.warning("stored typography options are not JSON: defaults used", extra={"user_id": user_id})
        return DEFAULT_OPTIONS
    options, problems = options_from_dict(data)
    known = {family.id for family in typography_families()}
    gone = sorted(options.disabled - known)
    if gone:
        options = replace(options, disabled=options.disabled & known)
    if problems or gone:
        log.warning("stored typography options partly invalid: defaults used for those",
                    extra={"user_id": user_id, "fields": problems, "unknown_checks": gone})
    return options


def get_options(*, session: Session, user_id: int) -> TypographyOptions:
    """The writer's options, as analysis and "fix all" apply them."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    return read_options(user.typography_options, user_id=user_id)


def save_options(*, session: Session, user_id: int, options: TypographyOptions | dict) -> TypographyOptions:
    """Check and store the writer's options (a dict such as TypographyOptions.to_dict makes).

    Refused with `typography.invalid` for a value outside the choices and with
    `typography.unknown_check` for a family that does not exist. Analyses made with other
    options are reported stale from then on (processing.analysis_is_stale): the next analysis
    uses the new options.
    """
    data = options.to_dict() if isinstance(options, TypographyOptions) else options
    parsed, problems = options_from_dict(data)
    if problems:
        raise ServiceError("typography.invalid")
    unknown = parsed.disabled - {family.id for family in typography_families()}
    if unknown:
        raise ServiceError("typography.unknown_check")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    stored = options_json(parsed)
    if stored != (user.typography_options or DEFAULT_JSON):
        user.typography_options = stored
        session.add(user)
        session.flush()
        log.info("typography options saved", extra={"user_id": user_id})
    return parsed


__all__ = ["DEFAULT_JSON", "TypographyFamily", "get_options", "options_json", "read_options", "save_options",
           "typography_families"]
