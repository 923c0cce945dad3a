"""A writer's editor preferences: the font, size and line width of their text, and when the caret
line is held at a fixed height (typewriter scrolling). Saved from the settings page and from the
editor's "Aa" menu alike.

Stored as JSON on the user's row. A stored value that no longer reads (hand-edited, or a choice
since withdrawn) falls back to its default with a warning naming the user; what a writer saves is
checked strictly instead.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace

from sqlmodel import Session

from writers_app.models import User
from writers_app.services.errors import NotFound, ServiceError

log = logging.getLogger(__name__)

# The choices, in the order the settings page offers them. What each looks like (the font
# stacks, sizes in px, widths in em) is the style sheet's business: assets/styles.css.
FONTS = ("sans", "serif", "system")  # Vazirmatn; Literata with Noto Naskh Arabic; the device's own
SIZES = (16, 18, 20, 22, 24)  # px
WIDTHS = ("narrow", "medium", "wide")
TYPEWRITER = ("focus", "always", "off")  # in focus mode only, always, never
CHOICES: dict[str, tuple] = {"font": FONTS, "size": SIZES, "width": WIDTHS, "typewriter": TYPEWRITER}


@dataclass(frozen=True)
class WritingPrefs:
    font: str = "sans"
    size: int = 18
    width: str = "wide"
    typewriter: str = "focus"

    def to_dict(self) -> dict[str, str | int]:
        return asdict(self)


DEFAULT_PREFS = WritingPrefs()


def _valid(name: str, value: object) -> bool:
    # bool is an int in Python: True is no font size.
    return name in CHOICES and not isinstance(value, bool) and value in CHOICES[name]


def prefs_json(prefs: WritingPrefs) -> str:
    """The canonical JSON of `prefs`: equal preferences give equal strings."""
    return json.dumps(prefs.to_dict(), sort_keys=True, separators=(",", ":"))


def read_prefs(raw: str | None, *, user_id: int | None = None) -> WritingPrefs:
    """Preferences from their stored JSON; None is the defaults, anything unreadable falls back."""
    if raw is None:
        return DEFAULT_PREFS
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        log.warning("stored writing preferences are not a JSON object: defaults used", extra={"user_id": user_id})
        return DEFAULT_PREFS
    good = {name: value for name, value in data.items() if _valid(name, value)}
    bad = sorted(set(data) - set(good))
    if bad:
        log.warning("stored writing preferences partly invalid: defaults used for those",
                    extra={"user_id": user_id, "fields": bad})
    return replace(DEFAULT_PREFS, **good)


def get_prefs(*, session: Session, user_id: int) -> WritingPrefs:
    """The writer's preferences, as the editor applies them."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    return read_prefs(user.writing_prefs, user_id=user_id)


def save_prefs(*, session: Session, user_id: int, changes: Mapping[str, object]) -> WritingPrefs:
    """Change some of the writer's preferences (`{"size": 20}`) and keep the rest as stored.

    Refused with `prefs.unknown` for a name that is not a preference and with `prefs.invalid`
    for a value outside its choices (nothing is stored then). Returns what is now stored.
    """
    unknown = sorted(set(changes) - set(CHOICES))
    if unknown:
        raise ServiceError("prefs.unknown")
    if not all(_valid(name, value) for name, value in changes.items()):
        raise ServiceError("prefs.invalid")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    prefs = replace(read_prefs(user.writing_prefs, user_id=user_id), **changes)
    stored = prefs_json(prefs)
    if stored != (user.writing_prefs or prefs_json(DEFAULT_PREFS)):
        user.writing_prefs = stored
        session.add(user)
        session.flush()
        log.info("writing preferences saved", extra={"user_id": user_id, "fields": sorted(changes)})
    return prefs


__all__ = ["CHOICES", "DEFAULT_PREFS", "FONTS", "SIZES", "TYPEWRITER", "WIDTHS", "WritingPrefs", "get_prefs",
           "prefs_json", "read_prefs", "save_prefs"]
