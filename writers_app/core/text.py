"""Text from outside made storable: what any encoder and any database accepts.

JSON can carry lone UTF-16 surrogates ("\\ud800"), which no UTF-8 encoder (SQLite, psycopg2,
nh3, bcrypt) takes, and NUL, which PostgreSQL text refuses: both gave a 500 from the first
query that bound them. Surrogates become U+FFFD (a visible "unknown" mark); NULs are dropped.
"""

from __future__ import annotations

import re

_UNSTORABLE = re.compile("[\ud800-\udfff\x00]")


def storable(text: str) -> str:
    """`text` without lone surrogates (each one U+FFFD) or NUL characters; cheap when clean."""
    if not _UNSTORABLE.search(text):
        return text
    return _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", text)
