"""What the school-life campaign and app read, bounded by a scope and a school year."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Select, select

from workbench import analytics
from workbench.codes import year_bounds
from workbench.models import Enrolment, Level, Pupil, PupilGuardian, School, SchoolClass
from workbench.programmes.school_life.models import (
    AbsenceSlot,
    GroupMember,
    Mark,
    RequiredHours,
    Room,
    SchoolLifeSettings,
    SportEvent,
    SportMember,
    SportParticipation,
    Subject,
    Teacher,
    TestDate,
    TimetableSlot,
)
from workbench.scope import Scope


def _read(connection: Connection, query: Select, scope: Scope, school_column) -> pd.DataFrame:
    return analytics.read_sql(scope.restrict(query, school_column), connection)


def schools(connection: Connection, scope: Scope) -> pd.DataFrame:
    query = select(School.code.label("school_code"), School.name_fr, School.name_ar, School.cycle).order_by(School.code)
    return _read(connection, query, scope, School.code)


def classes(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    query = select(SchoolClass.year, SchoolClass.school_code, SchoolClass.class_code, SchoolClass.level_code).where(
        SchoolClass.year == year).order_by(SchoolClass.school_code, SchoolClass.class_code)
    return _read(connection, query, scope, SchoolClass.school_code)


def enrolled(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    """The year's pupils of the scope still enrolled (year, school, class, level, sex), with their guardian's CIN."""
    query = (select(Enrolment.massar_code, Enrolment.year, Enrolment.school_code, Enrolment.class_code,
                    Enrolment.level_code, Pupil.sex, Pupil.last_name_ar, Pupil.first_name_ar, Pupil.last_name_fr,
                    Pupil.first_name_fr, PupilGuardian.guardian_cin, Enrolment.left_on)
             .join(Pupil, Pupil.massar_code == Enrolment.massar_code)
             .outerjoin(PupilGuardian, PupilGuardian.massar_code == Enrolment.massar_code)
             .where(Enrolment.year == year)
             .order_by(Enrolment.school_code, Enrolment.class_code, Enrolment.massar_code))
    return _read(connection, query, scope, Enrolment.school_code).drop_duplicates("massar_code")


def timetable(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    query = select(TimetableSlot.__table__).where(TimetableSlot.year == year)
    return _read(connection, query, scope, TimetableSlot.school_code)


def groups(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    query = select(GroupMember.__table__).where(GroupMember.year == year)
    return _read(connection, query, scope, GroupMember.school_code)


def required_hours(connection: Connection, year: str) -> pd.DataFrame:
    return analytics.read_sql(select(RequiredHours.__table__).where(RequiredHours.year == year), connection)


def notice_hours(connection: Connection, year: str) -> int:
    found = connection.execute(select(SchoolLifeSettings.notice_hours).where(SchoolLifeSettings.year == year)).scalar()
    return int(found) if found is not None else 4


def subjects(connection: Connection) -> pd.DataFrame:
    return analytics.read_sql(select(Subject.__table__).order_by(Subject.subject_code), connection)


def levels(connection: Connection) -> pd.DataFrame:
    return analytics.read_sql(select(Level.code.label("level_code"), Level.name_fr, Level.name_ar, Level.rank),
                              connection)


def teachers(connection: Connection, scope: Scope) -> pd.DataFrame:
    return _read(connection, select(Teacher.__table__), scope, Teacher.school_code)


def rooms(connection: Connection, scope: Scope) -> pd.DataFrame:
    return _read(connection, select(Room.__table__), scope, Room.school_code)


def absence_slots(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    """The year's absent hour slots of the scope's pupils."""
    starts_on, ends_on = year_bounds(year)
    query = (select(AbsenceSlot.__table__).join(Enrolment, (Enrolment.massar_code == AbsenceSlot.massar_code)
                                                & (Enrolment.year == year))
             .where(AbsenceSlot.absent_on.between(starts_on, ends_on)))
    frame = _read(connection, query, scope, Enrolment.school_code)
    return frame.assign(absent_on=pd.to_datetime(frame["absent_on"]))


def marks(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    query = (select(Mark.__table__).join(Enrolment, (Enrolment.massar_code == Mark.massar_code)
                                         & (Enrolment.year == Mark.year)).where(Mark.year == year))
    return _read(connection, query, scope, Enrolment.school_code)


def test_dates(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    query = select(TestDate.__table__).where(TestDate.year == year)
    return _read(connection, query, scope, TestDate.school_code)


def sports(connection: Connection, scope: Scope, year: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    members = _read(connection, select(SportMember.__table__).where(SportMember.year == year), scope,
                    SportMember.school_code)
    events = _read(connection, select(SportEvent.__table__).where(SportEvent.year == year), scope,
                   SportEvent.school_code)
    taking_part = _read(connection, select(SportParticipation.__table__).where(SportParticipation.year == year),
                        scope, SportParticipation.school_code)
    return members, events, taking_part
