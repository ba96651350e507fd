"""Absence days per pupil and month (`absence_months`), recounted from `absences` for the pupils a write touched,
and their sums per school and month of a school year (`absence_school_months`), recounted for those pupils' schools.

Every writer of absences calls `recount` in its own transaction, so the tables never disagree; a programme with a
monthly absence condition then reads months over its limit from an index instead of counting tens of millions of days
on each run, and a region's absence figures are read from a few thousand rows.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Connection, Date, case, cast, delete, func, insert, literal, select, tuple_

from workbench.bulk import upsert_frame
from workbench.codes import year_bounds
from workbench.models import Absence, AbsenceMonth, AbsenceSchoolMonth, Enrolment, Pupil, School

_CHUNK = 500


def month_start(dialect: str, column=Absence.absent_on):
    """The first day of a date's month, in SQL."""
    if dialect == "postgresql":
        return cast(func.date_trunc("month", column), Date)
    return func.date(column, "start of month")


def recount(connection: Connection, massar_codes: Iterable[str]) -> None:
    """Recount the months of these pupils from their absences."""
    codes = sorted(set(massar_codes))
    month = month_start(connection.dialect.name)
    for start in range(0, len(codes), _CHUNK):
        chunk = codes[start : start + _CHUNK]
        if connection.dialect.name == "postgresql":
            # Two imports recounting the same pupils take turns: the second waits for the first to commit, then
            # sees its rows (SQLite has one writer at a time anyway).
            connection.execute(select(Pupil.massar_code).where(Pupil.massar_code.in_(chunk))
                               .order_by(Pupil.massar_code).with_for_update())
        connection.execute(delete(AbsenceMonth).where(AbsenceMonth.massar_code.in_(chunk)))
        connection.execute(insert(AbsenceMonth).from_select(
            ["massar_code", "month", "days", "unjustified_days"],
            select(Absence.massar_code, month, func.count(), func.sum(case((Absence.justified, 0), else_=1)))
            .where(Absence.massar_code.in_(chunk)).group_by(Absence.massar_code, month)))
    recount_schools(connection, schools_of(connection, codes))


def follow_enrolments(connection: Connection, massar_codes: Iterable[str]) -> None:
    """After enrolments were written: recount the schools of those of these pupils who already have absence
    months (enrolled after their absences were recorded, or enrolled again)."""
    codes = sorted(set(massar_codes))
    absent: list[str] = []
    for start in range(0, len(codes), _CHUNK):
        absent += connection.scalars(select(AbsenceMonth.massar_code).distinct().where(
            AbsenceMonth.massar_code.in_(codes[start : start + _CHUNK]))).all()
    recount_schools(connection, schools_of(connection, absent))


def schools_of(connection: Connection, massar_codes: list[str]) -> set[tuple[str, str]]:
    """(year, school code) of every enrolment of these pupils."""
    pairs: set[tuple[str, str]] = set()
    for start in range(0, len(massar_codes), _CHUNK):
        pairs.update(tuple(row) for row in connection.execute(
            select(Enrolment.year, Enrolment.school_code).distinct()
            .where(Enrolment.massar_code.in_(massar_codes[start : start + _CHUNK]))))
    return pairs


def recount_schools(connection: Connection, pairs: Iterable[tuple[str, str]]) -> None:
    """Recount the months of these (year, school code) from the months of the pupils each school enrols that year."""
    by_year: dict[str, list[str]] = {}
    for year, school in set(pairs):
        by_year.setdefault(year, []).append(school)
    for year, schools in sorted(by_year.items()):
        starts_on, ends_on = year_bounds(year)
        schools.sort()
        for start in range(0, len(schools), _CHUNK):
            chunk = schools[start : start + _CHUNK]
            if connection.dialect.name == "postgresql":  # two writers recounting the same school take turns
                connection.execute(select(School.code).where(School.code.in_(chunk)).order_by(School.code)
                                   .with_for_update())
            connection.execute(delete(AbsenceSchoolMonth).where(AbsenceSchoolMonth.year == year,
                                                                AbsenceSchoolMonth.school_code.in_(chunk)))
            connection.execute(insert(AbsenceSchoolMonth).from_select(
                ["year", "school_code", "month", "days", "unjustified_days"],
                select(literal(year), Enrolment.school_code, AbsenceMonth.month, func.sum(AbsenceMonth.days),
                       func.sum(AbsenceMonth.unjustified_days))
                .join(Enrolment, (Enrolment.massar_code == AbsenceMonth.massar_code) & (Enrolment.year == year))
                .where(Enrolment.school_code.in_(chunk), AbsenceMonth.month.between(starts_on, ends_on))
                .group_by(Enrolment.school_code, AbsenceMonth.month)))


def write_days(connection: Connection, days: pd.DataFrame, cleared: pd.DataFrame | None = None) -> int:
    """The one writer of absence days, whichever form they came in (the flat `absences` file, a day entered in an
    app, or derived from hour slots): upsert `days` (massar_code, absent_on, slots, justified), delete the pupil-dates
    of `cleared` (massar_code, absent_on) left without any absent slot, then recount those pupils' months."""
    rows = days[["massar_code", "absent_on", "slots", "justified"]].astype({"slots": "int64", "justified": "bool"})
    written = upsert_frame(connection, Absence.__table__, rows, ["massar_code", "absent_on"])
    pupils = set(rows["massar_code"])
    if cleared is not None and not cleared.empty:
        keys = list(zip(cleared["massar_code"], pd.to_datetime(cleared["absent_on"]).dt.date))
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]  # the pupils as well: SQLite scans for a list of row values
            connection.execute(delete(Absence).where(Absence.massar_code.in_(sorted({key[0] for key in chunk})),
                                                     tuple_(Absence.massar_code, Absence.absent_on).in_(chunk)))
        pupils |= set(cleared["massar_code"])
    recount(connection, pupils)
    return written


def from_frame(absences: pd.DataFrame) -> pd.DataFrame:
    """The month rows of freshly generated absences (massar_code, absent_on, justified), for a bulk load."""
    month = pd.to_datetime(absences["absent_on"]).dt.to_period("M").dt.to_timestamp()
    grouped = absences.assign(month=month, unjustified=~absences["justified"].astype(bool)).groupby(
        ["massar_code", "month"], sort=True, observed=True)
    return grouped.agg(days=("unjustified", "size"), unjustified_days=("unjustified", "sum")).reset_index() \
        .astype({"days": "int64", "unjustified_days": "int64"})


def schools_from_frame(months: pd.DataFrame, enrolments: pd.DataFrame, year: str) -> pd.DataFrame:
    """`recount_schools` in memory, for a bulk load: the school-month rows of pupil months (`from_frame`'s) of the
    pupils `enrolments` (massar_code, school_code) enrols in `year`. Rows of several loads are summed again."""
    starts_on, ends_on = (pd.Timestamp(day) for day in year_bounds(year))
    school = pd.Index(enrolments["massar_code"]).get_indexer(months["massar_code"])
    inside = (school >= 0) & months["month"].between(starts_on, ends_on).to_numpy()
    frame = months[inside].assign(school_code=enrolments["school_code"].to_numpy()[school[inside]], year=year)
    return frame.groupby(["year", "school_code", "month"], as_index=False, sort=True)[
        ["days", "unjustified_days"]].sum()
