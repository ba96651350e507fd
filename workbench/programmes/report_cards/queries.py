"""What report cards read, bounded by a scope (or one class, or one pupil) and a school year: the pupils' class and
level, their continuous-assessment marks (school life's `sl_marks`), the levels' coefficients, the exams' marks and
the absence hours of the semester."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Select, case, func, select

from workbench import analytics
from workbench.models import Enrolment, Level, Pupil, School
from workbench.programmes.report_cards.models import ExamMark, SubjectCoefficient
from workbench.programmes.school_life.models import AbsenceSlot, Mark, Subject
from workbench.scope import Scope

PUPIL_COLUMNS = ["year", "massar_code", "school_code", "class_code", "level_code"]


def semester_bounds(year: str, semester: int) -> tuple[dt.date, dt.date]:
    """Semester 1 from 1 September to 31 January, semester 2 from 1 February to 30 June (as data-entry counts)."""
    first = int(year[:4])
    if int(semester) == 1:
        return dt.date(first, 9, 1), dt.date(first + 1, 1, 31)
    return dt.date(first + 1, 2, 1), dt.date(first + 1, 6, 30)


def _within(query: Select, scope: Scope | None, school: str | None = None, class_code: str | None = None,
            massar_codes: list[str] | None = None) -> Select:
    """The enrolments a read covers: a scope (the scope join), or one school's class, or some pupils."""
    if class_code is not None:
        query = query.where(Enrolment.school_code == school, Enrolment.class_code == class_code)
    if massar_codes is not None:
        query = query.where(Enrolment.massar_code.in_(massar_codes))
    return scope.restrict(query, Enrolment.school_code) if scope is not None else query


def pupils(connection: Connection, year: str, scope: Scope | None = None, **which) -> pd.DataFrame:
    """The year's pupils (every enrolment of the year, a pupil who left included: their marks are the class's)."""
    query = select(Enrolment.year, Enrolment.massar_code, Enrolment.school_code, Enrolment.class_code,
                   Enrolment.level_code).where(Enrolment.year == year)
    return analytics.read_sql(_within(query, scope, **which), connection)


def marks(connection: Connection, year: str, semester: int, scope: Scope | None = None, **which) -> pd.DataFrame:
    query = (select(Mark.year, Mark.massar_code, Mark.semester, Mark.subject_code, Mark.test, Mark.mark,
                    Mark.absent_justified)
             .join(Enrolment, (Enrolment.massar_code == Mark.massar_code) & (Enrolment.year == Mark.year))
             .where(Mark.year == year, Mark.semester == int(semester)))
    frame = analytics.read_sql(_within(query, scope, **which), connection)
    return frame.assign(mark=frame["mark"].astype(float), semester=frame["semester"].astype("int64"))


def coefficients(connection: Connection) -> pd.DataFrame:
    frame = analytics.read_sql(select(SubjectCoefficient.level_code, SubjectCoefficient.subject_code,
                                      SubjectCoefficient.coefficient), connection)
    return frame.assign(coefficient=frame["coefficient"].astype(float))


def exam_marks(connection: Connection, year: str, scope: Scope | None = None, **which) -> pd.DataFrame:
    query = (select(ExamMark.massar_code, ExamMark.exam, ExamMark.subject_code, ExamMark.mark,
                    ExamMark.absent_justified)
             .join(Enrolment, (Enrolment.massar_code == ExamMark.massar_code) & (Enrolment.year == ExamMark.year))
             .where(ExamMark.year == year))
    frame = analytics.read_sql(_within(query, scope, **which), connection)
    return frame.assign(mark=frame["mark"].astype(float))


def absence_hours(connection: Connection, year: str, semester: int, scope: Scope | None = None,
                  **which) -> pd.DataFrame:
    """Per pupil: the hours absent in the semester and those unjustified."""
    starts_on, ends_on = semester_bounds(year, semester)
    unjustified = func.sum(case((AbsenceSlot.justified, 0), else_=1))
    query = (select(AbsenceSlot.massar_code, func.count().label("hours"), unjustified.label("unjustified"))
             .join(Enrolment, (Enrolment.massar_code == AbsenceSlot.massar_code) & (Enrolment.year == year))
             .where(AbsenceSlot.absent_on.between(starts_on, ends_on))
             .group_by(AbsenceSlot.massar_code))
    frame = analytics.read_sql(_within(query, scope, **which), connection)
    return frame.astype({"hours": "int64"}).assign(unjustified=frame["unjustified"].fillna(0).astype("int64"))


def names(connection: Connection, massar_codes: list[str]) -> pd.DataFrame:
    """The pupils' names (for their own cards, never a manager's report)."""
    found = [analytics.read_sql(select(Pupil.massar_code, Pupil.last_name_ar, Pupil.first_name_ar, Pupil.last_name_fr,
                                       Pupil.first_name_fr).where(Pupil.massar_code.in_(massar_codes[i:i + 900])),
                                connection) for i in range(0, len(massar_codes), 900)]
    return (pd.concat(found, ignore_index=True) if found else
            pd.DataFrame(columns=["massar_code", "last_name_ar", "first_name_ar", "last_name_fr", "first_name_fr"]))


def schools(connection: Connection, codes: list[str]) -> pd.DataFrame:
    return analytics.read_sql(select(School.code.label("school_code"), School.name_ar, School.name_fr)
                              .where(School.code.in_(codes)), connection)


def subjects(connection: Connection) -> pd.DataFrame:
    return analytics.read_sql(select(Subject.subject_code, Subject.name_ar, Subject.name_fr), connection)


def levels(connection: Connection) -> pd.DataFrame:
    return analytics.read_sql(select(Level.code.label("level_code"), Level.name_ar, Level.name_fr), connection)
