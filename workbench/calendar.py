"""The school year's calendar: months September to June, school days Monday to Saturday."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from workbench.catalogue import Label, text
from workbench.codes import year_bounds

SCHOOL_MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6)
# The school months' names (Moroccan usage in Arabic: شتنبر, نونبر...), from the catalogue's `month.<number>` keys.
MONTH_LABELS: dict[int, Label] = {month: text(f"month.{month}") for month in SCHOOL_MONTHS}
MONTH_NAMES = {month: tuple(label) for month, label in MONTH_LABELS.items()}  # month -> (French, Arabic)


def month_starts(year: str) -> list[dt.date]:
    first = int(year[:4])
    return [dt.date(first if m >= 9 else first + 1, m, 1) for m in SCHOOL_MONTHS]


def school_days(year: str) -> pd.DatetimeIndex:
    """Monday to Saturday between 1 September and 30 June (holidays are not modelled)."""
    starts_on, ends_on = year_bounds(year)
    days = pd.date_range(starts_on, ends_on, freq="D")
    return days[days.day_of_week < 6]


def school_days_per_month(year: str) -> pd.Series:
    days = school_days(year)
    return pd.Series(days.month).value_counts().reindex(SCHOOL_MONTHS)
