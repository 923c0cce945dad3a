"""Spelling for the editor: a piece's blocks checked against the dictionaries and the writer's
own words, suggestions for one word, and the writer's dictionary (added to, listed, removed from).

The checking itself is analysis.spelling (pure); this module owns who may check what and the
personal_words rows. Callers run these functions in a worker thread, never on the event loop
(a first call loads the dictionaries, ~1 s).
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from writers_app.analysis import spelling
from writers_app.analysis.spelling import Misspelling
from writers_app.models import PersonalWord, User
from writers_app.services.access import owned_task
from writers_app.services.errors import NotFound, ServiceError

log = logging.getLogger(__name__)

MAX_PERSONAL_WORDS = 5000  # per writer: a bound on what one writer can make the server hold
MAX_BLOCKS = 200  # per request: the editor sends only the blocks near the viewport
MAX_CHARS = 200_000  # per request, all blocks together


def personal_words(*, session: Session, user_id: int) -> frozenset[str]:
    """The writer's own words, normalised as the checker looks them up."""
    rows = session.exec(select(PersonalWord.word).where(PersonalWord.user_id == user_id)).all()
    return frozenset(rows)


def check_blocks(*, session: Session, owner_id: int, task_id: int, blocks: list[str]) -> list[Misspelling]:
    """Misspelt words of `blocks` (texts of the writer's piece `task_id`; someone else's piece
    is not found). Refused with `spell.too_much` past MAX_BLOCKS blocks or MAX_CHARS."""
    if len(blocks) > MAX_BLOCKS or sum(map(len, blocks)) > MAX_CHARS:
        raise ServiceError("spell.too_much")
    owned_task(session, owner_id=owner_id, task_id=task_id, current=False)  # an ownership check
    return spelling.check_blocks(blocks, personal=personal_words(session=session, user_id=owner_id))


def suggest(*, session: Session, owner_id: int, task_id: int, word: str) -> list[str]:
    """Up to five corrections for `word`, met in the writer's piece `task_id`."""
    owned_task(session, owner_id=owner_id, task_id=task_id, current=False)  # an ownership check
    if spelling.language_of(word.strip()) is None:
        raise ServiceError("spell.invalid_word")
    return spelling.suggestions(word.strip())


def add_word(*, session: Session, user_id: int, word: str) -> str:
    """Add `word` to the writer's dictionary (no mark on it in any of their pieces from now on);
    returns its stored form. Adding a word twice is not an error. Refused with
    `spell.invalid_word` for anything but one Persian or English word, and with
    `spell.dictionary_full` past MAX_PERSONAL_WORDS."""
    stored = spelling.valid_personal_word(word)
    if stored is None:
        raise ServiceError("spell.invalid_word")
    if session.get(User, user_id) is None:
        raise NotFound()
    if stored in personal_words(session=session, user_id=user_id):
        return stored
    count = session.exec(select(func.count()).select_from(PersonalWord).where(PersonalWord.user_id == user_id)).one()
    if count >= MAX_PERSONAL_WORDS:
        raise ServiceError("spell.dictionary_full")
    try:
        with session.begin_nested():
            session.add(PersonalWord(user_id=user_id, word=stored))
    except IntegrityError:
        pass  # added by another tab at the same moment: the word is there, which is what was asked
    log.info("word added to a personal dictionary", extra={"user_id": user_id})
    return stored


def list_words(*, session: Session, user_id: int) -> list[str]:
    """The writer's dictionary, in alphabetical order."""
    return sorted(personal_words(session=session, user_id=user_id))


def remove_word(*, session: Session, user_id: int, word: str) -> bool:
    """Take `word` out of the writer's dictionary; False when it was not there."""
    stored = spelling.valid_personal_word(word)
    if stored is None:
        return False
    row = session.exec(select(PersonalWord).where(PersonalWord.user_id == user_id,
                                                  col(PersonalWord.word) == stored)).first()
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


__all__ = ["MAX_BLOCKS", "MAX_CHARS", "MAX_PERSONAL_WORDS", "add_word", "check_blocks", "list_words",
           "personal_words", "remove_word", "suggest"]
