"""Typography options a writer sets once: the house style of "fix all"."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


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


DEFAULT_OPTIONS = TypographyOptions()
