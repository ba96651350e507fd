"""Synthetic data-entry completion for the demo: the year's school calendar (Morocco's usual holidays and school
breaks, data/reference/data_entry_holidays.csv), and the absence sheets of every class on every school day of the
year, except where schools lag: in each province one school falls behind in the last months (sheets missing in
March, May and June, and a twentieth of its pupils without their guardian's CIN), and a few schools stop entering
from April. The first term (Tayssir's first period) is
entered everywhere: a team issues that period in January, when its months are complete.

A large demo (the benchmarks' millions of pupils) gets sheets for its first schools only, in code order, up to
DETAIL_PUPILS pupils, as school life's detail: `make demo` (50,000 pupils) has them for every school."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Connection, delete

from workbench.access.guard import in_chunks
from workbench.bulk import insert_frame
from workbench.demo.accounts import demo_accounts
from workbench.demo.generate import DemoData
from workbench.models import PupilGuardian
from workbench.programmes.data_entry import logic
from workbench.programmes.data_entry.models import EVERY_SCHOOL, AbsenceSheet, CalendarDay
from workbench.reference import read_reference

DETAIL_PUPILS = 60_000
STOPPED_SHARE = 0.03  # schools that enter nothing from April
BEHIND = {3: 0.9, 5: 0.6, 6: 0.5}  # month -> share of a lagging school's sheets entered
MISSING_CIN_SHARE = 0.05  # of a lagging school's pupils: no guardian's CIN entered


def calendar(year: str) -> pd.DataFrame:
    """The year's days without school for every school, from the reference table of holidays (a row with a
    `school_year` is of that year only: the religious holidays move with the lunar calendar)."""
    first = logic.first_year(year)
    table = read_reference("data_entry_holidays").fillna({"school_year": ""})
    table = table[(table["school_year"] == "") | (table["school_year"] == year)]

    def on(month_day: pd.Series) -> pd.Series:
        month = month_day.str[:2].astype(int)
        return pd.to_datetime((np.where(month >= 9, first, first + 1)).astype(str) + "-" + month_day)

    starts, ends = on(table["first_day"]), on(table["last_day"])
    spans = table.assign(days=(ends - starts).dt.days + 1, start=starts)
    days = spans.loc[spans.index.repeat(spans["days"])]
    days = days.assign(closed_on=days["start"] + pd.to_timedelta(days.groupby(level=0).cumcount(), unit="D"))
    starts_on, ends_on = logic.year_dates(year)
    days = days[(days["closed_on"] >= pd.Timestamp(starts_on)) & (days["closed_on"] <= pd.Timestamp(ends_on))]
    days = days.drop_duplicates("closed_on")
    return pd.DataFrame({"year": year, "closed_on": days["closed_on"].dt.date, "school_code": EVERY_SCHOOL,
                         "kind": days["kind"], "label_fr": days["label_fr"], "label_ar": days["label_ar"]})


def lagging(rng: np.random.Generator, schools: pd.DataFrame) -> tuple[set[str], set[str]]:
    """The schools that lag: one per province falling behind, and a few others stopping in April. `schools`:
    school_code, province_code."""
    order = schools.assign(draw=rng.random(len(schools))).sort_values(["province_code", "draw"])
    behind = set(order.drop_duplicates("province_code")["school_code"])
    rest = order[~order["school_code"].isin(behind)]
    stopped = set(rest.nsmallest(max(1, round(len(order) * STOPPED_SHARE)), "draw")["school_code"])
    return behind, stopped


def sheets(rng: np.random.Generator, year: str, classes: pd.DataFrame, schools: pd.DataFrame,
           closed: pd.DataFrame, behind: set[str], stopped: set[str]) -> pd.DataFrame:
    """The sheets entered (year, school_code, class_code, sheet_date, in key order): every class on every school
    day, less the lagging schools' missing ones. `schools`: school_code, province_code."""
    days = logic.school_days(year, closed, schools["school_code"], logic.year_dates(year)[1])
    frame = classes[["school_code", "class_code"]].drop_duplicates().merge(days, on="school_code")
    month = frame["day"].dt.month.to_numpy()
    share = np.ones(len(frame))
    lagging = frame["school_code"].isin(behind).to_numpy()
    for number, kept in BEHIND.items():
        share[lagging & (month == number)] = kept
    share[frame["school_code"].isin(stopped).to_numpy() & (month >= 4) & (month <= 6)] = 0.0
    frame = frame[rng.random(len(frame)) < share]
    frame = frame.sort_values(["school_code", "class_code", "day"])
    return pd.DataFrame({"year": year, "school_code": frame["school_code"].to_numpy(),
                         "class_code": frame["class_code"].to_numpy(), "sheet_date": frame["day"].dt.date.to_numpy()})


def without_cin(rng: np.random.Generator, enrolments: pd.DataFrame, behind: set[str], kept: set[str]) -> list[str]:
    """A twentieth of the pupils of the schools falling behind, whose guardian's CIN was never entered (their link to
    a guardian is taken out); none at a demo director's school (the portal's demo families are there)."""
    pupils = enrolments[enrolments["school_code"].isin(behind - kept)]["massar_code"]
    return sorted(pupils[rng.random(len(pupils)) < MISSING_CIN_SHARE])


def build(connection: Connection, data: DemoData) -> dict[str, int]:
    rng = np.random.default_rng([data.seed, 19])
    frames = data.frames
    sizes = frames.enrolments.groupby("school_code").size().sort_index()
    kept = sizes.index[(sizes.cumsum() <= DETAIL_PUPILS) | (np.arange(len(sizes)) == 0)].tolist()
    days_off = calendar(data.year)
    places = frames.schools.rename(columns={"code": "school_code"}).merge(
        frames.communes.rename(columns={"code": "commune_code"})[["commune_code", "province_code"]])
    places = places[places["school_code"].isin(kept)][["school_code", "province_code"]].sort_values("school_code")
    behind, stopped = lagging(rng, places.reset_index(drop=True))
    classes = frames.enrolments[frames.enrolments["school_code"].isin(kept)][["school_code", "class_code"]]
    accounts = demo_accounts(frames.schools, frames.communes)
    directed = set(accounts["school_code"].dropna())
    # The demo's first director's school falls behind too: `make demo` queues its director's reminders (outbox).
    behind |= set(accounts.loc[accounts["role"] == "director", "school_code"].iloc[:1]) & set(kept)
    entered = sheets(rng, data.year, classes, places.reset_index(drop=True), days_off[["closed_on", "school_code"]],
                     behind, stopped)
    missing = without_cin(rng, frames.enrolments, behind, directed)
    for chunk in in_chunks(missing):
        connection.execute(delete(PupilGuardian).where(PupilGuardian.massar_code.in_(chunk)))
    frames.pupil_guardians = frames.pupil_guardians[~frames.pupil_guardians["massar_code"].isin(missing)]
    return {"data_entry_calendar": insert_frame(connection, CalendarDay.__table__, days_off),
            "data_entry_absence_sheets": insert_frame(connection, AbsenceSheet.__table__, entered, ordered=True)}
