from datetime import timedelta

import pytest

from tests.factories import make_task, make_writer
from writers_app.core.security import utcnow
from writers_app.models import TaskRevision, TaskStatus
from writers_app.services import revisions as revision_service
from writers_app.services import saves, search, tasks, writing_stats
from writers_app.services.errors import Conflict, NotFound, ServiceError


@pytest.fixture
def owners(db, settings):
    users = [make_writer(db, settings) for _ in range(2)]
    db.commit()
    return users[0].id, users[1].id


def _save(db, owner, task, html, **kw):
    current = tasks.get_task(session=db, owner_id=owner, task_id=task.id)
    result = tasks.save_body(session=db, owner_id=owner, task_id=task.id, base_revision=current.revision, html=html, **kw)
    db.commit()
    return result


def test_create_save_and_read_back(db, owners):
    owner, _ = owners
    task = tasks.create_task(session=db, owner_id=owner, title="  My   piece ")
    assert task.title == "My piece" and task.status == TaskStatus.DRAFT and task.revision == 0
    result = _save(db, owner, task, '<p dir="auto">One two</p><p dir="rtl">می\u200cخواهم بنویسم</p><script>x</script>')
    assert result.revision == 1 and result.word_count == 4
    stored = tasks.get_task(session=db, owner_id=owner, task_id=task.id)
    assert stored.body_html == '<p dir="auto">One two</p><p dir="rtl">می\u200cخواهم بنویسم</p>'
    assert stored.word_count == 4


def test_block_delta_save_and_resync_on_count_mismatch(db, owners):
    owner, _ = owners
    task = make_task(db, owner)
    _save(db, owner, task, "<p>a</p><p>b</p><p>c</p>")
    result = tasks.save_blocks(session=db, owner_id=owner, task_id=task.id, base_revision=1, start=1, delete_count=1,
                               blocks=["<p>B changed</p>"], blocks_before=3, blocks_after=3, save_id="s-2")
    db.commit()
    assert result.revision == 2
    assert tasks.get_task(session=db, owner_id=owner, task_id=task.id).body_html == "<p>a</p><p>B changed</p><p>c</p>"
    with pytest.raises(ServiceError) as err:  # the editor believes there are 4 blocks: resync
        tasks.save_blocks(session=db, owner_id=owner, task_id=task.id, base_revision=2, start=0, delete_count=1,
                          blocks=["<p>x</p>"], blocks_before=4, blocks_after=4)
    assert err.value.code == "editor.resync"


def test_stale_revision_is_refused_and_a_retry_is_acknowledged(db, owners):
    owner, _ = owners
    task = make_task(db, owner)
    first = tasks.save_body(session=db, owner_id=owner, task_id=task.id, base_revision=0, html="<p>v1</p>", save_id="abc")
    db.commit()
    # The acknowledgement was lost; the editor resends the same save: acknowledged, not doubled.
    again = tasks.save_body(session=db, owner_id=owner, task_id=task.id, base_revision=0, html="<p>v1</p>", save_id="abc")
    assert again.revision == first.revision == 1
    with pytest.raises(Conflict):  # another tab still on revision 0
        tasks.save_body(session=db, owner_id=owner, task_id=task.id, base_revision=0, html="<p>old tab</p>", save_id="zzz")
    assert tasks.get_task(session=db, owner_id=owner, task_id=task.id).body_html == "<p>v1</p>"


def test_another_writer_can_neither_read_change_nor_delete(db, owners):
    owner, intruder = owners
    task = make_task(db, owner, body_html="<p>secret draft</p>")
    db.commit()
    with pytest.raises(NotFound):
        tasks.get_task(session=db, owner_id=intruder, task_id=task.id)
    with pytest.raises(NotFound):
        tasks.save_body(session=db, owner_id=intruder, task_id=task.id, base_revision=0, html="<p>mine now</p>")
    with pytest.raises(NotFound):
        tasks.update_details(session=db, owner_id=intruder, task_id=task.id, title="hijacked")
    with pytest.raises(NotFound):
        revision_service.list_revisions(session=db, owner_id=intruder, task_id=task.id)
    assert tasks.delete_tasks(session=db, owner_id=intruder, task_ids=[task.id]) == 0
    assert search.list_tasks(session=db, owner_id=intruder).items == []
    assert tasks.get_task(session=db, owner_id=owner, task_id=task.id).body_html == "<p>secret draft</p>"


def _age(db, task, *, saved_minutes_ago, revisions_minutes_ago):
    from writers_app.models import Task

    row = db.get(Task, task.id)
    row.updated_at = utcnow() - timedelta(minutes=saved_minutes_ago)
    db.add(row)
    for revision in db.query(TaskRevision).filter_by(task_id=task.id).all():
        revision.created_at = utcnow() - timedelta(minutes=revisions_minutes_ago)
        db.add(revision)
    db.commit()


def _kept(db, owner, task):
    rows = revision_service.list_revisions(session=db, owner_id=owner, task_id=task.id)
    return [(r.reason, revision_service.get_revision_html(session=db, owner_id=owner, task_id=task.id,
                                                          revision_id=r.id)) for r in rows]


def test_autosave_revisions_never_freeze_half_a_word_and_follow_pauses_and_big_changes(db, owners):
    owner, _ = owners
    task = make_task(db, owner)
    _save(db, owner, task, "<p>one tw</p>")       # mid-word: nothing kept yet
    assert _kept(db, owner, task) == []
    _save(db, owner, task, "<p>one two.</p>")     # at a word boundary, none kept yet: kept
    _save(db, owner, task, "<p>one two. thr</p>")  # minutes have not passed: none
    assert _kept(db, owner, task) == [("autosave", "<p>one two.</p>")]
    _save(db, owner, task, "<p>one two. three</p>", explicit=True)  # explicit: always
    _save(db, owner, task, "<p>one two. three</p>", explicit=True)  # ...but not twice the same text
    assert [r for r, _ in _kept(db, owner, task)] == ["explicit", "autosave"]
    _save(db, owner, task, "<p>one two. three fo</p>")
    # The writer stopped for a while mid-sentence; coming back keeps the text they left, whole.
    _age(db, task, saved_minutes_ago=3, revisions_minutes_ago=4)
    _save(db, owner, task, "<p>one two. three four</p>")
    assert _kept(db, owner, task)[0] == ("autosave", "<p>one two. three fo</p>")
    # A big paste keeps the text before it.
    pasted = " ".join(["word"] * (revision_service.LARGE_CHANGE_WORDS + 5))
    _save(db, owner, task, f"<p>one two. three four five</p><p>{pasted}</p>")
    assert _kept(db, owner, task)[0] == ("autosave", "<p>one two. three four</p>")
    # A long unbroken session: a version every few minutes, once the edit ends at a word boundary.
    _age(db, task, saved_minutes_ago=0, revisions_minutes_ago=6)
    _save(db, owner, task, f"<p>one two. three four five si</p><p>{pasted}</p>")
    assert len(_kept(db, owner, task)) == 4
    _save(db, owner, task, f"<p>one two. three four five six,</p><p>{pasted}</p>")
    assert len(_kept(db, owner, task)) == 5


def test_keep_before_fixes_keeps_the_text_as_it_is_for_its_owner_only(db, owners):
    owner, intruder = owners
    task = make_task(db, owner)
    _save(db, owner, task, "<p>متن پیش از درست کردن</p>", explicit=True)
    revision_service.keep_before_fixes(session=db, owner_id=owner, task_id=task.id)
    assert _kept(db, owner, task)[0] == ("fixes", "<p>متن پیش از درست کردن</p>")
    with pytest.raises(NotFound):
        revision_service.keep_before_fixes(session=db, owner_id=intruder, task_id=task.id)


def test_only_the_latest_50_revisions_are_kept(db, owners):
    owner, _ = owners
    task = make_task(db, owner)
    for i in range(55):
        _save(db, owner, task, f"<p>version {i}</p>", explicit=True)
    revisions = revision_service.list_revisions(session=db, owner_id=owner, task_id=task.id)
    assert len(revisions) == 50
    html = lambda r: revision_service.get_revision_html(session=db, owner_id=owner, task_id=task.id, revision_id=r.id)  # noqa: E731
    # A revision holds the text as saved; versions 0-4 were dropped, 5-54 kept.
    assert html(revisions[0]) == "<p>version 54</p>" and html(revisions[-1]) == "<p>version 5</p>"


def test_restore_brings_back_an_older_text_and_keeps_the_replaced_one(db, owners):
    owner, _ = owners
    task = make_task(db, owner)
    _save(db, owner, task, "<p>first</p>", explicit=True)
    _save(db, owner, task, "<p>second</p>", explicit=True)
    revisions = revision_service.list_revisions(session=db, owner_id=owner, task_id=task.id)
    oldest = revisions[-1]
    tasks.restore_revision(session=db, owner_id=owner, task_id=task.id, revision_id=oldest.id)
    db.commit()
    assert tasks.get_task(session=db, owner_id=owner, task_id=task.id).body_html == revision_service.get_revision_html(
        session=db, owner_id=owner, task_id=task.id, revision_id=oldest.id)
    reasons = [r.reason for r in revision_service.list_revisions(session=db, owner_id=owner, task_id=task.id)]
    assert reasons[0] == "restore"


def test_keyset_pagination_visits_every_task_once_in_order(db, owners):
    owner, other = owners
    base = utcnow()
    for i in range(47):
        t = make_task(db, owner, title=f"Piece {i:02d}")
        row = db.get(__import__("writers_app.models", fromlist=["Task"]).Task, t.id)
        row.updated_at = base - timedelta(minutes=i % 7)  # many equal timestamps: the id breaks ties
        db.add(row)
    make_task(db, other, title="not yours")
    db.commit()
    for sort in ("updated", "created", "title", "words"):
        seen, cursor = [], None
        while True:
            page = search.list_tasks(session=db, owner_id=owner, sort=sort, cursor=cursor, limit=10)
            seen += [t.id for t in page.items]
            cursor = page.next_cursor
            if not cursor:
                break
        assert len(seen) == len(set(seen)) == 47, sort
    titles = [t.title for t in search.list_tasks(session=db, owner_id=owner, sort="title", limit=3).items]
    assert titles == ["Piece 00", "Piece 01", "Piece 02"]


def test_search_filter_and_bad_sort(db, owners):
    owner, other = owners
    make_task(db, owner, title="Winter tale", body_html="<p>snow falls</p>")
    make_task(db, owner, title="دفتر", body_html="<p>می\u200cخواهم ۱۰۰% بنویسم</p>")
    make_task(db, other, title="snow elsewhere", body_html="<p>snow</p>")
    db.commit()
    assert [t.title for t in search.list_tasks(session=db, owner_id=owner, search="SNOW").items] == ["Winter tale"]
    assert [t.title for t in search.list_tasks(session=db, owner_id=owner, search="می\u200cخواهم").items] == ["دفتر"]
    assert search.list_tasks(session=db, owner_id=owner, search="%").items[0].title == "دفتر"  # % is literal
    assert len(search.list_tasks(session=db, owner_id=owner, status="draft").items) == 2
    assert search.list_tasks(session=db, owner_id=owner, status="queued").items == []
    with pytest.raises(ServiceError):
        search.list_tasks(session=db, owner_id=owner, sort="password_hash")
    with pytest.raises(ServiceError):
        search.list_tasks(session=db, owner_id=owner, cursor="not-a-cursor")


def test_search_matches_title_or_body_never_across_them(db, owners):
    owner, _ = owners
    make_task(db, owner, title="Keeper of the Lighthouse", body_html="<p>nothing</p>")
    make_task(db, owner, title="Coast", body_html="<p>the old LIGHTHOUSE stands</p>")
    make_task(db, owner, title="Paths", body_html="<p>C:\\temp\\new a_c</p>")
    db.commit()

    def titles(term):
        return sorted(t.title for t in search.list_tasks(session=db, owner_id=owner, search=term).items)

    assert titles("lighthouse") == ["Coast", "Keeper of the Lighthouse"]
    assert titles("Lighthouse nothing") == []
    assert titles("\\TEMP\\") == ["Paths"]
    assert titles("a_c") == ["Paths"] and titles("abc") == []


def test_search_folds_persian_spellings_and_follows_renames_and_saves(db, owners):
    """Arabic and Persian ی/ک, ZWNJ/space/nothing, diacritics, kashida and digits all meet, and the
    folded copies (models.task: title_search, body_search) follow every rename and save."""
    owner, other = owners
    book = make_task(db, owner, title="كتاب من", body_html="<p>او مي‌خواهد بنويسد؛ ۱۲ فصل. مُحَمَّد</p>")
    make_task(db, owner, title="English", body_html="<p>To be or not to be</p>")
    make_task(db, other, title="کتاب دیگری", body_html="<p>می خواهد</p>")
    db.commit()

    def titles(term):
        return sorted(t.title for t in search.list_tasks(session=db, owner_id=owner, search=term).items)

    for term in ("کتاب", "كتاب", "می خواهد", "میخواهد", "می‌خواهد", "ميخواهد", "12 فصل", "۱۲", "محمد",
                 "بنويـــسد", "كتابمن"):
        assert titles(term) == ["كتاب من"], term
    assert titles("tobe") == []  # Latin words keep their spaces
    assert titles("TO BE") == ["English"]
    assert titles("َـ") == ["English", "كتاب من"]  # folds to nothing: no filter
    tasks.update_details(session=db, owner_id=owner, task_id=book.id, title="دفتر")
    current = tasks.get_task(session=db, owner_id=owner, task_id=book.id)
    _save(db, owner, current, "<p>نامه‌ها رسید</p>")
    db.commit()
    assert titles("کتاب") == [] and titles("نامه ها") == ["دفتر"] and titles("دفتر") == ["دفتر"]


def test_summary_counts_words_and_days(db, owners):
    owner, _ = owners
    task = tasks.create_task(session=db, owner_id=owner, body_html="<p>one two three</p>")
    _save(db, owner, task, "<p>one two three four five</p>")
    _save(db, owner, task, "<p>one</p>")  # deleting words does not un-write them
    summary = writing_stats.summary(session=db, owner_id=owner)
    assert summary.total_tasks == 1 and summary.total_words == 1 and summary.by_status["draft"] == 1
    assert len(summary.words_per_day) == 30 and summary.words_per_day[-1][1] == 5


def test_compare_revision_lists_removed_and_added_paragraphs(db, owners):
    owner, intruder = owners
    task = make_task(db, owner)
    _save(db, owner, task, "<p>keep me</p><p>old line</p>", explicit=True)
    _save(db, owner, task, "<p>keep me</p><p>fresh text</p><p>more</p>")
    first = revision_service.list_revisions(session=db, owner_id=owner, task_id=task.id)[-1]
    changes = revision_service.compare_revision(session=db, owner_id=owner, task_id=task.id, revision_id=first.id)
    assert [(c.kind, c.text) for c in changes] == [("removed", "old line"), ("added", "fresh text"), ("added", "more")]
    with pytest.raises(NotFound):
        revision_service.compare_revision(session=db, owner_id=intruder, task_id=task.id, revision_id=first.id)


def test_fix_context_shows_whole_words():
    from writers_app.pages.editor.analysis_rows import word_around as _word_around

    text = "من میخواهم کتاب ها را بخوانم"
    assert _word_around(text, 5, 5) == ("می", "خواهم")            # a ZWNJ inserted inside a word
    space = text.index(" ها")
    assert _word_around(text, space, space + 1) == ("کتاب", "ها")  # a space turned into a ZWNJ


def test_a_block_save_folds_only_the_blocks_it_changed_and_stores_the_whole_search_copy(db, owners, monkeypatch):
    from sqlmodel import select

    from writers_app.core import fold as fold_module
    from writers_app.formats import blocks as blocks_module
    from writers_app.models import Task

    owner, _ = owners
    task = make_task(db, owner, body_html="".join(f"<p>بند {i} مي\u200cخواهد</p>" for i in range(50)))
    db.commit()
    current = tasks.get_task(session=db, owner_id=owner, task_id=task.id)
    tasks.save_blocks(session=db, owner_id=owner, task_id=task.id, base_revision=current.revision, start=0,
                      delete_count=1, blocks=["<p>آغاز كتاب</p>"], blocks_before=50, blocks_after=50)
    db.commit()
    saves.fold(db, task.id)  # the first fold after loading folds every block once
    db.commit()
    folded = []
    monkeypatch.setattr(blocks_module, "fold_search", lambda text: folded.append(text) or fold_module.fold_search(text))
    current = tasks.get_task(session=db, owner_id=owner, task_id=task.id)
    tasks.save_blocks(session=db, owner_id=owner, task_id=task.id, base_revision=current.revision, start=49,
                      delete_count=1, blocks=["<p>پايان</p>"], blocks_before=50, blocks_after=50)
    db.commit()
    assert folded == []  # the save itself folds nothing: it logs one block (services.saves)
    saves.fold(db, task.id)
    db.commit()
    assert folded == ["پايان"]  # one block folded, not fifty
    stored = db.exec(select(Task.__table__.c.body_text, Task.__table__.c.body_search)
                     .where(Task.__table__.c.id == task.id)).one()
    assert stored.body_search == fold_module.fold_search(stored.body_text)  # the same as folding it whole
    assert [t.title for t in search.list_tasks(session=db, owner_id=owner, search="پایان").items] == [""]
