"""Persian-aware search folding: one pure function for stored search text and for queries.

The rules live in `fold_rules.json` beside this module (so the editor's find/replace can load
the same table later); docs/search.md lists and explains them:

- Arabic forms fold to Persian: ي ى ئ -> ی, ك -> ک, ة ۀ -> ه, أ إ آ ٱ -> ا, ؤ -> و.
- Dropped: diacritics (U+064B-U+065F, U+0670), kashida (U+0640), ZWNJ/ZWJ and the direction
  marks LRM/RLM, so «می‌خواهم» folds to «میخواهم».
- Persian (U+06F0-9) and Arabic-Indic (U+0660-9) digits fold to Latin digits.
- Everything is lower-cased (str.lower, as the old lower(body_text) column did); Latin text is
  otherwise unchanged.

`fold_joined` also drops spaces, so «می خواهم» (a space where ZWNJ belongs) meets «میخواهم»:
matching a query's joined form against a joined column is what lets all three spellings find
each other.
"""

from __future__ import annotations

import json
from pathlib import Path

_RULES = json.loads((Path(__file__).with_name("fold_rules.json")).read_text(encoding="utf-8"))


def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(k): v for k, v in _RULES["map"].items()}
    for first, last in _RULES["remove_ranges"]:
        table.update({code: None for code in range(ord(first), ord(last) + 1)})
    table.update({ord(ch): None for ch in _RULES["remove"]})
    return table


FOLD_TABLE = _table()
_SPACES = {ord(" "): None, ord("\u00a0"): None, ord("\t"): None, ord("\n"): None}


def fold(text: str) -> str:
    """`text` lower-cased with Arabic forms, diacritics, kashida, ZWNJ and digits folded."""
    return text.lower().translate(FOLD_TABLE)


def fold_joined(text: str) -> str:
    """fold(text) with spaces also removed: «می خواهم», «می‌خواهم», «میخواهم» all alike."""
    return fold(text).translate(_SPACES)
