"""What another programme asks before it pays on absences: which schools have not entered the absence sheets of
some months (rules.md, "Data-entry completion": status `late` or `not_started`). Tayssir's issue of a payment period
stops on them: a month whose sheets were never entered makes every pupil look present."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection

from workbench.programmes.data_entry import logic, queries
from workbench.scope import Scope

BEHIND = ("late", "not_started")
NOTHING = pd.DataFrame(columns=["school_code", "dataset", "period"])


def incomplete_absences(connection: Connection, year: str, months: list[dt.date], as_of: dt.date,
                        scope: Scope | None = None) -> pd.DataFrame:
    """The completion rows (logic.COLUMNS) of the absence sheets of `months` (their first days) whose status on
    `as_of` is late or not started, for every school of `scope` (the whole database by default), sorted by school
    and month."""
    scope = scope or Scope()
    rows = logic.completion(
        year, as_of, pupils=queries.pupils(connection, scope, year), calendar=queries.calendar(connection, year),
        timetable=pd.DataFrame(columns=["school_code", "class_code"]), sheets=queries.sheets(connection, scope, year),
        tests=pd.DataFrame(columns=["school_code", "class_code", "subject_code", "test", "held_on"]),
        marks=pd.DataFrame(columns=["massar_code", "semester", "subject_code", "test", "mark", "absent_justified"]),
        guardians=pd.Series([], dtype=object))
    periods = {f"{month:%Y-%m}" for month in months}
    found = rows[(rows["dataset"] == "absences") & rows["period"].isin(periods) & rows["status"].isin(BEHIND)]
    return found.reset_index(drop=True)


def as_of_today(year: str, today: dt.date | None = None) -> dt.date:
    return logic.as_of_within(year, today or dt.date.today())
