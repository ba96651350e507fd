"""What data-entry completion reads, bounded by a scope and a school year: the year's enrolments, the school
calendar, the absence sheets entered, school life's timetable, test calendar and marks, the guardians known, the
school map and the directors."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Select, select

from workbench import analytics
from workbench.models import Commune, Enrolment, Province, PupilGuardian, School, User
from workbench.programmes.data_entry.models import AbsenceSheet, CalendarDay
from workbench.programmes.school_life.models import GroupMember, Mark, TestDate, TimetableSlot
from workbench.scope import Scope


def _read(connection: Connection, query: Select, scope: Scope, school_column) -> pd.DataFrame:
    return analytics.read_sql(scope.restrict(query, school_column), connection)


def pupils(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    """The year's enrolments of the scope: massar_code, school_code, class_code, left_on, and guardian_known (at
    least one guardian whose CIN is known), read in one pass rather than a second read of every pupil."""
    query = (select(Enrolment.massar_code, Enrolment.school_code, Enrolment.class_code, Enrolment.left_on,
                    PupilGuardian.guardian_cin)
             .outerjoin(PupilGuardian, PupilGuardian.massar_code == Enrolment.massar_code)  # a pupil's one guardian
             .where(Enrolment.year == year))
    frame = _read(connection, query, scope, Enrolment.school_code)
    cin = frame.pop("guardian_cin")
    return frame.assign(guardian_known=(cin.notna() & (cin != "")).to_numpy())


def calendar(connection: Connection, year: str) -> pd.DataFrame:
    """The year's days without school: closed_on, school_code (empty: every school), kind, label_fr, label_ar."""
    query = select(CalendarDay.closed_on, CalendarDay.school_code, CalendarDay.kind, CalendarDay.label_fr,
                   CalendarDay.label_ar).where(CalendarDay.year == year).order_by(CalendarDay.closed_on)
    return analytics.read_sql(query, connection)


def sheets(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    """The absence sheets entered: school_code, class_code, day."""
    query = select(AbsenceSheet.school_code, AbsenceSheet.class_code, AbsenceSheet.sheet_date.label("day")).where(
        AbsenceSheet.year == year)
    frame = _read(connection, query, scope, AbsenceSheet.school_code)
    return frame.assign(day=pd.to_datetime(frame["day"]))


def timetable(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    """(school_code, class_code) of the classes with a timetable row: a row of the class, or of one of its groups
    (a group's rows carry its class; a group is also found through its members' class)."""
    own = select(TimetableSlot.school_code, TimetableSlot.class_code).where(TimetableSlot.year == year).distinct()
    grouped = (select(GroupMember.school_code, GroupMember.class_code)
               .join(TimetableSlot, (TimetableSlot.year == GroupMember.year)
                     & (TimetableSlot.school_code == GroupMember.school_code)
                     & (TimetableSlot.group_code == GroupMember.group_code))
               .where(GroupMember.year == year).distinct())
    found = pd.concat([_read(connection, own, scope, TimetableSlot.school_code),
                       _read(connection, grouped, scope, GroupMember.school_code)], ignore_index=True)
    return found.drop_duplicates().reset_index(drop=True)


def tests(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    query = select(TestDate.school_code, TestDate.class_code, TestDate.subject_code, TestDate.test,
                   TestDate.held_on).where(TestDate.year == year)
    return _read(connection, query, scope, TestDate.school_code)


def marks(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    """The year's marks and justified absences from tests 1-3 of the scope's pupils."""
    query = (select(Mark.massar_code, Mark.semester, Mark.subject_code, Mark.test, Mark.mark, Mark.absent_justified)
             .join(Enrolment, (Enrolment.massar_code == Mark.massar_code) & (Enrolment.year == Mark.year))
             .where(Mark.year == year, Mark.test.in_(("1", "2", "3"))))
    return _read(connection, query, scope, Enrolment.school_code)


def guardians(pupils: pd.DataFrame) -> pd.Series:
    """The massar codes of the pupils (`pupils()`'s frame) with at least one guardian whose CIN is known."""
    return pupils.loc[pupils["guardian_known"], "massar_code"]


def schools(connection: Connection, scope: Scope) -> pd.DataFrame:
    """The scope's schools with their province and region: school_code, name_fr, name_ar, province_code,
    province_fr, province_ar, region_code."""
    query = select(School.code.label("school_code"), School.name_fr, School.name_ar,
                   Province.code.label("province_code"), Province.name_fr.label("province_fr"),
                   Province.name_ar.label("province_ar"), Province.region_code).order_by(School.code)
    return analytics.read_sql(scope.filter(query.join(Commune, Commune.code == School.commune_code)
                                           .join(Province, Province.code == Commune.province_code)), connection)


def directors(connection: Connection, scope: Scope) -> pd.DataFrame:
    """The directors of the scope's schools: username, full_name, role, school_code, language, active, and where
    they are reached (email, phone)."""
    query = select(User.username, User.full_name, User.role, User.school_code, User.language, User.active,
                   User.email, User.phone).where(User.role == "director")
    return _read(connection, query, scope, User.school_code)
