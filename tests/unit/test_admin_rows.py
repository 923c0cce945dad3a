"""The audit log's rows name people by e-mail and turn an event's recorded detail into readable,
translated phrases (no `k=v`, no raw ids)."""

from datetime import datetime, timezone

from writers_app.i18n import translate
from writers_app.models import AuditEventPublic
from writers_app.pages.admin.rows import DetailPart, audit_row, detail_parts


def _event(**detail) -> AuditEventPublic:
    return AuditEventPublic(id=7, created_at=datetime(2026, 12, 1, 21, 41, tzinfo=timezone.utc), actor_id=1,
                            action="admin.role_changed", target_user_id=2, ip="127.0.0.1", detail=detail)


def test_people_are_named_by_e_mail_and_a_vanished_one_by_number():
    row = audit_row(_event(), {1: "ada@example.com"})
    assert (row.actor, row.target) == ("ada@example.com", "#2")
    nobody = audit_row(_event().model_copy(update={"actor_id": None}), {})
    assert nobody.actor == ""


def test_details_become_translated_phrases_in_a_fixed_order():
    parts = detail_parts({"after": "admin", "before": "writer"})
    assert parts == [DetailPart("audit.d_before", "role.writer", "key"), DetailPart("audit.d_after", "role.admin", "key")]
    for part in parts:
        for lang in ("en", "fa"):
            assert "." not in translate(part.label, lang) and "." not in translate(part.value, lang)


def test_numbers_dates_and_the_writers_words_keep_their_kind():
    parts = detail_parts({"count": 3, "token_ids": [4, 5], "reason": "password_reset", "name": "My script",
                          "expires_at": "2027-01-01T00:00:00", "scope": "read-write"})
    assert [(p.label, p.kind) for p in parts] == [
        ("audit.d_reason", "key"), ("audit.d_scope", "key"), ("audit.d_name", "text"), ("audit.d_count", "number"),
        ("audit.d_expires", "date")]
    assert all(translate(p.value, "fa") != p.value for p in parts if p.kind == "key")


def test_an_unknown_detail_is_still_shown():
    assert detail_parts({"zeta": "x"}) == [DetailPart("audit.d_other", "zeta=x", "ltr")]
