import ast
import re
from pathlib import Path

from writers_app.i18n import MESSAGES, translate

APP = Path(__file__).resolve().parents[2] / "writers_app"


def test_every_key_exists_in_both_languages_and_differs_where_it_should():
    assert MESSAGES["en"].keys() == MESSAGES["fa"].keys()
    for key, fa in MESSAGES["fa"].items():
        assert fa.strip(), key
        if not key.startswith("lang."):
            assert re.search(r"[\u0600-\u06FF]", fa), f"{key} has no Persian text"


def test_placeholders_match():
    for key, en in MESSAGES["en"].items():
        assert set(re.findall(r"{\w+}", en)) == set(re.findall(r"{\w+}", MESSAGES["fa"][key])), key


def _used_keys() -> set[str]:
    keys: set[str] = set()
    for path in APP.rglob("*.py"):
        tree = ast.parse(path.read_text())
        in_fstrings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
        for node in ast.walk(tree):
            if id(node) in in_fstrings:
                continue  # a prefix such as f"status.{s}": its family is checked below
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(
                    r"(app|nav|lang|common|landing|auth|dashboard|status|settings|error|mail|admin|role|editor|task|revisions|upload|webhook|stage|processing)\.[a-z_0-9]+", node.value):
                keys.add(node.value)
    return keys


def test_every_key_the_code_uses_is_translated():
    # A constant ending in "_" is a prefix joined at run time; its family is checked below.
    from writers_app.services.webhooks import EVENTS  # event names, not translation keys

    missing = {k for k in _used_keys() if not k.endswith("_")} - MESSAGES["en"].keys() - set(EVENTS)
    assert not missing, missing


def test_missing_key_falls_back_visibly():
    assert translate("no.such_key", "fa") == "no.such_key"
    assert translate("nav.login", "xx") == MESSAGES["en"]["nav.login"]


def test_key_families_built_at_run_time_are_complete():
    from writers_app.models import Role, TaskStatus
    from writers_app.pages.dashboard.state import SORTS

    keys = [f"status.{s.value}" for s in TaskStatus] + [f"role.{r.value}" for r in Role]
    keys += [f"dashboard.sort_{s}" for s in SORTS]
    from writers_app.services.audit import ACTIONS

    keys += list(ACTIONS)
    from writers_app.models import RevisionReason

    keys += [f"revisions.reason_{r.value}" for r in RevisionReason]
    assert not [k for k in keys if k not in MESSAGES["en"]]
