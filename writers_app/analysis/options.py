"""Typography options a writer sets once: the house style of "fix all"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

HEH_YEH_FORMS = ("hamza", "yeh")
DECIMAL_SEPARATORS = ("٫", ".")
_SWITCHES = ("thousands_separator", "collapse_marks", "convert_dates", "keep_leading_spaces")
_CHECK_ID = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")
MAX_DISABLED = 200  # far more than there are checks: a bound on what a stored value may hold


@dataclass(frozen=True)
class TypographyOptions:
    """Accepted by analyse_text, typography_fixes and fix_all; the defaults follow Virastar.

    heh_yeh: the ezafe after a silent «ه»: "hamza" writes «خانهٔ من», "yeh" «خانه‌ی من».
    decimal_separator: «۳٫۵» (the Persian "٫") or «۳.۵» (".": decimals are left as written).
    thousands_separator: «۱٬۰۰۰» from «۱,۰۰۰» when on; off leaves the comma.
    collapse_marks: «!!!» and «؟؟» to one mark when on; off keeps the writer's repetition
        (the order «؟!» is still fixed).
    convert_dates: «12/5/1402» to Persian digits in the order written; off by default, since
        a date may be part of a reference that must stay as it is.
    keep_leading_spaces: spaces opening a line are indentation, never removed.
    disabled: check ids ("fa.dashes", ...) that do not run at all.
    """

    heh_yeh: Literal["hamza", "yeh"] = "hamza"
    decimal_separator: Literal["٫", "."] = "٫"
    thousands_separator: bool = True
    collapse_marks: bool = True
    convert_dates: bool = False
    keep_leading_spaces: bool = True
    disabled: frozenset[str] = field(default_factory=frozenset)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready; `options_from_dict` reads it back to an equal value."""
        return {"heh_yeh": self.heh_yeh, "decimal_separator": self.decimal_separator,
                **{name: getattr(self, name) for name in _SWITCHES}, "disabled": sorted(self.disabled)}


DEFAULT_OPTIONS = TypographyOptions()


def options_from_dict(data: object) -> tuple[TypographyOptions, list[str]]:
    """Options from a dict such as `to_dict` makes, and the names of the fields that were not
    valid and took their default instead (a missing field is not a problem: it is the default,
    so options stored before a field existed still read). Whether a disabled id names a
    registered check is for the caller to decide: this module knows no registry."""
    if not isinstance(data, dict):
        return DEFAULT_OPTIONS, ["*"]
    values: dict[str, object] = {}
    problems: list[str] = []

    def take(name: str, valid: bool) -> None:
        if name in data:
            if valid:
                values[name] = data[name]
            else:
                problems.append(name)

    take("heh_yeh", data.get("heh_yeh") in HEH_YEH_FORMS)
    take("decimal_separator", data.get("decimal_separator") in DECIMAL_SEPARATORS)
    for name in _SWITCHES:
        take(name, isinstance(data.get(name), bool))
    disabled = data.get("disabled")
    if "disabled" in data:
        if isinstance(disabled, (list, tuple, set, frozenset)) and len(disabled) <= MAX_DISABLED and all(
                isinstance(item, str) and _CHECK_ID.fullmatch(item) for item in disabled):
            values["disabled"] = frozenset(disabled)
        else:
            problems.append("disabled")
    problems += sorted(str(name) for name in data if name not in values and name not in problems
                       and name not in ("heh_yeh", "decimal_separator", "disabled", *_SWITCHES))
    return TypographyOptions(**values), problems
