"""A writer's own profile: the display name, and changing the e-mail address, which is confirmed
by a single-use link mailed to the NEW address (a notice goes to the old one). The address
changes only when that link is opened; only the SHA-256 of the link's token is stored."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlmodel import Session, col, select, update

from writers_app import routes
from writers_app.core import localize
from writers_app.core.text import storable
from writers_app.core.security import new_opaque_token, token_digest, utcnow, verify_password
from writers_app.i18n import translate
from writers_app.models import EmailChangeToken, User, UserPublic
from writers_app.services import audit, ratelimit
from writers_app.services.auth import MAX_PASSWORD_LENGTH, clean_display_name, get_user_by_email, normalise_email
from writers_app.services.errors import NotFound, ServiceError
from writers_app.services.mail import send_mail
from writers_app.settings import Settings

log = logging.getLogger(__name__)


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotFound()
    return user


def set_display_name(*, session: Session, user_id: int, display_name: str) -> UserPublic:
    """Rename the writer (trimmed, one space between words, 1-100 characters)."""
    user = _user(session, user_id)
    user.display_name = clean_display_name(display_name)
    session.add(user)
    session.flush()
    log.info("display name changed", extra={"user_id": user_id})
    return UserPublic.model_validate(user, from_attributes=True)


def check_password(settings: Settings, user: User, password: str) -> None:
    """Raise unless `password` is the user's current one (bcrypt: call it off the event loop).
    Wrong answers count against the account, as failed logins do: guessing is limited here too."""
    try:
        ratelimit.check_password_confirm(settings, user_id=user.id)
    except ratelimit.RateLimited as exc:
        raise ServiceError("auth.rate_limited") from exc
    if len(password or "") > MAX_PASSWORD_LENGTH or not verify_password(password or "", user.password_hash):
        ratelimit.password_confirm_failed(settings, user_id=user.id)
        raise ServiceError("auth.current_password_wrong")


def request_email_change(*, session: Session, settings: Settings, user_id: int, new_email: str,
                         password: str, ip: str = "") -> str:
    """Mail a confirmation link to `new_email` and a notice to the present address; returns the
    new address as it will be stored. The address itself is not changed here."""
    user = _user(session, user_id)
    check_password(settings, user, password)
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise ServiceError("profile.email_same")
    if get_user_by_email(session=session, email=new_email) is not None:
        # Said plainly, since the writer proved who they are; nothing about that account is told.
        raise ServiceError("profile.email_taken")
    _end_pending(session, user.id)
    token = new_opaque_token()
    hours = settings.email_change_hours
    row = EmailChangeToken(user_id=user.id, new_email=new_email, token_hash=token_digest(token),
                           expires_at=utcnow() + timedelta(hours=hours))
    session.add(row)
    session.flush()
    lang = user.preferred_language or "en"
    link = f"{settings.public_url.rstrip('/')}{routes.CONFIRM_EMAIL}?token={token}"
    values = {"name": user.display_name, "link": link, "hours": localize.number(hours, lang), "new": new_email}
    try:
        send_mail(settings=settings, to=new_email, subject=translate("mail.email_change_subject", lang),
                  body=translate("mail.email_change_body", lang).format(**values))
        send_mail(settings=settings, to=user.email, subject=translate("mail.email_change_notice_subject", lang),
                  body=translate("mail.email_change_notice_body", lang).format(**values))
    except Exception as exc:
        session.delete(row)  # a link nobody received must not stay usable
        session.flush()
        log.warning("e-mail change mail not sent", extra={"user_id": user.id, "error": type(exc).__name__})
        raise ServiceError("profile.mail_failed") from exc
    audit.record(session, action="profile.email_change_requested", actor_id=user.id, target_user_id=user.id, ip=ip)
    log.info("e-mail change mailed", extra={"user_id": user.id})
    return new_email


def _end_pending(session: Session, user_id: int) -> None:
    """Every open link of this user stops working (a newer request, or one was used)."""
    session.exec(update(EmailChangeToken)
                 .where(col(EmailChangeToken.user_id) == user_id, col(EmailChangeToken.used_at).is_(None))
                 .values(used_at=utcnow()))


def _usable(session: Session, token: str) -> EmailChangeToken | None:
    if not token or len(token) > 200:
        return None
    digest = token_digest(storable(token))  # a lone surrogate from a hand-made URL cannot be hashed as UTF-8
    row = session.exec(select(EmailChangeToken).where(EmailChangeToken.token_hash == digest)).first()
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    return row


def pending_email_change(*, session: Session, user_id: int) -> str:
    """The address waiting for its link to be opened, or ""."""
    row = session.exec(select(EmailChangeToken).where(
        EmailChangeToken.user_id == user_id, col(EmailChangeToken.used_at).is_(None),
        col(EmailChangeToken.expires_at) > utcnow()).order_by(col(EmailChangeToken.id).desc())).first()
    return row.new_email if row else ""


def confirm_email_change(*, session: Session, token: str, ip: str = "") -> UserPublic:
    """Use a link once: the account's address becomes the one the link was mailed to."""
    row = _usable(session, token)
    if row is None:
        raise ServiceError("profile.email_link_invalid")
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise ServiceError("profile.email_link_invalid")
    if get_user_by_email(session=session, email=row.new_email) is not None:
        raise ServiceError("profile.email_taken")  # another account took it since the link was mailed
    user.email = row.new_email
    session.add(user)
    _end_pending(session, user.id)
    audit.record(session, action="profile.email_changed", actor_id=user.id, target_user_id=user.id, ip=ip)
    log.info("e-mail address changed", extra={"user_id": user.id})
    return UserPublic.model_validate(user, from_attributes=True)
