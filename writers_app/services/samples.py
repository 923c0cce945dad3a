"""The first-run sample piece: a short text in the new writer's language, with headings and a few
things for the analysis to find (a long passive sentence, adverbs; in Persian Arabic «ي»/«ك» and a
missing half-space), queued for analysis like any other piece."""

from __future__ import annotations

import html
import logging

from sqlmodel import Session

from writers_app.i18n import normalise_language, translate
from writers_app.models import TaskPublic
from writers_app.services import processing
from writers_app.services import tasks as task_service

log = logging.getLogger(__name__)

# (tag, translation key), top to bottom.
SAMPLE_BLOCKS = (("h2", "sample.heading"), ("p", "sample.intro"), ("p", "sample.flawed"),
                 ("h2", "sample.next_heading"), ("p", "sample.next"))


def sample_html(language: str) -> str:
    """The sample's body in `language`, one top-level block per heading or paragraph."""
    lang = normalise_language(language)
    direction = "rtl" if lang == "fa" else "ltr"
    return "".join(f'<{tag} dir="{direction}">{html.escape(translate(key, lang), quote=False)}</{tag}>'
                   for tag, key in SAMPLE_BLOCKS)


def create_sample_piece(*, session: Session, owner_id: int, language: str) -> TaskPublic:
    """Create the sample for `owner_id` and queue it for analysis (sent once the session commits)."""
    lang = normalise_language(language)
    task = task_service.create_task(session=session, owner_id=owner_id, title=translate("sample.title", lang),
                                    body_html=sample_html(lang), language=lang)
    processing.request_analysis(session=session, owner_id=owner_id, task_ids=[task.id])
    log.info("sample piece created", extra={"user_id": owner_id, "task_id": task.id, "language": lang})
    return task
