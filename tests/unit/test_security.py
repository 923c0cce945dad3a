import uuid
from datetime import timedelta

import jwt

from writers_app.core.security import (
    decode_session_token, encode_session_token, hash_password, utcnow, verify_password,
)

SECRET = "s" * 40


def test_password_round_trip_and_wrong_password():
    hashed = hash_password("correct horse battery", rounds=4)
    assert hashed.startswith("$2b$04$")
    assert verify_password("correct horse battery", hashed)
    assert not verify_password("correct horse batterx", hashed)


def test_passwords_longer_than_72_bytes_count_in_full():
    # bcrypt alone ignores (or, in bcrypt 5, refuses) bytes past 72; every byte must count.
    base = "ب" * 40  # 80 bytes of UTF-8
    hashed = hash_password(base + "1", rounds=4)
    assert verify_password(base + "1", hashed)
    assert not verify_password(base + "2", hashed)


def test_default_cost_is_12():
    from writers_app.settings import Settings

    assert Settings.model_fields["bcrypt_rounds"].default == 12


def test_session_token_round_trip():
    sid = uuid.uuid4()
    token = encode_session_token(session_id=sid, user_id=7, expires_at=utcnow() + timedelta(hours=1), secret=SECRET)
    claims = decode_session_token(token, secret=SECRET)
    assert claims is not None and claims.session_id == sid and claims.user_id == 7


def test_tampered_expired_or_foreign_tokens_are_refused():
    sid = uuid.uuid4()
    good = encode_session_token(session_id=sid, user_id=7, expires_at=utcnow() + timedelta(hours=1), secret=SECRET)
    assert decode_session_token(good, secret="another-secret-" + "y" * 30) is None
    assert decode_session_token(good[:-2] + "xx", secret=SECRET) is None
    expired = encode_session_token(session_id=sid, user_id=7, expires_at=utcnow() - timedelta(seconds=5), secret=SECRET)
    assert decode_session_token(expired, secret=SECRET) is None
    unsigned = jwt.encode({"sid": str(sid), "sub": "7", "aud": "writers-session", "exp": 2**31}, key=None, algorithm="none")
    assert decode_session_token(unsigned, secret=SECRET) is None
    assert decode_session_token("not a token", secret=SECRET) is None
