"""Absence days per pupil and month (`absence_months`), recounted from `absences` for the pupils a write touched.

Every writer of absences calls `recount` in its own transaction, so the two tables never disagree; a programme with a
monthly absence condition then reads months over its limit from an index instead of counting tens of millions of days on each run.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Connection, Date, case, cast, delete, func, insert, select, tuple_

from workbench.bulk import upsert_frame
from workbench.models import Absence, AbsenceMonth, Pupil

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
            connection.execute(delete(Absence).where(
                tuple_(Absence.massar_code, Absence.absent_on).in_(keys[start : start + _CHUNK])))
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
