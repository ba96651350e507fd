"""What the families' portal says first, before any table: for each child, the unjustified absences of the month
and the tests to come; for the family, the requests ready and those still in hand. Counted on the frames of the
portal's home (eservices.Home), so that the summary and the tables below it always agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from workbench.codes import year_bounds

WAITING = ("new", "accepted")  # a request the school still has in hand


@dataclass(frozen=True)
class ChildSummary:
    massar_code: str
    unjustified: int  # days of the month with an unjustified absence
    tests_coming: int


@dataclass(frozen=True)
class Summary:
    month: dt.date  # the first day of the month counted
    children: tuple[ChildSummary, ...]
    ready: int  # requests ready (a certificate or transcript to download)
    waiting: int  # requests the school has not answered yet, or an appointment to come


def counted_month(year: str, today: dt.date) -> dt.date:
    """The month the summary counts: today's, or the school year's nearest one when today is outside it (a
    summer visit reads June)."""
    starts_on, ends_on = year_bounds(year)
    return min(max(today, starts_on), ends_on).replace(day=1)


def summarise(home, year: str, today: dt.date | None = None) -> Summary:
    """The summary of a family's home page (`home`: eservices.Home)."""
    month = counted_month(year, today or dt.date.today())
    absences = home.absences
    by_child = pd.Series(dtype=int)
    if len(absences):
        days = pd.to_datetime(absences["absent_on"])
        unjustified = ((days.dt.year == month.year) & (days.dt.month == month.month)
                       & ~absences["justified"].astype(bool))
        by_child = absences[unjustified].groupby("massar_code").size()
    tests = home.tests.groupby("massar_code").size() if len(home.tests) else pd.Series(dtype=int)
    children = tuple(ChildSummary(code, int(by_child.get(code, 0)), int(tests.get(code, 0)))
                     for code in home.pupils["massar_code"])
    states = home.requests["state"] if len(home.requests) else pd.Series(dtype=str)
    return Summary(month, children, int((states == "ready").sum()), int(states.isin(WAITING).sum()))
