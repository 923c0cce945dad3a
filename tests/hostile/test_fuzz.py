"""Hypothesis-driven fuzzing: the editor's save handler with random payloads (block deltas,
revisions, save ids, huge and negative numbers, wrong types, any unicode), and the list route's
query parameters against the real ASGI app on PostgreSQL. Never an exception or a 500; what is
stored always matches what was acknowledged; the other writer is never touched."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_task, make_writer
from tests.hostile.corpus import CURSORS, SORTS, STATUS_FILTERS, XSS, assert_inert, tried
from tests.support.aio import run
from writers_app import db as db_module
from writers_app.i18n import MESSAGES
from writers_app.models import Task
from writers_app.services import saves
from writers_app.pages.editor.payload import save_id_of

KEYS = MESSAGES["en"]
FUZZ = settings(max_examples=250, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

huge = st.integers(min_value=-(2**80), max_value=2**80)
small = st.integers(min_value=-3, max_value=12)
junk = st.one_of(st.none(), st.booleans(), st.floats(allow_nan=True), st.text(max_size=20), st.lists(st.integers(), max_size=3),
                 st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))
block = st.one_of(
    st.text(max_size=200),
    st.builds(lambda t: f"<p>{t}</p>", st.text(max_size=120)),
    st.builds(lambda t, d: f'<h2 dir="{d}">{t}</h2>', st.text(max_size=60), st.sampled_from(["rtl", "ltr", '"><x'])),
    st.sampled_from([f"<p>{x}</p>" for x in XSS] + XSS + ["<p>من می\u200cروم.</p>", "<ul><li>a</li></ul>", "<p>\ud800</p>",
                                                          "<p>a\x00b</p>", "<div>" * 300 + "x"]),
)
hostile_payloads = st.fixed_dictionaries(
    {
        "task_id": st.one_of(st.just("MINE"), st.just("VICTIM"), huge, junk),
        "base_revision": st.one_of(st.just("CURRENT"), st.just("CURRENT"), st.just("STALE"), small, huge, junk),
        "start": st.one_of(small, small, huge, junk),
        "blocks": st.one_of(st.lists(block, max_size=6), st.lists(block, max_size=6), junk),
    },
    optional={
        "save_id": st.one_of(st.text(max_size=60), st.uuids().map(str), junk),
        "delete_count": st.one_of(st.none(), small, huge, junk),
        "blocks_before": st.one_of(st.none(), small, huge, junk),
        "blocks_after": st.one_of(st.none(), small, huge, junk),
        "explicit": junk,
        "extra": junk,
    },
)
# Saves a real editor could send, so that accepted saves are checked as often as refused ones.
good_payloads = st.fixed_dictionaries(
    {"task_id": st.just("MINE"), "base_revision": st.just("CURRENT"), "start": st.integers(0, 2),
     "blocks": st.lists(block, max_size=4)},
    optional={"save_id": st.uuids().map(str), "delete_count": st.one_of(st.none(), st.integers(0, 2)),
              "explicit": st.booleans()},
)
payloads = st.one_of(good_payloads, hostile_payloads)


@pytest.fixture
def editor_world(app_db, settings, signed_in):  # noqa: ANN001  (settings is the fixture)
    from writers_app.pages.editor.state import EditorState

    with db_module.session_scope() as session:
        writer = make_writer(session, settings)
        victim = make_writer(session, settings)
        mine = make_task(session, writer, body_html="<p>First.</p><p>Second block.</p>").id
        theirs = make_task(session, victim, title="Theirs", body_html="<p>Do not touch.</p>").id
    editor = signed_in(EditorState, writer, params={"task_id": str(mine)})
    return EditorState, editor, mine, theirs


def _row(task_id: int) -> tuple:
    """The piece as stored: logged saves folded in first, so the row is the writer's current text."""
    with db_module.session_scope() as session:
        saves.fold(session, task_id)
        task = session.get(Task, task_id)
        return task.revision, task.body_html, task.word_count, task.title


def test_fuzz_the_editor_save(editor_world):
    EditorState, editor, mine, theirs = editor_world
    victim_before = _row(theirs)
    seen = {"ok": 0, "refused": 0}

    @FUZZ
    @given(payload=payloads)
    def check(payload):  # noqa: ANN001
        revision, body, words, _title = _row(mine)
        payload = dict(payload)
        payload["task_id"] = {"MINE": mine, "VICTIM": theirs}.get(payload["task_id"], payload["task_id"]) \
            if isinstance(payload["task_id"], str) else payload["task_id"]
        if isinstance(payload["base_revision"], str) and payload["base_revision"] in ("CURRENT", "STALE"):
            payload["base_revision"] = revision if payload["base_revision"] == "CURRENT" else max(revision - 1, 0)
        run(EditorState.save.fn(editor, payload))
        ack = dict(editor.ack)
        assert ack["save_id"] == save_id_of(payload)
        assert ack["error"] != "error.server", (payload, ack)
        assert ack["error"] == "" or ack["error"] in KEYS, ack
        after = _row(mine)
        if ack["error"] == "":
            seen["ok"] += 1
            assert after[0] == ack["revision"] and after[2] == ack["words"]  # stored is what was acknowledged
            assert after[0] in (revision, revision + 1)  # one step (or the same save acknowledged again)
            assert_inert(after[1])
        else:
            seen["refused"] += 1
            assert after[:3] == (revision, body, words), (payload, ack)  # a refused save changed nothing
        assert _row(theirs) == victim_before

    check()
    tried("hypothesis-editor-save", seen["ok"] + seen["refused"])
    assert seen["ok"] > 10 and seen["refused"] > 10, seen  # both paths really exercised


def _b64(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode("utf-8", "surrogatepass")).decode()


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**80), max_value=2**80), st.floats(), st.text(max_size=30)),
    lambda children: st.lists(children, max_size=4), max_leaves=8)
cursors = st.one_of(
    st.sampled_from(CURSORS[:20]),
    st.text(max_size=80),
    json_values.map(lambda v: _b64(json.dumps(v))),
    st.binary(max_size=60).map(lambda b: base64.urlsafe_b64encode(b).decode()),
)
known_queries = st.fixed_dictionaries({}, optional={
    "cursor": cursors,
    "limit": st.one_of(st.integers(min_value=-(2**70), max_value=2**70).map(str), st.text(max_size=12)),
    "search": st.one_of(st.text(max_size=120), st.sampled_from(XSS + ["%", "_", "\\", "' OR 1=1 --"])),
    "sort": st.one_of(st.sampled_from(SORTS), st.text(max_size=20)),
    "status": st.one_of(st.sampled_from(STATUS_FILTERS), st.text(max_size=20)),
})
queries = st.tuples(st.dictionaries(st.text(min_size=1, max_size=10), st.text(max_size=20), max_size=2),
                    known_queries).map(lambda pair: {**pair[0], **pair[1]})


@pytest.mark.integration
def test_fuzz_the_list_query_parameters(api):
    from urllib.parse import quote

    from fastapi.testclient import TestClient

    from writers_app.api.app import create_api

    client = TestClient(create_api(), raise_server_exceptions=False)
    attacker, victim = api.writer(), api.writer()
    for i in range(3):
        for who in (attacker, victim):
            client.post("/api/v1/tasks", json={"title": f"Piece {i}", "body_html": "<p>w w w</p>"}, headers=who.headers)
    victim_ids = {t["id"] for t in client.get("/api/v1/tasks", headers=victim.headers).json()["items"]}
    count = {"n": 0}

    def q(value: str) -> str:
        return quote(value.encode("utf-8", "surrogatepass"), safe="")

    @FUZZ
    @given(params=queries)
    def check(params):  # noqa: ANN001
        url = "/api/v1/tasks?" + "&".join(f"{q(k)}={q(v)}" for k, v in params.items())
        answer = client.get(url, headers=attacker.headers)
        count["n"] += 1
        assert answer.status_code < 500, (params, answer.text[:300])
        body = answer.json()
        if answer.status_code >= 400:
            assert set(body) == {"error"} and body["error"]["code"] in KEYS or body["error"]["code"].startswith("api.")
        else:
            assert not {item["id"] for item in body["items"]} & victim_ids

    check()
    tried("hypothesis-api-query", count["n"])
