"""Absences recorded by hand (in the apps), validated like an import and written in one transaction."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from workbench import absence_months, calendar
from workbench.access.datasets import absences_dataset
from workbench.access.guard import guarded_write
from workbench.catalogue import text
from workbench.db import require_schema
from workbench.exceptions import InputError
from workbench.models import Absence, Enrolment


def record_month_absences(engine: Engine, year: str, massar_code: str, month: int, days: int,
                          justified: bool = False) -> list[str]:
    """Mark a pupil absent on `days` more school days of a month (the first days not yet recorded).

    Returns the dates written. A pupil not enrolled that year, or more days than the month has, is refused.
    """
    require_schema(engine)
    if month not in calendar.SCHOOL_MONTHS:
        raise InputError(text("error.not_school_month", month=month))
    if days < 1:
        raise InputError(text("error.no_absence_day"))
    school_days = calendar.school_days(year)
    school_days = school_days[school_days.month == month]
    with guarded_write(engine, "record absences") as write:
        connection = write.connection
        enrolled = connection.execute(select(Enrolment.left_on, Enrolment.school_code).where(
            Enrolment.year == year, Enrolment.massar_code == massar_code)).first()
        if enrolled is None:
            raise InputError(text("error.not_enrolled", code=massar_code, year=year))
        write.touch(absences_dataset(school_days[0].strftime("%Y-%m")), year, [enrolled.school_code])
        known = set(pd.to_datetime(pd.Series(connection.scalars(select(Absence.absent_on).where(
            Absence.massar_code == massar_code)).all(), dtype=object)))
        free = [d for d in school_days if d not in known]
        if enrolled.left_on is not None:
            free = [d for d in free if d.date() < enrolled.left_on]
        if days > len(free):
            raise InputError(text("error.too_many_days", free=len(free)))
        chosen = free[:days]
        absence_months.write_days(connection, pd.DataFrame({
            "massar_code": massar_code, "absent_on": pd.to_datetime(chosen), "slots": 1, "justified": justified}))
    return [d.strftime("%Y-%m-%d") for d in chosen]
