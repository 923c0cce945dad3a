"""Accounts: registration, password checks, password change and reset."""

from __future__ import annotations

import logging
import smtplib
import uuid
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session, col, select, update

from writers_app import jobs
from writers_app.core import localize
from writers_app.core.security import hash_password, new_opaque_token, token_digest, utcnow, verify_password
from writers_app.i18n import translate
from writers_app.models import Language, PasswordResetToken, Role, User, UserPublic
from writers_app.services import api_tokens, audit
from writers_app.services import sessions as session_service
from writers_app.services.errors import NotFound, ServiceError
from writers_app.services.mail import send_mail
from writers_app.settings import Settings
from writers_app.core.text import storable

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # long passphrases are fine (pre-hashed); megabytes are not
MAX_NAME_LENGTH = 100
_DUMMY_HASHES: dict[int, str] = {}


def normalise_email(email: str) -> str:
    """Lower-cased, trimmed address; raises ServiceError for malformed input."""
    email = (email or "").strip()
    try:
        valid = validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ServiceError("auth.email_invalid") from exc
    return valid.normalized.lower()


def password_problem(password: str, email: str = "") -> str | None:
    """The translation key of what is wrong with a new password, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "auth.password_too_short"
    if len(password) > MAX_PASSWORD_LENGTH:
        return "auth.password_too_long"
    lowered = password.strip().lower()
    email = email.strip().lower()
    if email and (lowered == email or lowered == email.split("@", 1)[0]):
        return "auth.password_is_email"
    return None


def _dummy_hash(settings: Settings) -> str:
    """A hash at the configured cost, checked for unknown accounts so timing reveals nothing."""
    rounds = settings.bcrypt_rounds
    if rounds not in _DUMMY_HASHES:
        _DUMMY_HASHES[rounds] = hash_password(uuid.uuid4().hex, rounds=rounds)
    return _DUMMY_HASHES[rounds]


def get_user_by_email(*, session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == storable(email).strip().lower())).first()


def clean_display_name(display_name: str) -> str:
    """The name as stored: one space between words; raises ServiceError when empty or too long."""
    display_name = " ".join(storable(display_name or "").split())
    if not display_name:
        raise ServiceError("auth.name_required")
    if len(display_name) > MAX_NAME_LENGTH:
        raise ServiceError("auth.name_too_long")
    return display_name


class EmailTaken(ServiceError):
    """Registration with an address that has an account: the caller must answer as for any other
    registration it cannot complete here, never "this address has an account"."""

    def __init__(self, email: str) -> None:
        super().__init__("auth.email_taken")
        self.email = email


def register_user(
    *, session: Session, settings: Settings, email: str, display_name: str, password: str,
    language: str = Language.EN, role: Role = Role.WRITER,
) -> User:
    email = normalise_email(email)
    display_name = clean_display_name(display_name)
    problem = password_problem(password, email)
    if problem:
        raise ServiceError(problem)
    if get_user_by_email(session=session, email=email) is not None:
        hash_password(password, rounds=settings.bcrypt_rounds)  # the same work as a registration
        raise EmailTaken(email)
    user = User(
        email=email,
        display_name=display_name,
        password_hash=hash_password(password, rounds=settings.bcrypt_rounds),
        preferred_language=language if language in (Language.FA, Language.EN) else Language.EN,
        role=role,
    )
    session.add(user)
    session.flush()
    audit.record(session, action="auth.registered", actor_id=user.id, target_user_id=user.id, role=str(role))
    log.info("user registered", extra={"user_id": user.id, "role": role})
    return user


def authenticate(*, session: Session, settings: Settings, email: str, password: str, ip: str = "") -> User | None:
    """The active user with these credentials, or None, in similar time either way."""
    email = storable(email or "")  # a NUL in the form's e-mail field gave PostgreSQL's ValueError (500)
    user = get_user_by_email(session=session, email=email)
    if user is None or len(password) > MAX_PASSWORD_LENGTH:
        verify_password(password[:MAX_PASSWORD_LENGTH], _dummy_hash(settings))
        audit.record(session, action="auth.login_failed", ip=ip, email=(email or "").strip().lower()[:320])
        return None
    if not verify_password(password, user.password_hash) or not user.is_active:
        audit.record(session, action="auth.login_failed", target_user_id=user.id, ip=ip,
                     reason="inactive" if user.is_active is False else "password")
        return None
    return user


def _set_password(session: Session, settings: Settings, user: User, new_password: str) -> None:
    problem = password_problem(new_password, user.email)
    if problem:
        raise ServiceError(problem)
    user.password_hash = hash_password(new_password, rounds=settings.bcrypt_rounds)
    session.add(user)


def change_password(
    *, session: Session, settings: Settings, user_id: int, current_password: str,
    new_password: str, keep_session: uuid.UUID | None,
) -> None:
    """Change a password and end every other session of the user at once."""
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotFound()
    if not verify_password(current_password, user.password_hash):
        raise ServiceError("auth.current_password_wrong")
    _set_password(session, settings, user, new_password)
    session_service.revoke_user_sessions(session=session, user_id=user_id, keep=keep_session)
    api_tokens.revoke_user_tokens(session=session, user_id=user_id, reason="password_changed")
    audit.record(session, action="auth.password_changed", actor_id=user_id, target_user_id=user_id)
    log.info("password changed", extra={"user_id": user_id})


def request_password_reset(*, session: Session, settings: Settings, email: str, language: str = "en") -> None:
    """Mail a single-use reset link if the account exists; say nothing either way."""
    try:
        email = normalise_email(email)
    except ServiceError:
        return
    user = get_user_by_email(session=session, email=email)
    if user is None or not user.is_active:
        log.info("password reset asked for an unknown or inactive account")
        return
    lang = user.preferred_language or language
    try:
        _mail_reset_link(session, settings, user, lang)
        log.info("password reset mailed", extra={"user_id": user.id})
    except (OSError, smtplib.SMTPException) as exc:
        # The mail server did not take it: the request is kept as a job (no link travels in it),
        # which makes a fresh link and retries with backoff until the mail is sent.
        jobs.send_after_commit(session, jobs.SEND_RESET_MAIL, user.id, lang)
        log.warning("password reset mail not sent: queued for retry", extra={
            "user_id": user.id, "smtp_host": settings.smtp_host, "error": type(exc).__name__})
    audit.record(session, action="auth.reset_requested", target_user_id=user.id)


def mail_reset_link(*, session: Session, settings: Settings, user_id: int, language: str) -> None:
    """The queued retry of a reset mail the mail server refused: a fresh link, mailed now.
    Raises OSError/SMTPException while the server still refuses (its link is rolled back)."""
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        log.info("queued reset mail dropped: the account is gone or inactive", extra={"user_id": user_id})
        return
    _mail_reset_link(session, settings, user, language)
    log.info("password reset mailed on retry", extra={"user_id": user_id})


def _mail_reset_link(session: Session, settings: Settings, user: User, lang: str) -> None:
    token = new_opaque_token()
    row = PasswordResetToken(user_id=user.id, token_hash=token_digest(token),
                             expires_at=utcnow() + timedelta(minutes=settings.password_reset_minutes))
    session.add(row)
    session.flush()
    link = f"{settings.public_url.rstrip('/')}/reset-password?token={token}"
    try:
        send_mail(
            settings=settings, to=user.email,
            subject=translate("mail.reset_subject", lang),
            body=translate("mail.reset_body", lang).format(
                name=user.display_name, link=link,
                minutes=localize.number(settings.password_reset_minutes, lang)),  # «۳۰» in Persian
        )
    except BaseException:
        session.delete(row)  # a link nobody received must not stay usable
        session.flush()
        raise


def tell_owner_of_registration_attempt(*, session: Session, settings: Settings, email: str, ip: str = "") -> None:
    """Someone tried to register with this account's address: say so to its owner, with the way
    in if it was them. Audited; never tells the person registering anything."""
    user = get_user_by_email(session=session, email=email)
    if user is None:
        return
    lang = user.preferred_language or "en"
    base = settings.public_url.rstrip("/")
    send_mail(
        settings=settings, to=user.email,
        subject=translate("mail.register_taken_subject", lang),
        body=translate("mail.register_taken_body", lang).format(
            name=user.display_name, login=f"{base}/login", reset=f"{base}/forgot-password"),
    )
    audit.record(session, action="auth.register_attempt_on_taken_email", target_user_id=user.id, ip=ip)
    log.info("registration attempted with a taken address", extra={"user_id": user.id})


def _usable_reset_token(session: Session, token: str) -> PasswordResetToken | None:
    row = session.exec(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == token_digest(token or ""))
    ).first()
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    return row


def reset_token_is_usable(*, session: Session, token: str) -> bool:
    return _usable_reset_token(session, token) is not None


def reset_password(*, session: Session, settings: Settings, token: str, new_password: str) -> User:
    """Use a reset token once: set the password and end every session of the user."""
    row = _usable_reset_token(session, token)
    if row is None:
        raise ServiceError("auth.reset_link_invalid")
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise ServiceError("auth.reset_link_invalid")
    _set_password(session, settings, user, new_password)
    # Every outstanding link of this user dies with the one used.
    session.exec(
        update(PasswordResetToken)
        .where(col(PasswordResetToken.user_id) == user.id, col(PasswordResetToken.used_at).is_(None))
        .values(used_at=utcnow())
    )
    session_service.revoke_user_sessions(session=session, user_id=user.id)
    api_tokens.revoke_user_tokens(session=session, user_id=user.id, reason="password_reset")
    audit.record(session, action="auth.password_reset", actor_id=user.id, target_user_id=user.id)
    log.info("password reset used", extra={"user_id": user.id})
    return user


def set_language(*, session: Session, user_id: int, language: str) -> None:
    if language not in (Language.FA, Language.EN):
        raise ServiceError("error.bad_input")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    user.preferred_language = language
    session.add(user)


def create_admin(*, session: Session, settings: Settings, email: str, display_name: str, password: str) -> User:
    """Create an admin, or promote an existing account with that e-mail."""
    existing = get_user_by_email(session=session, email=normalise_email(email))
    if existing is not None:
        existing.role = Role.ADMIN
        session.add(existing)
        log.info("user promoted to admin", extra={"user_id": existing.id})
        return existing
    return register_user(
        session=session, settings=settings, email=email, display_name=display_name,
        password=password, role=Role.ADMIN,
    )


def to_public(user: User) -> UserPublic:
    return UserPublic.model_validate(user, from_attributes=True)
