"""Persian-aware search folding: one pure function for stored search text and for queries.

The rules live in `fold_rules.json` beside this module (so the editor's find/replace can load
the same table later); docs/search.md lists and explains them:

- Arabic forms fold to Persian: ي ى ئ -> ی, ك -> ک, ة ۀ -> ه, أ إ آ ٱ -> ا, ؤ -> و.
- Dropped: diacritics (U+064B-U+065F, U+0670), kashida (U+0640), ZWNJ/ZWJ and the direction
  marks LRM/RLM, so «می‌خواهم» folds to «میخواهم».
- Persian (U+06F0-9) and Arabic-Indic (U+0660-9) digits fold to Latin digits.
- Everything is lower-cased (str.lower, as the old lower(body_text) column did); Latin text is
  otherwise unchanged.

`fold_joined` also drops spaces, so «می خواهم» (a space where ZWNJ belongs) meets «میخواهم».
`fold_search` is what the dashboard and the API store and match: `fold` with the spaces between
two Persian letters dropped, so all three spellings find each other while Latin words keep
their spaces ("to be" never matches "tobe").
"""

from __future__ import annotations

import json
import re
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


# Letters of the Arabic script (as the editor's word count and analysis/text.py know them), and
# the spaces a writer puts where a ZWNJ or nothing belongs: never a line break, so two
# paragraphs never run together.
_LETTERS = "\u0620-\u064A\u066E-\u066F\u0671-\u06D3\u06D5\u06EE-\u06EF\u06FA-\u06FF\uFB50-\uFDFF\uFE70-\uFEFC"
_PERSIAN_GAP = re.compile(f"(?<=[{_LETTERS}])[ \u00a0\u2009\u202f]+(?=[{_LETTERS}])")


def fold_search(text: str) -> str:
    """fold(text) with the spaces between two Persian letters removed: the stored search copy of
    a title or body and the query are both made with it («می خواهم» = «می‌خواهم» = «میخواهم»)."""
    return _PERSIAN_GAP.sub("", fold(text))
