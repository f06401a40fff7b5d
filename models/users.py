"""Operations on users and login throttling. Functions flush, never commit."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from models.base import utcnow
from models.user import NO_PASSWORD, ROLES, LoginFailure, User

# A hash of a random password, checked when the e-mail is unknown so that the answer takes as long
# as for a known user (no user enumeration by timing).
_DUMMY_HASH = generate_password_hash("not-a-real-password-5a8f")


def hash_password(password: str) -> str:
    return generate_password_hash(password)


def create_user(
    session: Session, *, email: str, name: str, role: str, password: str | None, locale: str = "sv"
) -> User:
    """Create a user; without a password the account cannot log in until one is set."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    user = User(
        email=email.strip().lower(),
        name=name.strip(),
        role=role,
        locale=locale,
        password_hash=hash_password(password) if password else NO_PASSWORD,
    )
    session.add(user)
    session.flush()
    return user


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def authenticate(session: Session, email: str, password: str) -> User | None:
    """Return the active user with this e-mail and password, or None."""
    user = find_user_by_email(session, email)
    if user is None or user.password_hash == NO_PASSWORD:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def recent_failures(session: Session, throttle_key: str, window_seconds: int) -> int:
    since = utcnow() - timedelta(seconds=window_seconds)
    return session.scalar(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.throttle_key == throttle_key, LoginFailure.at >= since)
    ) or 0


def record_failure(session: Session, *throttle_keys: str) -> None:
    for key in throttle_keys:
        session.add(LoginFailure(throttle_key=key))
    session.flush()


def clear_failures(session: Session, throttle_key: str) -> None:
    """Forget failures for ``throttle_key`` (after a successful login)."""
    session.execute(delete(LoginFailure).where(LoginFailure.throttle_key == throttle_key))


def prune_failures(session: Session, window_seconds: int) -> None:
    """Drop failures older than the throttle window."""
    since = utcnow() - timedelta(seconds=window_seconds)
    session.execute(delete(LoginFailure).where(LoginFailure.at < since))
