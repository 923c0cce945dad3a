"""Spelling: the pure checker (Persian and English words, ZWNJ forms, what is never checked,
typography's forms left to typography), the service (a writer's own dictionary, ownership,
limits) and the editor's endpoints (sign-in, someone else's piece, bad input, same origin)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.factories import make_session_token, make_task, make_writer
from writers_app import db as db_module
from writers_app.analysis.spelling import check_blocks, check_text, is_known, normalise, suggestions
from writers_app.services import spelling as spelling_service
from writers_app.services.errors import NotFound, ServiceError

ZWNJ = "\u200c"


def _words(text: str, **kwargs) -> list[str]:
    return [m.word for m in check_text(text, **kwargs)]


# --- the checker ------------------------------------------------------------------------------

def test_an_english_misspelling_is_found_at_its_offset_with_suggestions():
    text = "She will recieve the letter tomorrow."
    [found] = check_text(text)
    assert (found.word, found.lang, text[found.offset:found.offset + found.length]) == ("recieve", "en", "recieve")
    assert suggestions("recieve")[0] == "receive"
    assert suggestions("Recieve")[0] == "Receive"  # the writer's capital is kept


def test_a_persian_misspelling_is_found_with_suggestions():
    text = "من این کتابب را دوست دارم."
    [found] = check_text(text)
    assert (found.word, found.lang) == ("کتابب", "fa")
    assert text[found.offset:found.offset + found.length] == "کتابب"
    assert "کتاب" in suggestions("کتابب")


def test_persian_words_joined_by_zwnj_are_not_marked():
    for word in (f"می{ZWNJ}خواهم", f"کتاب{ZWNJ}ها", f"نمی{ZWNJ}دانم", f"خانه{ZWNJ}ای", f"آن{ZWNJ}ها",
                 f"نوشته{ZWNJ}هایم", f"بی{ZWNJ}نظیر", f"دانشجو{ZWNJ}یان"):
        assert _words(f"او گفت {word} است.") == [], word


def test_what_typography_handles_is_not_a_spelling_mistake():
    # A space or no joiner where a ZWNJ belongs, Arabic letters, kashida, diacritics, both ezafe
    # forms and a soft hyphen for a ZWNJ: typography reports these, spelling must not.
    text = ("می خواهم میخواهم کتاب ها کتابها نمیدانم كتاب علي کتــاب کِتاب خانهٔ من خانه" + ZWNJ + "ی من"
            " حرف\u00adها")
    assert _words(text) == []
    assert normalise("كتابهاي", "fa") == "کتابهای"


def test_digits_urls_emails_code_and_acronyms_are_not_checked():
    text = ("Call 555-1234 or ۱۲۳۴ at 3.5 km, see https://exmaple.com/pathh and www.wrnog.org, mail "
            "bob@exmaple.org, run `prnit(x)`, ask NASA e.g. about the FBI.")
    assert _words(text) == []


def test_english_forms_that_are_words():
    assert _words("Don\u2019t the writer's well-known dogs' stories matter?") == []
    assert _words("A well-knwon story.") == ["well-knwon"]


def test_british_spellings_and_units_are_words():
    assert _words("The colour of the centre: I realise we travelled 5 km to analyse the catalogue.") == []
    assert _words("The colour of teh centre.") == ["teh"]


def test_a_writers_own_words_are_not_marked():
    text = "Zorblat met Ardavan in زرفنوش."
    assert _words(text) == ["Zorblat", "Ardavan", "زرفنوش"]
    assert _words(text, personal=frozenset({"zorblat", "زرفنوش"})) == ["Ardavan"]
    assert is_known("ZORBLAT's".lower(), "en", frozenset({"zorblat's"}))


def test_blocks_are_numbered_and_offsets_are_in_their_own_text():
    found = check_blocks(["All good here.", "", "One teh mistake.", "کتابب"])
    assert [(m.block, m.offset, m.word) for m in found] == [(2, 4, "teh"), (3, 0, "کتابب")]


def test_suggestions_for_what_is_no_word_are_empty():
    assert suggestions("123") == [] and suggestions("x" * 80) == [] and suggestions("abcабв") == []


# --- the service ------------------------------------------------------------------------------

def test_a_word_added_is_not_marked_in_any_of_the_writers_pieces_only(app_db, settings):
    with db_module.session_scope() as session:
        writer, other = make_writer(session, settings), make_writer(session, settings)
        first = make_task(session, writer, title="A", body_html="<p>x</p>")
        second = make_task(session, writer, title="B", body_html="<p>x</p>")
        theirs = make_task(session, other, title="C", body_html="<p>x</p>")
    blocks = ["Zorblat and زرفنوش"]
    with db_module.session_scope() as session:
        assert spelling_service.add_word(session=session, user_id=writer.id, word=" Zorblat ") == "zorblat"
        assert spelling_service.add_word(session=session, user_id=writer.id, word="Zorblat") == "zorblat"  # twice: fine
        spelling_service.add_word(session=session, user_id=writer.id, word="زرفنوش")
    with db_module.session_scope() as session:
        for task in (first, second):
            assert spelling_service.check_blocks(session=session, owner_id=writer.id, task_id=task.id, blocks=blocks) == []
        assert len(spelling_service.check_blocks(session=session, owner_id=other.id, task_id=theirs.id, blocks=blocks)) == 2
        assert spelling_service.list_words(session=session, user_id=writer.id) == ["zorblat", "زرفنوش"]
        with pytest.raises(NotFound):
            spelling_service.check_blocks(session=session, owner_id=other.id, task_id=first.id, blocks=blocks)
        with pytest.raises(NotFound):
            spelling_service.suggest(session=session, owner_id=other.id, task_id=first.id, word="teh")
        assert spelling_service.remove_word(session=session, user_id=writer.id, word="ZORBLAT")
        assert not spelling_service.remove_word(session=session, user_id=writer.id, word="ZORBLAT")


def test_the_service_refuses_bad_words_and_too_much_text(app_db, settings, monkeypatch):
    with db_module.session_scope() as session:
        writer = make_writer(session, settings)
        task = make_task(session, writer, title="A", body_html="<p>x</p>")
    with db_module.session_scope() as session:
        for bad in ("", "two words", "x", "abc123", "<script>", "a" * 41):
            with pytest.raises(ServiceError) as caught:
                spelling_service.add_word(session=session, user_id=writer.id, word=bad)
            assert caught.value.code == "spell.invalid_word", bad
        with pytest.raises(ServiceError) as caught:
            spelling_service.check_blocks(session=session, owner_id=writer.id, task_id=task.id,
                                          blocks=["word"] * (spelling_service.MAX_BLOCKS + 1))
        assert caught.value.code == "spell.too_much"
        monkeypatch.setattr(spelling_service, "MAX_PERSONAL_WORDS", 1)
        spelling_service.add_word(session=session, user_id=writer.id, word="zorblat")
        with pytest.raises(ServiceError) as caught:
            spelling_service.add_word(session=session, user_id=writer.id, word="quarbit")
        assert caught.value.code == "spell.dictionary_full"


# --- the endpoints ----------------------------------------------------------------------------

@pytest.fixture
def client(app_db):
    from writers_app.api.app import create_api

    return TestClient(create_api(), follow_redirects=False)


def _signed_in(settings):
    with db_module.session_scope() as session:
        writer = make_writer(session, settings)
        token = make_session_token(session, writer, settings)
        task = make_task(session, writer, title="T", body_html="<p>teh</p>")
    return writer, {"writers_session": token}, task


def test_endpoints_check_suggest_and_add(client, settings):
    _writer, cookies, task = _signed_in(settings)
    url = f"/api/editor/tasks/{task.id}/spelling"
    answer = client.post(url, json={"blocks": ["One teh.", "کتابب"]}, cookies=cookies)
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    assert answer.json()["spans"] == [{"block": 0, "offset": 4, "length": 3, "word": "teh", "lang": "en"},
                                      {"block": 1, "offset": 0, "length": 5, "word": "کتابب", "lang": "fa"}]
    assert client.post(url + "/suggestions", json={"word": "teh"}, cookies=cookies).json()["suggestions"][0] == "the"
    assert client.post("/api/editor/dictionary", json={"word": "teh"}, cookies=cookies).json() == {"word": "teh"}
    assert client.post(url, json={"blocks": ["One teh."]}, cookies=cookies).json()["spans"] == []


def test_endpoints_need_a_session_and_the_owner(client, settings):
    _writer, cookies, task = _signed_in(settings)
    _other, other_cookies, _ = _signed_in(settings)
    url = f"/api/editor/tasks/{task.id}/spelling"
    for path, body in ((url, {"blocks": ["teh"]}), (url + "/suggestions", {"word": "teh"}),
                       ("/api/editor/dictionary", {"word": "teh"})):
        assert client.post(path, json=body).status_code == 401, path
        assert client.post(path, json=body, cookies={"writers_session": "forged"}).status_code == 401, path
        assert client.post(path, json=body, cookies=cookies, headers={"Origin": "https://evil.example"}).status_code == 403
    assert client.post(url, json={"blocks": ["teh"]}, cookies=other_cookies).status_code == 404
    assert client.post(url + "/suggestions", json={"word": "teh"}, cookies=other_cookies).status_code == 404
    assert client.post("/api/editor/tasks/99999999/spelling", json={"blocks": ["teh"]}, cookies=cookies).status_code == 404
    assert client.post("/api/editor/tasks/abc/spelling", json={"blocks": ["teh"]}, cookies=cookies).status_code == 404


@pytest.mark.parametrize(("path", "body"), [
    ("spelling", {"blocks": "teh"}), ("spelling", {"blocks": [1, 2]}), ("spelling", {}), ("spelling", None),
    ("spelling", {"blocks": ["w"] * 201}), ("spelling", {"blocks": ["w" * 100_001, "w" * 100_001]}),
    ("spelling/suggestions", {"word": ""}), ("spelling/suggestions", {"word": "a" * 65}),
    ("spelling/suggestions", {"word": "12 34"}), ("dictionary", {"word": "two words"}), ("dictionary", {"word": 5}),
])
def test_bad_input_is_a_4xx(client, settings, path, body):
    _writer, cookies, task = _signed_in(settings)
    url = "/api/editor/dictionary" if path == "dictionary" else f"/api/editor/tasks/{task.id}/{path}"
    answer = client.post(url, json=body, cookies=cookies)
    assert 400 <= answer.status_code < 500, answer.text
