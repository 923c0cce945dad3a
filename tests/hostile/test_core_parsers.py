"""The two small parsers every channel shares: ids from outside and storable text."""

from __future__ import annotations

import pytest

from tests.hostile.corpus import ID_VALUES, IDS, TEXTS, tried
from writers_app.core.ids import MAX_ID, BadId, parse_id, require_id
from writers_app.core.text import storable


@pytest.mark.parametrize("raw, expected", [("1", 1), ("42", 42), (str(MAX_ID), MAX_ID), (7, 7), (MAX_ID, MAX_ID)])
def test_a_real_id_is_read(raw, expected):
    assert parse_id(raw) == expected == require_id(raw)


def test_nothing_else_is_an_id():
    bad = [raw for raw in IDS + ID_VALUES if raw not in ("1", str(MAX_ID))]
    for raw in bad:
        assert parse_id(raw) is None, raw
        with pytest.raises(BadId) as caught:
            require_id(raw)
        assert caught.value.code == "error.not_found" and isinstance(caught.value, ValueError)
    tried("parsers", len(bad))


def test_storable_text_encodes_everywhere_and_keeps_clean_text_as_is():
    for text in TEXTS:
        clean = storable(text)
        clean.encode("utf-8")  # no lone surrogate left
        assert "\x00" not in clean
        if "\x00" not in text and not any("\ud800" <= c <= "\udfff" for c in text):
            assert clean is text
    assert storable("a\ud800b\x00c") == "a\ufffdbc"
    tried("parsers", len(TEXTS))
