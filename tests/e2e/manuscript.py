"""A generated novel for the long-document tests and bench: deterministic, English or Persian.

Chapters of paragraphs with a heading each; Persian text has words joined by ZWNJ (U+200C),
which must survive every edit and save. The HTML is what the editor itself writes (one top-level
block per paragraph or heading, each with its direction), so a save needs no resync.
"""

from __future__ import annotations

import html
import random

from sqlmodel import Session, select

ZWNJ = "\u200c"

_EN = ("the of and a to in was he she it that his her with as at for on they had but not from by "
       "were one all said we there when out up what which so would into could time river house "
       "morning letter window garden mother father winter summer evening story silence voice road "
       "city harbour lamp shadow promise journey question answer remembered walked whispered "
       "carried opened watched believed slowly quietly never always again almost perhaps").split()
_FA = ("و در به از که این را با آن برای یک بود او ما شب روز خانه باغ دریا کوچه پنجره نامه مادر پدر "
       "زمستان تابستان صدا سایه راه شهر چراغ قصه سکوت آرام هرگز همیشه دوباره شاید آهسته باران "
       f"می{ZWNJ}خواهم می{ZWNJ}رفت می{ZWNJ}دید می{ZWNJ}گفت نمی{ZWNJ}دانست کتاب{ZWNJ}ها "
       f"خانه{ZWNJ}ها نامه{ZWNJ}ای درخت{ZWNJ}ها آن{ZWNJ}ها یادداشت{ZWNJ}های روزها").split()
_CHAPTER = {"en": "Chapter {n}", "fa": "فصل {n}"}
_END = {"en": ".", "fa": "."}
_COMMA = {"en": ",", "fa": "،"}

WORDS = 200_000
BASELINE_WORDS = 10_000
PARAGRAPHS_PER_CHAPTER = 24


def _sentence(rng: random.Random, lang: str) -> tuple[str, int]:
    vocabulary = _EN if lang == "en" else _FA
    n = rng.randint(6, 18)
    words = [rng.choice(vocabulary) for _ in range(n)]
    if n > 9:
        words[n // 2] += _COMMA[lang]
    if lang == "en":
        words[0] = words[0].capitalize()
    return " ".join(words) + _END[lang], n


def paragraphs(lang: str, words: int = WORDS, seed: int = 7) -> list[tuple[str, str]]:
    """[(tag, text)]: an h2 per chapter, then paragraphs, until `words` words (headings included)."""
    rng = random.Random(f"{lang}-{seed}")
    blocks: list[tuple[str, str]] = []
    count = chapter = 0
    while count < words:
        if len(blocks) % (PARAGRAPHS_PER_CHAPTER + 1) == 0:
            chapter += 1
            heading = _CHAPTER[lang].format(n=chapter)
            blocks.append(("h2", heading))
            count += 2
            continue
        sentences, size = [], 0
        while size < rng.randint(50, 140) and count + size < words:
            text, n = _sentence(rng, lang)
            sentences.append(text)
            size += n
        if not sentences:
            break
        blocks.append(("p", " ".join(sentences)))
        count += size
    return blocks


def manuscript_html(lang: str, words: int = WORDS, seed: int = 7) -> str:
    direction = "rtl" if lang == "fa" else "ltr"
    return "".join(f'<{tag} dir="{direction}">{html.escape(text, quote=False)}</{tag}>'
                   for tag, text in paragraphs(lang, words, seed))


def seed_task(database_url: str, email: str, lang: str, words: int = WORDS, title: str | None = None) -> int:
    """Store a generated manuscript as a task of the user with `email`, through the tasks service."""
    from tests.factories import make_task
    from writers_app.db import make_engine
    from writers_app.models import User

    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            owner = session.exec(select(User).where(User.email == email)).one()
            task = make_task(session, owner, title=title or f"Novel ({lang}, {words:,} words)",
                             body_html=manuscript_html(lang, words), language=lang)
            session.commit()
            return task.id
    finally:
        engine.dispose()
