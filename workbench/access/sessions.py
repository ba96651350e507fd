"""Login sessions kept on the server, and the login throttle.

The browser's cookie holds a random token (signed by the server); the database keeps only its hash, who it
belongs to and whether it ended. Logging out or disabling the user ends it at once: the next request, or the next
action of a page left open, is refused. Failed passwords are counted per account and per address: after a few, each
new try waits longer; after more, the account (or address) is locked for a while. Both are written to the audit
trail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from workbench.access import chain
from workbench.db import write_transaction
from workbench.models import LoginAttempt, LoginSession, User

SESSION_HOURS = 10  # a working day; the cookie expires with it
WINDOW = dt.timedelta(minutes=15)  # failures older than this are forgotten
FREE_FAILURES = 3  # failures allowed before each try waits
LOCK_FAILURES = 10  # failures that lock the account or the address until the window has passed
MAX_DELAY = 8.0  # seconds


def token_hash(token: str) -> str:
    """What a session table stores of a token: its SHA-256, never the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(engine: Engine, username: str, address: str | None) -> str:
    """A new session for a user who has just given their password; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    now = dt.datetime.now()
    with write_transaction(engine) as connection:
        connection.execute(insert(LoginSession).values(
            token_hash=token_hash(token), username=username, address=(address or "")[:64], started_at=now,
            expires_at=now + dt.timedelta(hours=SESSION_HOURS)))
        connection.execute(delete(LoginAttempt).where(LoginAttempt.username == username))
    return token


def user_of(engine: Engine, token: str | None) -> str | None:
    """The user a token belongs to, while the session is live and the user active; None otherwise."""
    if not token:
        return None
    with engine.connect() as connection:
        return connection.execute(
            select(LoginSession.username).join(User, User.username == LoginSession.username).where(
                LoginSession.token_hash == token_hash(token), LoginSession.ended_at.is_(None),
                LoginSession.expires_at > dt.datetime.now(), User.active.is_(True))).scalar()


def end(engine: Engine, token: str | None) -> None:
    """Log out: the session ends for every tab and every copy of its cookie."""
    if not token:
        return
    with write_transaction(engine) as connection:
        connection.execute(update(LoginSession).where(LoginSession.token_hash == token_hash(token),
                                                      LoginSession.ended_at.is_(None))
                           .values(ended_at=dt.datetime.now()))


def end_all(connection: Connection, username: str) -> int:
    """End every live session of a user (disabled), in the caller's transaction."""
    return connection.execute(update(LoginSession).where(LoginSession.username == username,
                                                         LoginSession.ended_at.is_(None))
                              .values(ended_at=dt.datetime.now())).rowcount


@dataclass(frozen=True)
class Throttle:
    delay: float  # seconds to wait before checking the password
    locked_until: dt.datetime | None  # refused without checking until then


def throttle(engine: Engine, username: str, address: str, now: dt.datetime | None = None) -> Throttle:
    """How a new try of this account from this address is slowed down, from the recent failures of either."""
    now = now or dt.datetime.now()
    since = now - WINDOW
    with engine.connect() as connection:
        counts = []
        for column, value in ((LoginAttempt.username, username), (LoginAttempt.address, address)):
            count, last = connection.execute(select(func.count(), func.max(LoginAttempt.at)).where(
                column == value, LoginAttempt.at > since)).one()
            counts.append((count, last))
    failures = max(count for count, _ in counts)
    if failures >= LOCK_FAILURES:
        last = max(at for count, at in counts if count >= LOCK_FAILURES)
        return Throttle(0.0, last + WINDOW)
    extra = failures - FREE_FAILURES
    return Throttle(min(MAX_DELAY, 2.0 ** extra / 2) if extra >= 0 else 0.0, None)


def record_failure(engine: Engine, username: str, address: str, now: dt.datetime | None = None) -> None:
    """Count a failed password; the audit trail says when an account or address starts being slowed or locked."""
    now = now or dt.datetime.now()
    with write_transaction(engine) as connection:
        connection.execute(insert(LoginAttempt).values(at=now, username=username[:64], address=address[:64]))
        failures = max(connection.execute(select(func.count()).where(column == value, LoginAttempt.at > now - WINDOW))
                       .scalar_one() for column, value in ((LoginAttempt.username, username[:64]),
                                                           (LoginAttempt.address, address[:64])))
        if failures in (FREE_FAILURES + 1, LOCK_FAILURES):
            action = "login locked" if failures == LOCK_FAILURES else "login slowed down"
            chain.append(connection, [{
                "at": now, "username": username[:64], "role": "-", "via": f"app login from {address}"[:80],
                "action": f"{action} after {failures} failed passwords", "rows": 0, "detail_complete": True}])
