"""The families' login realm: a pupil logs in with their Massar code, a guardian with their CIN, and the code the
school issued them (or the password they chose after their first login). Kept apart from the staff accounts: its
own sessions (`portal_sessions`), its own cookie (see `realm.py`), the same throttle as the staff login (failures
per identifier and per address, `workbench.access.sessions`), its addresses counted apart from the staff's."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, and_, delete, insert, select, update

from workbench import codes as formats
from workbench.access import sessions
from workbench.access.actor import Actor, acting_as
from workbench.access.guard import guarded_write
from workbench.catalogue import Label, text
from workbench.db import write_transaction
from workbench.exceptions import InputError
from workbench.models import LoginAttempt, PupilGuardian
from workbench.programmes.portal.codes import CODE_HASHER, matches, normalise
from workbench.programmes.portal.models import AccessCode, AccessCodePupil, PortalSession
from workbench.scope import Scope

NS = "portal"
SESSION_HOURS = 2  # a family's visit; the cookie expires with it
MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True)
class Holder:
    """Who is logged in to the portal, and the only pupils they may see (read from their code, never from a
    request's parameters)."""

    code_id: int
    kind: str  # pupil | guardian
    identifier: str
    school_code: str
    pupils: tuple[str, ...]
    has_password: bool = False

    @property
    def actor(self) -> Actor:
        """Whom the audit trail names for what the holder does: the family, at their school."""
        return Actor(f"{self.kind}:{self.identifier}", "family", Scope(school=self.school_code), "app portal")


@dataclass(frozen=True)
class LoginOutcome:
    token: str | None  # for the cookie, when the login succeeded
    error: Label | None = None
    wait: float = 0.0  # seconds to wait before answering (throttle)


def check_identifier(kind: str, identifier: str) -> tuple[str, Label | None]:
    """The identifier as stored (capitals, no spaces) and, when its format is wrong, what to tell the holder."""
    cleaned = "".join(str(identifier).split()).upper()[:16]
    if kind == "guardian" and not formats.CIN.match(cleaned):
        return cleaned, text(f"{NS}.error.bad_cin")
    if kind == "pupil" and not formats.MASSAR_CODE.match(cleaned):
        return cleaned, text(f"{NS}.error.bad_massar")
    if kind not in ("pupil", "guardian"):
        return cleaned, text(f"{NS}.error.bad_kind")
    return cleaned, None


def throttle_name(identifier: str) -> str:
    return f"portal:{identifier}"  # staff names never hold a colon: the two realms' counts never mix


def login(engine: Engine, kind: str, identifier: str, secret: str, address: str,
          now: dt.datetime | None = None) -> LoginOutcome:
    """Check a holder's code or password. A code opens one session only (it is then spent) unless the holder
    chose a password; a revoked, spent or expired code is refused with what to do, in both languages."""
    now = now or dt.datetime.now()
    identifier, problem = check_identifier(kind, identifier)
    if problem is not None:
        return LoginOutcome(None, problem)
    # Counted before the code is checked, one try at a time (see sessions.attempt); the address under the
    # families' realm, apart from the staff login's.
    slowed = sessions.attempt(engine, throttle_name(identifier), address, now, realm=NS)
    if slowed.locked_until is not None:
        return LoginOutcome(None, text(f"{NS}.error.locked", at=f"{slowed.locked_until:%H:%M}"))
    typed = normalise(secret)
    with engine.connect() as connection:
        candidates = connection.execute(select(AccessCode).where(
            AccessCode.holder_kind == kind, AccessCode.identifier == identifier)
            .order_by(AccessCode.id.desc()).limit(5)).all()
    found = None
    for row in candidates:  # a holder has one live code per school; the revoked ones say why a login fails
        if matches(row.code_hash, typed):
            found, by_password = row, False
            break
        if row.password_hash and matches(row.password_hash, secret[:256]):
            found, by_password = row, True
            break
    if not candidates:
        matches(None, typed)  # an unknown holder costs as much as a wrong code
    error = None
    if found is None:
        error = text(f"{NS}.error.wrong_code")
    elif found.revoked_at is not None:
        error = text(f"{NS}.error.revoked_code")
    elif not by_password and found.first_used_at is not None:
        error = text(f"{NS}.error.spent_code")
    elif not by_password and found.expires_on < now.date():
        error = text(f"{NS}.error.expired_code", on=f"{found.expires_on:%Y-%m-%d}")
    elif not _children_of(engine, found.id, kind, identifier):
        _end_code(engine, found, now)  # a guardian no longer linked to any child of the code
        error = text(f"{NS}.error.revoked_code")
    if error is not None:
        sessions.failed(engine, throttle_name(identifier), address, slowed.rank, now)
        return LoginOutcome(None, error, slowed.delay)
    token = secrets.token_urlsafe(32)
    with write_transaction(engine) as connection:
        connection.execute(insert(PortalSession).values(
            token_hash=sessions.token_hash(token), code_id=found.id, address=address[:64], started_at=now,
            expires_at=now + dt.timedelta(hours=SESSION_HOURS)))
        if found.first_used_at is None:
            connection.execute(update(AccessCode).where(AccessCode.id == found.id).values(first_used_at=now))
        connection.execute(delete(LoginAttempt).where(LoginAttempt.username == throttle_name(identifier)))
    return LoginOutcome(token, None, slowed.delay)


def holder_of(engine: Engine, token: str | None, now: dt.datetime | None = None) -> Holder | None:
    """The holder of a live portal session: not ended, not expired, its code not revoked."""
    if not token:
        return None
    now = now or dt.datetime.now()
    with engine.connect() as connection:
        row = connection.execute(
            select(AccessCode.id, AccessCode.holder_kind, AccessCode.identifier, AccessCode.school_code,
                   AccessCode.password_hash)
            .join(PortalSession, PortalSession.code_id == AccessCode.id)
            .where(PortalSession.token_hash == sessions.token_hash(token), PortalSession.ended_at.is_(None),
                   PortalSession.expires_at > now, AccessCode.revoked_at.is_(None))).first()
        if row is None:
            return None
        pupils = _children(connection, row.id, row.holder_kind, row.identifier)
    if not pupils:
        _end_code(engine, row, now)
        return None
    return Holder(row.id, row.holder_kind, row.identifier, row.school_code, tuple(pupils),
                  row.password_hash is not None)


def _children(connection, code_id: int, kind: str, identifier: str) -> tuple[str, ...]:
    """The pupils a code shows, as the links stand now: a pupil their own record; a guardian, the children the code
    was issued for who are still theirs (a pupil whose guardian changed in a households import is no longer shown
    to the former one)."""
    query = select(AccessCodePupil.massar_code).where(AccessCodePupil.code_id == code_id)
    if kind == "guardian":
        query = query.join(PupilGuardian, and_(PupilGuardian.massar_code == AccessCodePupil.massar_code,
                                               PupilGuardian.guardian_cin == identifier))
    return tuple(connection.scalars(query.order_by(AccessCodePupil.massar_code)).all())


def _children_of(engine: Engine, code_id: int, kind: str, identifier: str) -> tuple[str, ...]:
    with engine.connect() as connection:
        return _children(connection, code_id, kind, identifier)


def _end_code(engine: Engine, code, now: dt.datetime) -> None:
    """A holder left with no child to see: their code is revoked and its sessions end (in the audit trail, in the
    holder's name at their school)."""
    holder = Holder(code.id, code.holder_kind, code.identifier, code.school_code, ())
    with acting_as(holder.actor), guarded_write(engine, "end portal code no child left") as write:
        write.check_scope([code.school_code])
        ended = write.connection.execute(update(AccessCode).where(AccessCode.id == code.id,
                                                                  AccessCode.revoked_at.is_(None))
                                         .values(revoked_at=now)).rowcount
        write.connection.execute(update(PortalSession).where(PortalSession.code_id == code.id,
                                                             PortalSession.ended_at.is_(None)).values(ended_at=now))
        if ended:
            write.change(AccessCode.__tablename__, {"id": code.id}, {"revoked_at": None}, {"revoked_at": now})


def revoke_holder(engine: Engine, identifier: str, school: str | None = None) -> int:
    """Revoke every live code of one holder (a CIN: a guardian; a Massar code: a pupil), at one school or at every
    school the actor may act for: their sessions end at once. Returns the codes revoked."""
    cleaned = "".join(str(identifier).split()).upper()[:16]
    kind = "guardian" if formats.CIN.match(cleaned) else "pupil" if formats.MASSAR_CODE.match(cleaned) else None
    if kind is None:
        raise InputError(text(f"{NS}.error.bad_identifier", identifier=cleaned))
    now = dt.datetime.now()
    with guarded_write(engine, "revoke portal codes of a holder", roles=("director", "administrator")) as write:
        query = select(AccessCode.id, AccessCode.school_code).where(
            AccessCode.holder_kind == kind, AccessCode.identifier == cleaned, AccessCode.revoked_at.is_(None))
        if school:
            query = query.where(AccessCode.school_code == school.strip().upper())
        found = write.connection.execute(query).all()
        if not found:
            raise InputError(text(f"{NS}.error.no_live_code", identifier=cleaned))
        write.check_scope(sorted({row.school_code for row in found}))
        ids = [row.id for row in found]
        write.connection.execute(update(AccessCode).where(AccessCode.id.in_(ids)).values(revoked_at=now))
        write.connection.execute(update(PortalSession).where(PortalSession.code_id.in_(ids),
                                                             PortalSession.ended_at.is_(None)).values(ended_at=now))
        for code_id in ids:
            write.change(AccessCode.__tablename__, {"id": code_id}, {"revoked_at": None}, {"revoked_at": now})
    return len(ids)


def logout(engine: Engine, token: str | None) -> None:
    if not token:
        return
    with write_transaction(engine) as connection:
        connection.execute(update(PortalSession).where(PortalSession.token_hash == sessions.token_hash(token),
                                                       PortalSession.ended_at.is_(None))
                           .values(ended_at=dt.datetime.now()))


def set_password(engine: Engine, holder: Holder, password: str) -> None:
    """The holder keeps their access past the code's single use: later logins take this password."""
    if len(password) < MIN_PASSWORD_LENGTH or len(password) > 256:
        raise InputError(text(f"{NS}.error.short_password", length=MIN_PASSWORD_LENGTH))
    with acting_as(holder.actor), guarded_write(engine, "portal password chosen") as write:
        write.check_scope([holder.school_code])
        write.connection.execute(update(AccessCode).where(AccessCode.id == holder.code_id)
                                 .values(password_hash=CODE_HASHER.hash(password)))
        write.change(AccessCode.__tablename__, {"id": holder.code_id}, {"password_hash": None},
                     {"password_hash": "***"})


def revoke_code(engine: Engine, code_id: int) -> None:
    """Revoke a code (a lost letter): its sessions end at once."""
    now = dt.datetime.now()
    with guarded_write(engine, "revoke portal code", roles=("director", "administrator")) as write:
        school = write.connection.execute(select(AccessCode.school_code).where(AccessCode.id == code_id)).scalar()
        if school is None:
            raise InputError(text(f"{NS}.error.unknown_code"))
        write.check_scope([school])
        write.connection.execute(update(AccessCode).where(AccessCode.id == code_id).values(revoked_at=now))
        write.connection.execute(update(PortalSession).where(PortalSession.code_id == code_id,
                                                             PortalSession.ended_at.is_(None)).values(ended_at=now))
        write.change(AccessCode.__tablename__, {"id": code_id}, {"revoked_at": None}, {"revoked_at": now})
