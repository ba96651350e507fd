"""Schooling certificates: issued when the school marks a request ready, each with a verification code that anyone
can check (valid, revoked or unknown, with the school and the year, nothing else); revoking one is a guarded write in
the audit trail."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select, update

from workbench.access.guard import Write, guarded_write
from workbench.catalogue import Label, text
from workbench.exceptions import InputError
from workbench.models import Enrolment, Level, Pupil, School
from workbench.programmes.portal.codes import ALPHABET
from workbench.programmes.portal.models import Certificate

NS = "portal"
VERIFICATION_LENGTH = 12


def new_verification_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(VERIFICATION_LENGTH))


def shown(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def normalise(code: str) -> str:
    return "".join(ch for ch in str(code).upper() if ch.isalnum())[:32]


def issue(write: Write, massar_code: str, school: str, year: str, request_id: int | None = None,
          document: str = "schooling_certificate") -> str:
    """A certificate (or a transcript's verification code, `document`) for a pupil enrolled at the school that
    year, in the caller's guarded write."""
    level = write.connection.execute(select(Enrolment.level_code).where(
        Enrolment.massar_code == massar_code, Enrolment.year == year, Enrolment.school_code == school)).scalar()
    if level is None:
        raise InputError(text(f"{NS}.error.not_enrolled", pupil=massar_code, school=school, year=year))
    code = new_verification_code()
    write.insert(Certificate.__table__, [{
        "verification_code": code, "document": document, "request_id": request_id, "massar_code": massar_code,
        "school_code": school, "year": year, "level_code": level, "issued_at": dt.datetime.now(),
        "issued_by": write.actor.username}])
    return code


@dataclass(frozen=True)
class Verification:
    status: str  # valid | revoked | unknown
    school_code: str = ""
    school: Label = Label("", "")
    year: str = ""
    document: str = "schooling_certificate"  # what the code attests: a schooling certificate or a transcript


def verify(engine: Engine, code: str) -> Verification:
    """What anyone may know of a verification code: valid, revoked or unknown, and the school and year."""
    with engine.connect() as connection:
        row = connection.execute(
            select(Certificate.revoked_at, Certificate.year, Certificate.school_code, School.name_fr, School.name_ar,
                   Certificate.document)
            .join(School, School.code == Certificate.school_code)
            .where(Certificate.verification_code == normalise(code))).first()
    if row is None:
        return Verification("unknown")
    return Verification("revoked" if row.revoked_at else "valid", row.school_code, Label(row.name_fr, row.name_ar),
                        row.year, row.document)


def revoke(engine: Engine, code: str, reason: str = "") -> None:
    """Revoke a certificate (as the director of its school or an administrator): it then verifies as revoked."""
    code = normalise(code)
    with guarded_write(engine, "revoke certificate", roles=("director", "administrator")) as write:
        current = write.current(Certificate.__table__, {"verification_code": code})
        if current is None:
            raise InputError(text(f"{NS}.error.unknown_certificate", code=code))
        write.check_scope([current["school_code"]])
        if current["revoked_at"] is not None:
            raise InputError(text(f"{NS}.error.already_revoked", code=shown(code)))
        now = dt.datetime.now()
        write.connection.execute(update(Certificate).where(Certificate.verification_code == code)
                                 .values(revoked_at=now, revoked_by=write.actor.username))
        write.change(Certificate.__tablename__, {"verification_code": code, "reason": reason.strip()[:200]},
                     {"revoked_at": None}, {"revoked_at": now, "revoked_by": write.actor.username})


@dataclass(frozen=True)
class CertificateContent:
    """What a schooling certificate states."""

    verification_code: str
    massar_code: str
    last_name_ar: str
    first_name_ar: str
    last_name_fr: str
    first_name_fr: str
    birth_date: dt.date
    birth_place: str
    school_code: str
    school_ar: str
    school_fr: str
    level_ar: str
    level_fr: str
    year: str
    issued_on: dt.date
    revoked: bool


def content(connection: Connection, code: str) -> CertificateContent | None:
    row = connection.execute(
        select(Certificate.verification_code, Certificate.massar_code, Pupil.last_name_ar, Pupil.first_name_ar,
               Pupil.last_name_fr, Pupil.first_name_fr, Pupil.birth_date, Pupil.birth_place,
               Certificate.school_code, School.name_ar.label("school_ar"), School.name_fr.label("school_fr"),
               Level.name_ar.label("level_ar"), Level.name_fr.label("level_fr"), Certificate.year,
               Certificate.issued_at, Certificate.revoked_at)
        .join(Pupil, Pupil.massar_code == Certificate.massar_code)
        .join(School, School.code == Certificate.school_code)
        .join(Level, Level.code == Certificate.level_code)
        .where(Certificate.verification_code == normalise(code),
               Certificate.document == "schooling_certificate")).first()
    if row is None:
        return None
    return CertificateContent(
        row.verification_code, row.massar_code, row.last_name_ar, row.first_name_ar,
        row.last_name_fr or row.last_name_ar, row.first_name_fr or row.first_name_ar, row.birth_date,
        row.birth_place or "", row.school_code, row.school_ar, row.school_fr, row.level_ar, row.level_fr, row.year,
        row.issued_at.date(), row.revoked_at is not None)
