"""Accounts: add, list, disable, and check a password (Argon2id hashes, never the password itself)."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from functools import cache

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, select, update

from workbench.access.actor import Actor, scope_of_user
from workbench.access.guard import guarded_write
from workbench.catalogue import text
from workbench.db import require_schema
from workbench.exceptions import InputError
from workbench.models import ROLES, User

MIN_PASSWORD_LENGTH = 8
_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Checking an unknown name costs as much as a wrong password, so timing does not tell which names exist (made
    on the first check, not when the module is imported: an Argon2 hash takes a noticeable time)."""
    return _hasher.hash("not a password of anyone")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def add_user(engine: Engine, username: str, password: str, role: str, *, full_name: str = "",
             school: str | None = None, province: str | None = None, region: str | None = None,
             email: str | None = None, phone: str | None = None) -> Actor:
    require_schema(engine)
    contact = checked_contact(email, phone)
    username = username.strip().lower()
    if not username or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        raise InputError(text("error.user_name", name=username))
    if role not in ROLES:
        raise InputError(text("error.unknown_role", role=role, roles=", ".join(ROLES)))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(text("error.short_password", length=MIN_PASSWORD_LENGTH))
    needed = {"director": ("--school", school), "province_officer": ("--province", province),
              "region_officer": ("--region", region)}.get(role)
    if needed and not needed[1]:
        raise InputError(text("error.role_needs", role=text(f"role.{role}"), option=needed[0]))
    with guarded_write(engine, "add user", roles=("administrator",)) as write:
        if write.connection.execute(select(User.username).where(User.username == username)).first():
            raise InputError(text("error.user_exists", name=username))
        scope = scope_of_user(write.connection, role, school, province, region)
        write.insert(User.__table__, [{
            "username": username, "full_name": full_name or username, "role": role, "school_code": scope.school
            if role == "director" else None, "province_code": scope.province if role == "province_officer" else None,
            "region_code": scope.region if role == "region_officer" else None,
            "password_hash": _hasher.hash(password), "active": True, "created_at": dt.datetime.now(), **contact}],
            hide=("password_hash",))
    return Actor(username, role, scope)


def checked_contact(email: str | None = None, phone: str | None = None) -> dict[str, str | None]:
    """A user's e-mail and phone as the outbox reaches them, checked as the imports check a guardian's (a phone in
    E.164); an empty text clears it, None leaves it out."""
    from workbench.imports import columns
    from workbench.imports.fields import what

    found: dict[str, str | None] = {}
    for column, value, parse in (("email", email, columns.email(what("email"))),
                                 ("phone", phone, columns.phone(what("phone")))):
        if value is None:
            continue
        parsed, reasons = parse(pd.Series([value], dtype=object))
        if reasons.iloc[0] is not None:
            raise InputError(text("error.contact", value=value, reason=reasons.iloc[0]))
        found[column] = None if pd.isna(parsed.iloc[0]) else str(parsed.iloc[0])
    return found


def set_contact(engine: Engine, username: str, *, email: str | None = None, phone: str | None = None) -> dict:
    """Where the outbox reaches a user (a director's reminders): their e-mail and phone; an administrator's change,
    in the audit trail. Returns the values set."""
    values = checked_contact(email, phone)
    if not values:
        return {}
    username = username.strip().lower()
    with guarded_write(engine, "set contact", roles=("administrator",)) as write:
        before = write.connection.execute(select(User.email, User.phone).where(User.username == username)).first()
        if before is None:
            raise InputError(text("error.no_user", name=username))
        write.connection.execute(update(User).where(User.username == username).values(**values))
        write.change("users", {"username": username}, {k: getattr(before, k) for k in values}, values)
    return values


def list_users(engine: Engine) -> pd.DataFrame:
    require_schema(engine)
    with engine.connect() as connection:
        return pd.read_sql(select(User.username, User.full_name, User.role, User.school_code, User.province_code,
                                  User.region_code, User.active).order_by(User.username), connection)


def disable_user(engine: Engine, username: str) -> None:
    """Disable a user: they cannot log in, and every session they have open ends at once."""
    _set_active(engine, username, False)


def enable_user(engine: Engine, username: str) -> None:
    _set_active(engine, username, True)


def _set_active(engine: Engine, username: str, active: bool) -> None:
    from workbench.access.sessions import end_all

    action = "enable user" if active else "disable user"
    with guarded_write(engine, action, roles=("administrator",)) as write:
        before = write.connection.execute(select(User.active).where(User.username == username)).first()
        if before is None:
            raise InputError(text("error.no_user", name=username))
        write.connection.execute(update(User).where(User.username == username).values(active=active))
        write.change("users", {"username": username}, {"active": before.active}, {"active": active})
        if not active:
            end_all(write.connection, username)


def load_actor(engine: Engine, username: str, via: str = "cli") -> Actor:
    """The active user named, with their scope; an unknown or disabled name is refused."""
    require_schema(engine)
    with engine.connect() as connection:
        user = connection.execute(select(User).where(User.username == username.strip().lower())).first()
        if user is None or not user.active:
            raise InputError(text("error.no_active_user", name=username))
        scope = scope_of_user(connection, user.role, user.school_code, user.province_code, user.region_code)
    return Actor(user.username, user.role, scope, via, user.language)


def set_language(engine: Engine, language: str) -> None:
    """The current actor's choice of language for their apps, remembered for their next pages. A user's own
    preference, not the data of a school: any active user may change theirs, a trainer outside a sandbox too."""
    from workbench.catalogue import LANGUAGES

    if language not in LANGUAGES:
        raise InputError(text("error.unknown_language", language=language, languages=", ".join(LANGUAGES)))
    with guarded_write(engine, "set language", own_preference=True) as write:
        username = write.actor.username
        write.scoped = True  # the one row changed is the actor's own account
        before = write.connection.execute(select(User.language).where(User.username == username)).scalar()
        if before is None:
            raise InputError(text("error.no_user", name=username))
        write.connection.execute(update(User).where(User.username == username).values(language=language))
        write.change("users", {"username": username}, {"language": before}, {"language": language})


def user_is_active(engine: Engine, username: str) -> bool:
    with engine.connect() as connection:
        return bool(connection.execute(select(User.active).where(User.username == username)).scalar())


def authenticate(engine: Engine, username: str, password: str, via: str = "app") -> Actor | None:
    """The user if the password is theirs and their account is active; None otherwise (never says which)."""
    with engine.connect() as connection:
        user = connection.execute(select(User.username, User.password_hash, User.active).where(
            User.username == username.strip().lower())).first()
    try:
        _hasher.verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    return load_actor(engine, user.username, via)


@dataclass(frozen=True)
class LoginOutcome:
    token: str | None  # the new session's, when the password was right
    locked_until: dt.datetime | None = None  # refused unchecked: too many recent failures


async def log_in(engine: Engine, username: str, password: str, address: str) -> LoginOutcome:
    """The staff login: the try is counted, and refused once the account or the address is locked, before the
    password is checked (`sessions.attempt`, one try at a time); each new guess then waits longer, without holding
    up other users; a right password opens a session."""
    from workbench.access import sessions

    slowed = sessions.attempt(engine, username, address)
    if slowed.locked_until is not None:
        return LoginOutcome(None, slowed.locked_until)
    await asyncio.sleep(slowed.delay)
    if authenticate(engine, username, password) is None:
        sessions.failed(engine, username, address, slowed.rank)
        return LoginOutcome(None)
    return LoginOutcome(sessions.start(engine, username, address))
