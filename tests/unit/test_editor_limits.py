"""The editor, the websocket and the tasks service agree on the largest body a save may carry."""

import re
from pathlib import Path

from writers_app.services.tasks import MAX_BODY_BYTES

ROOT = Path(__file__).resolve().parents[2]


def _product(expression: str) -> int:
    value = 1
    for factor in expression.split("*"):
        value *= int(factor.strip())
    return value


def test_the_editor_refuses_exactly_what_the_service_refuses():
    source = (ROOT / "writers_app" / "components" / "tiptap_editor.jsx").read_text()
    match = re.search(r"const MAX_SAVE_BYTES = ([\d\s*]+);", source)
    assert match and _product(match.group(1)) == MAX_BODY_BYTES


def test_a_save_at_the_limit_fits_in_one_websocket_frame():
    # Over Reflex's frame limit the socket closes silently and the save is lost; the JSON
    # around the blocks (escaped quotes, ids, counts) needs room on top of the body itself.
    source = (ROOT / "rxconfig.py").read_text()
    match = re.search(r'"REFLEX_SOCKET_MAX_HTTP_BUFFER_SIZE", str\(([\d\s*]+)\)', source)
    assert match and _product(match.group(1)) >= MAX_BODY_BYTES * 1.2
