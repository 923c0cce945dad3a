"""Named versions ("sent to editor"): named, renamed, cleared by their owner only, never pruned;
and "compare" marks only the word that changed in a long paragraph."""

import pytest

from tests.factories import make_task, make_writer
from writers_app.core.errors import ServiceError
from writers_app.formats.compare import compare_paragraphs
from writers_app.i18n import MESSAGES
from writers_app.services import revisions as revision_service
from writers_app.services import tasks
from writers_app.services.errors import NotFound


@pytest.fixture
def owners(db, settings):
    users = [make_writer(db, settings) for _ in range(2)]
    db.commit()
    return users[0].id, users[1].id


def _save(db, owner, task, html):
    current = tasks.get_task(session=db, owner_id=owner, task_id=task.id)
    tasks.save_body(session=db, owner_id=owner, task_id=task.id, base_revision=current.revision, html=html,
                    explicit=True)
    db.commit()


def _listed(db, owner, task):
    return revision_service.list_revisions(session=db, owner_id=owner, task_id=task.id)


def test_a_named_version_is_never_pruned_and_the_unnamed_ones_keep_the_policy(db, owners):
    owner, _ = owners
    task = make_task(db, owner)
    _save(db, owner, task, "<p>the draft sent to the editor</p>")
    oldest = _listed(db, owner, task)[-1]
    revision_service.name_revision(session=db, owner_id=owner, task_id=task.id, revision_id=oldest.id,
                                   name="  sent to\n editor ")
    db.commit()
    for i in range(60):
        _save(db, owner, task, f"<p>version {i}</p>")
    rows = _listed(db, owner, task)
    named = [r for r in rows if r.name]
    assert [(r.id, r.name) for r in named] == [(oldest.id, "sent to editor")]
    assert len([r for r in rows if not r.name]) == revision_service.REVISIONS_KEPT
    assert revision_service.get_revision_html(session=db, owner_id=owner, task_id=task.id,
                                              revision_id=oldest.id) == "<p>the draft sent to the editor</p>"


def test_rename_and_clear_a_name(db, owners):
    owner, _ = owners
    task = make_task(db, owner)
    _save(db, owner, task, "<p>one</p>")
    rev = _listed(db, owner, task)[0]
    for given, stored in (("first", "first"), ("فرستاده به ویراستار", "فرستاده به ویراستار"), ("  ", None),
                          ("again", "again"), (None, None), ("bad\ud800name", "bad\ufffdname")):
        out = revision_service.name_revision(session=db, owner_id=owner, task_id=task.id, revision_id=rev.id,
                                             name=given)
        db.commit()
        assert out.name == stored and _listed(db, owner, task)[0].name == stored


def test_a_name_too_long_is_refused_with_a_translated_key(db, owners):
    owner, _ = owners
    task = make_task(db, owner)
    _save(db, owner, task, "<p>one</p>")
    rev = _listed(db, owner, task)[0]
    revision_service.name_revision(session=db, owner_id=owner, task_id=task.id, revision_id=rev.id,
                                   name="x" * revision_service.NAME_MAX)
    with pytest.raises(ServiceError) as refused:
        revision_service.name_revision(session=db, owner_id=owner, task_id=task.id, revision_id=rev.id,
                                       name="x" * (revision_service.NAME_MAX + 1))
    assert refused.value.code == "versions.name_too_long" and all(MESSAGES[lang]["versions.name_too_long"] for lang in ("en", "fa"))


def test_someone_elses_revision_is_not_found(db, owners):
    owner, intruder = owners
    task, other = make_task(db, owner), make_task(db, intruder)
    _save(db, owner, task, "<p>mine</p>")
    rev = _listed(db, owner, task)[0]
    with pytest.raises(NotFound):
        revision_service.name_revision(session=db, owner_id=intruder, task_id=task.id, revision_id=rev.id, name="x")
    with pytest.raises(NotFound):  # through a task of the intruder's own
        revision_service.name_revision(session=db, owner_id=intruder, task_id=other.id, revision_id=rev.id, name="x")
    assert _listed(db, owner, task)[0].name is None


@pytest.mark.parametrize("old_word,new_word,filler", [
    ("quick", "slow", "the writer wrote a long and careful sentence about the river and the town"),
    ("کتاب", "نامه", "نویسنده جمله‌ای بلند و سنجیده دربارهٔ رودخانه و شهر و مردمانش می‌نوشت"),
])
def test_a_one_word_change_in_a_long_paragraph_marks_only_that_word(old_word, new_word, filler):
    before, after = " ".join([filler] * 8), " ".join([filler] * 8)
    old = f"{before} {old_word} {after}"
    new = f"{before} {new_word} {after}"
    [change] = compare_paragraphs(f"first\n\n{old}\n\nlast", f"first\n\n{new}\n\nlast")
    assert change.kind == "changed" and change.text == new
    marked = [(p.kind, p.text) for p in change.parts if p.kind != "same"]
    assert marked == [("removed", old_word), ("added", new_word)]
    assert "".join(p.text for p in change.parts if p.kind != "removed") == new
