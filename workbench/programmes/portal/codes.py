"""Access codes: who gets one when a school issues them for a class or for the whole school (each pupil, and each
guardian with every child of theirs at the school), the codes themselves (shown once, on the letter and in the
school's `portal_codes.csv`) and what is kept of them (an Argon2id hash). Issuing again revokes the holder's previous
code at that school and ends its sessions."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, and_, select, tuple_, update

from workbench import analytics
from workbench.access.guard import guarded_write
from workbench.bulk import insert_frame
from workbench.catalogue import text
from workbench.exceptions import InputError
from workbench.models import Enrolment, Guardian, Pupil, PupilGuardian, School
from workbench.programmes.portal.models import AccessCode, AccessCodePupil, PortalSession

NS = "portal"
# Letters a reader cannot confuse on paper (no 0/O, 1/I/L): 10 of them carry about 49 bits.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
CODE_VALID_DAYS = 90  # an unused code is refused after this
CSV_COLUMNS = ["school_code", "holder_kind", "identifier", "code", "massar_codes", "issued_on"]
# Argon2id at OWASP's minimum for interactive logins (19 MiB, 2 passes): a code carries enough randomness that
# this suffices, and a school's thousands of codes hash in seconds rather than minutes.
CODE_HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)


@cache
def _dummy_hash() -> str:
    """What a missing hash is checked against (made on first use, not when the module is imported)."""
    return CODE_HASHER.hash("not a code of anyone")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def shown(code: str) -> str:
    """A code as printed: two groups of five."""
    return f"{code[:5]}-{code[5:]}"


def normalise(code: str) -> str:
    """What a holder types, as stored: capitals, without the dash or spaces."""
    return "".join(ch for ch in str(code).upper() if ch.isalnum())[:64]


def hash_code(code: str) -> str:
    return CODE_HASHER.hash(normalise(code))


def matches(stored: str | None, secret: str) -> bool:
    """Whether a typed code or password matches a stored hash (a missing hash costs as much as a wrong one)."""
    try:
        return CODE_HASHER.verify(stored or _dummy_hash(), secret) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def holders(pupils: pd.DataFrame, family: pd.DataFrame) -> pd.DataFrame:
    """Who gets a code: each pupil of `pupils` (massar_code, school_code), and each guardian of theirs
    (from `family`: massar_code, guardian_cin of every child enrolled at the school) with all their children at
    the school. Columns: school_code, holder_kind, identifier, massar_codes (a sorted list)."""
    school = pupils["school_code"]
    own = pd.DataFrame({"school_code": school, "holder_kind": "pupil", "identifier": pupils["massar_code"],
                        "massar_codes": pupils["massar_code"].map(lambda code: [code])})
    concerned = family[family["guardian_cin"].isin(
        family.loc[family["massar_code"].isin(pupils["massar_code"]), "guardian_cin"])]
    guardians = (concerned.sort_values("massar_code").groupby(["school_code", "guardian_cin"], as_index=False)
                 .agg(massar_codes=("massar_code", list))
                 .rename(columns={"guardian_cin": "identifier"}).assign(holder_kind="guardian"))
    return pd.concat([own, guardians[own.columns]], ignore_index=True).sort_values(
        ["holder_kind", "identifier"], ascending=[False, True], ignore_index=True)


@dataclass(frozen=True)
class IssuedCodes:
    """The codes just issued, in the columns of `portal_codes.csv`, and what the letters print besides."""

    codes: pd.DataFrame  # CSV_COLUMNS
    letters: pd.DataFrame  # one row per holder: CSV_COLUMNS + school names, holder and children's names
    revoked: int  # previous codes of these holders revoked


def _family(engine: Engine, school: str, year: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The school's pupils of the year still enrolled (with class and names), and their guardians."""
    with engine.connect() as connection:
        pupils = analytics.read_sql(
            select(Enrolment.massar_code, Enrolment.school_code, Enrolment.class_code, Pupil.last_name_ar,
                   Pupil.first_name_ar, Pupil.last_name_fr, Pupil.first_name_fr)
            .join(Pupil, Pupil.massar_code == Enrolment.massar_code)
            .where(Enrolment.year == year, Enrolment.school_code == school, Enrolment.left_on.is_(None))
            .order_by(Enrolment.class_code, Enrolment.massar_code), connection)
        family = analytics.read_sql(
            select(PupilGuardian.massar_code, PupilGuardian.guardian_cin, Enrolment.school_code,
                   Guardian.full_name.label("guardian_name"))
            .join(Enrolment, Enrolment.massar_code == PupilGuardian.massar_code)
            .join(Guardian, Guardian.cin == PupilGuardian.guardian_cin)
            .where(Enrolment.year == year, Enrolment.school_code == school, Enrolment.left_on.is_(None)),
            connection)
        names = connection.execute(select(School.name_fr, School.name_ar).where(School.code == school)).first()
    if names is None:
        raise InputError(text(f"{NS}.error.unknown_school", school=school))
    return pupils.assign(school_name_fr=names.name_fr, school_name_ar=names.name_ar), family


def issue_codes(engine: Engine, school: str, year: str, class_code: str | None = None,
                today: dt.date | None = None,
                deliver: Callable[[pd.DataFrame, pd.DataFrame], object] | None = None) -> IssuedCodes:
    """Issue codes for a class (or the whole school) of a school's enrolled pupils and their guardians, as the
    acting director (their school only) or an administrator. Previous codes of the same holders at this school are
    revoked and their sessions end, in the same transaction as the new codes are written.

    `deliver(codes, letters)`, when given, puts the new codes where the school will find them (the CLI: its files,
    under temporary names) once the actor's rights are checked and before anything is written: when it fails,
    nothing is revoked or written and the previous codes keep working."""
    today = today or dt.date.today()
    pupils, family = _family(engine, school, year)
    chosen = pupils if class_code is None else pupils[pupils["class_code"] == class_code]
    if chosen.empty:
        raise InputError(text(f"{NS}.error.no_pupils", school=school, group=class_code or "-"))
    planned = holders(chosen, family)
    plain = [new_code() for _ in range(len(planned))]
    with ThreadPoolExecutor(max_workers=4) as pool:  # Argon2 leaves the GIL while it hashes
        hashes = list(pool.map(CODE_HASHER.hash, plain))
    codes = planned.assign(code=[shown(code) for code in plain], issued_on=today.isoformat(),
                           massar_codes=planned["massar_codes"].map(";".join))[CSV_COLUMNS]
    letters = _letters(codes, pupils, family)
    now = dt.datetime.now()
    with guarded_write(engine, "issue portal codes", roles=("director", "administrator")) as write:
        write.check_scope([school])
        if deliver is not None:
            deliver(codes, letters)  # a failure here leaves the previous codes as they were
        keys = list(zip(planned["holder_kind"], planned["identifier"]))
        previous = [row.id for start in range(0, len(keys), 400) for row in write.connection.execute(
            select(AccessCode.id).where(AccessCode.school_code == school, AccessCode.revoked_at.is_(None),
                                        tuple_(AccessCode.holder_kind, AccessCode.identifier)
                                        .in_(keys[start:start + 400])))]
        for start in range(0, len(previous), 400):
            chunk = previous[start:start + 400]
            write.connection.execute(update(AccessCode).where(AccessCode.id.in_(chunk)).values(revoked_at=now))
            write.connection.execute(update(PortalSession).where(PortalSession.code_id.in_(chunk),
                                                                 PortalSession.ended_at.is_(None))
                                     .values(ended_at=now))
        if previous:
            write.change(AccessCode.__tablename__, {"id": f"{len(previous)} codes"}, {"revoked_at": None},
                         {"revoked_at": now})
        rows = [{"school_code": school, "holder_kind": kind, "identifier": identifier, "code_hash": hashed,
                 "issued_on": today, "issued_by": write.actor.username,
                 "expires_on": today + dt.timedelta(days=CODE_VALID_DAYS)}
                for kind, identifier, hashed in zip(planned["holder_kind"], planned["identifier"], hashes)]
        write.insert(AccessCode.__table__, rows, hide=("code_hash",))
        ids = pd.DataFrame(write.connection.execute(
            select(AccessCode.id.label("code_id"), AccessCode.holder_kind, AccessCode.identifier).where(
                AccessCode.school_code == school, AccessCode.revoked_at.is_(None),
                and_(AccessCode.issued_on == today))).all(), columns=["code_id", "holder_kind", "identifier"])
        visible = planned.merge(ids, on=["holder_kind", "identifier"]).explode("massar_codes")
        insert_frame(write.connection, AccessCodePupil.__table__,
                     visible[["code_id", "massar_codes"]].rename(columns={"massar_codes": "massar_code"}))
    return IssuedCodes(codes, letters, len(previous))


def _letters(codes: pd.DataFrame, pupils: pd.DataFrame, family: pd.DataFrame) -> pd.DataFrame:
    """What each letter prints: the school, the holder's name and their children's names and classes."""
    names = pupils.assign(
        child_ar=pupils["last_name_ar"] + " " + pupils["first_name_ar"],
        child_fr=(pupils["last_name_fr"].fillna(pupils["last_name_ar"]) + " "
                  + pupils["first_name_fr"].fillna(pupils["first_name_ar"])))
    children = (codes.assign(massar_code=codes["massar_codes"].str.split(";")).explode("massar_code")
                .merge(names[["massar_code", "class_code", "child_ar", "child_fr"]], on="massar_code"))
    children["line_ar"] = children["child_ar"] + " — " + children["class_code"] + " — " + children["massar_code"]
    children["line_fr"] = children["child_fr"] + " — " + children["class_code"] + " — " + children["massar_code"]
    lines = children.groupby(["holder_kind", "identifier"], as_index=False).agg(
        children_ar=("line_ar", list), children_fr=("line_fr", list))
    guardian_names = family.drop_duplicates("guardian_cin").set_index("guardian_cin")["guardian_name"]
    pupil_names = names.set_index("massar_code")
    letters = codes.merge(lines, on=["holder_kind", "identifier"], how="left")
    is_pupil = letters["holder_kind"] == "pupil"
    letters["holder_ar"] = letters["identifier"].map(pupil_names["child_ar"]).where(
        is_pupil, letters["identifier"].map(guardian_names))
    letters["holder_fr"] = letters["identifier"].map(pupil_names["child_fr"]).where(
        is_pupil, letters["identifier"].map(guardian_names))
    school = pupils.iloc[0]
    return letters.assign(school_name_ar=school["school_name_ar"], school_name_fr=school["school_name_fr"])
