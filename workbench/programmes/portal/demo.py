"""The portal in the demo: which families get codes. Codes are issued by a demo step (`workbench portal issue-codes
--demo`, run by `make demo`) rather than while the demo database is built, since a code exists in clear only in the
files written when it is issued: the step says where they are, for a newcomer to log in."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, select

from workbench.models import Enrolment, PupilGuardian, User


def demo_class(engine: Engine, year: str) -> tuple[str, str]:
    """The demo director's school (the first public one) and its class holding the most pupils whose guardian has
    another child at the school, so that a demo guardian sees two children."""
    with engine.connect() as connection:
        return _demo_class(connection, year)


def _demo_class(connection: Connection, year: str) -> tuple[str, str]:
    from workbench.exceptions import InputError

    schools = connection.scalars(select(User.school_code).where(User.role == "director",
                                                                User.school_code.is_not(None))
                                 .order_by(User.username)).all()
    for school in schools:
        family = pd.DataFrame(connection.execute(
            select(Enrolment.massar_code, Enrolment.class_code, PupilGuardian.guardian_cin)
            .join(PupilGuardian, PupilGuardian.massar_code == Enrolment.massar_code)
            .where(Enrolment.year == year, Enrolment.school_code == school, Enrolment.left_on.is_(None))).all(),
            columns=["massar_code", "class_code", "guardian_cin"])
        if family.empty:
            continue
        siblings = family[family.duplicated("guardian_cin", keep=False)]
        ranked = (siblings if not siblings.empty else family)["class_code"].value_counts()
        return school, str(ranked.index[0])
    raise InputError("No demo director's school has enrolled pupils: run `workbench demo` first.")



def demo_certificate(engine: Engine, school: str, class_code: str, year: str) -> str:
    """A schooling certificate for the demo class's first pupil, as if the school had accepted a family's request:
    its verification code, for a newcomer to verify and revoke (`workbench certificate ...`)."""
    from workbench.access.guard import guarded_write
    from workbench.programmes.portal import certificates

    with engine.connect() as connection:
        pupil = connection.scalar(select(Enrolment.massar_code).where(
            Enrolment.year == year, Enrolment.school_code == school, Enrolment.class_code == class_code,
            Enrolment.left_on.is_(None)).order_by(Enrolment.massar_code))
    with guarded_write(engine, "portal demo certificate") as write:
        return certificates.issue(write, pupil, school, year)
