"""Login sessions kept on the server, and the login throttle.

The browser's cookie holds a random token (signed by the server); the database keeps only its hash, who it
belongs to and whether it ended. Logging out or disabling the user ends it at once: the next request, or the next
action of a page left open, is refused. Failed passwords are counted per account and per address: after a few, each
new try waits longer; after more, the account (or address) is locked for a while. Both are written to the audit
trail. A try is counted, and the decision taken, in one transaction before its password is checked (`attempt`), so
that a burst of simultaneous tries cannot pass the lock; each login realm counts its addresses apart, and an address
is the visitor's as the deployment sees it (`client_address`: X-Forwarded-For only from a trusted proxy).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import secrets
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Connection, Engine, delete, func, insert, select, text, update

from workbench import config
from workbench.access import chain
from workbench.catalogue import text as describe
from workbench.db import write_transaction
from workbench.exceptions import WorkbenchError
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
    rank: int = 0  # this try's number among the recent ones of its account or address (1: the first)


_LOCK = 7_416_002  # PostgreSQL advisory lock: one login try at a time is counted and decided


@lru_cache(maxsize=4)
def _trusted(setting: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    try:
        return tuple(ipaddress.ip_network(item, strict=False) for item in setting.replace(",", " ").split())
    except ValueError as exc:
        raise WorkbenchError(describe("error.trusted_proxies", setting=config.TRUSTED_PROXIES.env,
                                      value=setting)) from exc


def _is_trusted(address: str, trusted) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(peer: str | None, forwarded_for: str | None = None) -> str:
    """The address a login is counted under, as the deployment sees its visitors: the connecting peer's, unless the
    peer is one of the trusted reverse proxies (WORKBENCH_TRUSTED_PROXIES); then, reading `X-Forwarded-For` from
    the right, the first address that is not one of them (entries further left were written by the visitor and
    are never believed). Without trusted proxies, or from anyone else, the header is ignored."""
    address = (peer or "").strip()
    trusted = _trusted(config.TRUSTED_PROXIES.value())
    if not forwarded_for or not _is_trusted(address, trusted):
        return address
    for entry in reversed(forwarded_for.split(",")):
        if not _is_trusted(address, trusted):
            break
        entry = entry.strip()
        try:
            ipaddress.ip_address(entry)
        except ValueError:
            break  # not an address: what the proxy saw is not known; the proxy's own address is counted
        address = entry
    return address


def address_key(address: str, realm: str = "") -> str:
    """What the throttle counts an address under: each login realm apart (a family's failures never slow down or
    lock the staff login from the same address, e.g. everyone behind one reverse proxy)."""
    return (f"{realm}:{address}" if realm else address)[:64]


def attempt(engine: Engine, username: str, address: str, now: dt.datetime | None = None,
            realm: str = "") -> Throttle:
    """Count a try of this account from this address before its password is checked, and decide in the same
    transaction how it is slowed down or whether it is refused: tries arriving together are counted one after the
    other (an advisory lock on PostgreSQL, the write lock on SQLite), so at most LOCK_FAILURES passwords are checked
    in a window, however many are sent at once. A try that succeeds forgets the account's tries (`start`); one that
    fails stays counted (`failed` writes the audit trail's events)."""
    now = now or dt.datetime.now()
    since = now - WINDOW
    keys = ((LoginAttempt.username, username[:64]), (LoginAttempt.address, address_key(address, realm)))
    with write_transaction(engine) as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
        # Written first: on SQLite the transaction then holds the write lock before it counts.
        added = connection.execute(insert(LoginAttempt).values(at=now, username=keys[0][1], address=keys[1][1])
                                   .returning(LoginAttempt.id)).scalar_one()
        counts = [connection.execute(select(func.count(), func.max(LoginAttempt.at)).where(
            column == value, LoginAttempt.at > since, LoginAttempt.id != added)).one() for column, value in keys]
        failures = max(count for count, _ in counts)
        if failures >= LOCK_FAILURES:
            connection.execute(delete(LoginAttempt).where(LoginAttempt.id == added))  # a refused try checks nothing
            last = max(at for count, at in counts if count >= LOCK_FAILURES)
            return Throttle(0.0, last + WINDOW)
    extra = failures - FREE_FAILURES
    return Throttle(min(MAX_DELAY, 2.0 ** extra / 2) if extra >= 0 else 0.0, None, failures + 1)


def failed(engine: Engine, username: str, address: str, rank: int, now: dt.datetime | None = None) -> None:
    """A try counted by `attempt` was refused: the audit trail says when its account or address starts being slowed
    down or locked (the try that reached the threshold)."""
    if rank not in (FREE_FAILURES + 1, LOCK_FAILURES):
        return
    now = now or dt.datetime.now()
    action = "login locked" if rank == LOCK_FAILURES else "login slowed down"
    with write_transaction(engine) as connection:
        chain.append(connection, [{
            "at": now, "username": username[:64], "role": "-", "via": f"app login from {address}"[:80],
            "action": f"{action} after {rank} failed passwords", "rows": 0, "detail_complete": True}])
