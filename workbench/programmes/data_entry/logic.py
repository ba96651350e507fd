"""The rules of data-entry completion (rules.md, "Data-entry completion"), on frames: the school days of a year
(Monday to Saturday, 1 September to 30 June, less the school calendar's holidays and a school's own closures),
then per school, dataset and period what is expected, what is entered, the completion, the due date and the status.

Every function takes and returns frames; nothing loops over pupils or days: the school days are a small frame of
dates crossed with the schools, each dataset a few merges and group counts."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

DATASETS = ("timetable", "absences", "marks", "guardian_cin")
STATUSES = ("complete", "in_progress", "late", "not_started")
COLUMNS = ["school_code", "dataset", "period", "expected", "entered", "completion_pct", "due_on", "status"]
REMINDER_COLUMNS = ["school_code", "director", "dataset", "period", "completion_pct", "due_on", "message_ar",
                    "message_fr"]
EVERY_SCHOOL = ""  # a calendar row of every school (models.EVERY_SCHOOL)
MARKS_DUE_DAYS = 15
ABSENCES_DUE_DAY = 5  # of the next month


def first_year(year: str) -> int:
    """The first calendar year of a school year ('2025-2026' -> 2025)."""
    return int(year[:4])


def year_dates(year: str) -> tuple[dt.date, dt.date]:
    """1 September of the first calendar year, 30 June of the second."""
    first = first_year(year)
    return dt.date(first, 9, 1), dt.date(first + 1, 6, 30)


def as_of_within(year: str, today: dt.date) -> dt.date:
    """A default as-of date: today, brought inside the school year (its last day once it is over)."""
    starts_on, ends_on = year_dates(year)
    return min(max(today, starts_on), ends_on)


def enrolled(pupils: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The pupils still enrolled on `as_of` (no date of leaving, or one after it): of `pupils` (massar_code,
    school_code, class_code, left_on), those rows."""
    left_on = pd.to_datetime(pupils["left_on"])
    return pupils[left_on.isna() | (left_on > pd.Timestamp(as_of))].reset_index(drop=True)


def school_days(year: str, calendar: pd.DataFrame, schools: pd.Series, as_of: dt.date) -> pd.DataFrame:
    """(school_code, day) of every school day of `schools` on or before `as_of`: Monday to Saturday of the year,
    less the calendar's dates of every school (`school_code` empty) and each school's own closures.
    `calendar`: closed_on, school_code."""
    starts_on, ends_on = year_dates(year)
    days = pd.date_range(starts_on, min(ends_on, as_of), freq="D")
    days = days[days.day_of_week < 6]
    closed = calendar.assign(closed_on=pd.to_datetime(calendar["closed_on"]),
                             school_code=calendar["school_code"].fillna(EVERY_SCHOOL))
    days = days[~days.isin(closed.loc[closed["school_code"] == EVERY_SCHOOL, "closed_on"])]
    codes = pd.DataFrame({"school_code": pd.Series(schools, dtype=object).drop_duplicates().to_numpy()})
    frame = codes.merge(pd.DataFrame({"day": days}), how="cross")
    own = closed.loc[closed["school_code"] != EVERY_SCHOOL, ["school_code", "closed_on"]].drop_duplicates()
    if not own.empty:
        hit = frame.merge(own.rename(columns={"closed_on": "day"}), how="left", indicator=True)["_merge"] == "both"
        frame = frame[~hit.to_numpy()]
    return frame.reset_index(drop=True)


def semester_of(dates: pd.Series) -> pd.Series:
    """1 from September to January, 2 from February to June."""
    month = pd.to_datetime(dates).dt.month
    return pd.Series(np.where((month >= 9) | (month == 1), 1, 2), index=dates.index, dtype="int64")


def _counts(frame: pd.DataFrame, by: list[str], name: str) -> pd.DataFrame:
    return frame.groupby(by, observed=True).size().rename(name).reset_index()


def timetable_completion(year: str, classes: pd.DataFrame, timetable: pd.DataFrame) -> pd.DataFrame:
    """`classes` (school_code, class_code: those with an enrolled pupil); `timetable` (school_code, class_code of
    each timetable row, a group's rows under its class). Due on 30 September."""
    keys = ["school_code", "class_code"]
    expected = _counts(classes[keys].drop_duplicates(), ["school_code"], "expected")
    done = classes[keys].drop_duplicates().merge(timetable[keys].drop_duplicates(), on=keys)
    frame = expected.merge(_counts(done, ["school_code"], "entered"), how="left")
    return frame.assign(dataset="timetable", period=year, due_on=dt.date(first_year(year), 9, 30))


def absences_completion(days: pd.DataFrame, classes: pd.DataFrame, sheets: pd.DataFrame) -> pd.DataFrame:
    """Per school and month: `expected` = its classes x its school days of the month (`days`: school_code, day, on
    or before the as-of date); `entered` = the (class, day) pairs among them with a sheet (`sheets`: school_code,
    class_code, day). Due on the 5th of the next month."""
    keys = ["school_code", "class_code"]
    classes = classes[keys].drop_duplicates()
    per_month = days.assign(period=days["day"].dt.strftime("%Y-%m"))
    expected = _counts(per_month, ["school_code", "period"], "days").merge(
        _counts(classes, ["school_code"], "classes"), on="school_code")
    expected["expected"] = expected["days"] * expected["classes"]
    done = (sheets[[*keys, "day"]].assign(day=pd.to_datetime(sheets["day"])).drop_duplicates()
            .merge(classes, on=keys).merge(per_month, on=["school_code", "day"]))
    frame = expected.merge(_counts(done, ["school_code", "period"], "entered"), how="left")
    month = pd.to_datetime(frame["period"] + "-01")
    due = (month + pd.offsets.MonthBegin(1) + pd.Timedelta(days=ABSENCES_DUE_DAY - 1)).dt.date
    return frame.assign(dataset="absences", due_on=due)[["school_code", "dataset", "period", "expected", "entered",
                                                           "due_on"]]


def marks_completion(tests: pd.DataFrame, pupils: pd.DataFrame, marks: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Per school, semester and test: over the test-calendar rows (`tests`: school_code, class_code, subject_code,
    test, held_on) dated on or before `as_of`, `expected` = the sum of their classes' enrolled pupils (`pupils`:
    massar_code, school_code, class_code); `entered` = those (pupil, subject, test) with a mark or a justified
    absence (`marks`: massar_code, semester, subject_code, test, mark, absent_justified). Period S<semester>-T<test>,
    due 15 days after the latest of its test dates."""
    held = tests.assign(held_on=pd.to_datetime(tests["held_on"]))
    held = held[held["held_on"] <= pd.Timestamp(as_of)]
    held = held.assign(semester=semester_of(held["held_on"]), test=held["test"].astype(str))
    size = _counts(pupils, ["school_code", "class_code"], "pupils")
    rows = held.merge(size, on=["school_code", "class_code"])
    group = ["school_code", "semester", "test"]
    # the latest of the rows' dates, a class without an enrolled pupil's too (it adds no pupil to what is expected)
    expected = rows.groupby(group, observed=True)["pupils"].sum().rename("expected").to_frame().join(
        held.groupby(group, observed=True)["held_on"].max().rename("last"))
    present = marks[marks["mark"].notna() | marks["absent_justified"].fillna(False).astype(bool)]
    present = present[["massar_code", "semester", "subject_code", "test"]].astype(
        {"semester": "int64", "test": str}).drop_duplicates()
    done = (present.merge(pupils[["massar_code", "school_code", "class_code"]], on="massar_code")
            .merge(rows[["school_code", "class_code", "subject_code", "test", "semester"]],
                   on=["school_code", "class_code", "subject_code", "test", "semester"]))
    frame = expected.join(done.groupby(group, observed=True).size().rename("entered")).reset_index()
    period = "S" + frame["semester"].astype(str) + "-T" + frame["test"]
    due = (frame["last"] + pd.Timedelta(days=MARKS_DUE_DAYS)).dt.date
    return frame.assign(dataset="marks", period=period, due_on=due)[["school_code", "dataset", "period", "expected",
                                                                     "entered", "due_on"]]


def guardian_completion(year: str, pupils: pd.DataFrame, known: pd.Series) -> pd.DataFrame:
    """`expected` = the enrolled pupils (`pupils`: massar_code, school_code); `entered` = those of them in `known`
    (pupils with a guardian whose CIN is known). Due on 31 October."""
    expected = _counts(pupils, ["school_code"], "expected")
    done = _counts(pupils[pupils["massar_code"].isin(known)], ["school_code"], "entered")
    frame = expected.merge(done, how="left")
    return frame.assign(dataset="guardian_cin", period=year, due_on=dt.date(first_year(year), 10, 31))


def percent(entered: pd.Series, expected: pd.Series) -> pd.Series:
    """entered / expected x 100 with one decimal, rounded half away from zero, in whole numbers (no float error on
    a half: 1/8 is 12.5, 1/16 is 6.3)."""
    whole = expected.astype("int64")
    tenths = (entered.astype("int64") * 2000 + whole) // (2 * whole)
    return tenths / 10


def status(entered: pd.Series, expected: pd.Series, due_on: pd.Series, as_of: dt.date) -> pd.Series:
    """The first that applies: complete, late (as-of date after the due date), not_started, in_progress."""
    due = pd.to_datetime(due_on)
    chosen = np.select([entered == expected, due < pd.Timestamp(as_of), entered == 0],
                       ["complete", "late", "not_started"], "in_progress")
    return pd.Series(chosen, index=entered.index, dtype=object)


def completion(year: str, as_of: dt.date, *, pupils: pd.DataFrame, calendar: pd.DataFrame,
               timetable: pd.DataFrame, sheets: pd.DataFrame, tests: pd.DataFrame, marks: pd.DataFrame,
               guardians: pd.Series) -> pd.DataFrame:
    """entry_completion.csv's rows (COLUMNS), sorted by school_code, dataset, period: one per school with a class
    with an enrolled pupil, dataset and period where something is expected.

    `pupils`: massar_code, school_code, class_code, left_on (the year's enrolments); `calendar`: closed_on,
    school_code; `timetable`: school_code, class_code; `sheets`: school_code, class_code, day; `tests`:
    school_code, class_code, subject_code, test, held_on; `marks`: massar_code, semester, subject_code, test, mark,
    absent_justified; `guardians`: the massar codes of pupils with a known guardian CIN."""
    present = enrolled(pupils, as_of)
    classes = present[["school_code", "class_code"]].drop_duplicates()
    days = school_days(year, calendar, classes["school_code"], as_of)
    parts = [timetable_completion(year, classes, timetable), absences_completion(days, classes, sheets),
             marks_completion(tests, present, marks, as_of), guardian_completion(year, present, guardians)]
    frame = pd.concat([part[["school_code", "dataset", "period", "expected", "entered", "due_on"]]
                       for part in parts if not part.empty], ignore_index=True)
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    frame = frame.assign(expected=frame["expected"].fillna(0).astype("int64"),
                         entered=frame["entered"].fillna(0).astype("int64"))
    frame = frame[frame["expected"] > 0]
    frame = frame.assign(completion_pct=percent(frame["entered"], frame["expected"]),
                         status=status(frame["entered"], frame["expected"], frame["due_on"], as_of),
                         due_on=pd.to_datetime(frame["due_on"]).dt.strftime("%Y-%m-%d"))
    return frame.sort_values(["school_code", "dataset", "period"]).reset_index(drop=True)[COLUMNS]


def summarise(rows: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Figures of a province, region or dataset: the sums of expected and entered, the rate recomputed from the sums
    (never a mean of rates). `rows`: completion rows with the columns of `by`."""
    if rows.empty:
        return pd.DataFrame(columns=[*by, "expected", "entered", "completion_pct"])
    summed = rows.groupby(by, observed=True, sort=True)[["expected", "entered"]].sum().reset_index()
    return summed.assign(completion_pct=percent(summed["entered"], summed["expected"]))


def behind(rows: pd.DataFrame, limit: int = 20) -> pd.DataFrame:
    """The schools furthest behind: those with late or not-started rows, the most such rows first, then the lowest
    completion of their absence sheets (sums over the months, then the rate; datasets counted in other units are not
    added together), then by code. Columns: school_code, late, not_started, expected, entered, completion_pct (the
    absence sheets')."""
    columns = ["school_code", "late", "not_started", "expected", "entered", "completion_pct"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    counts = pd.crosstab(rows["school_code"], rows["status"]).reindex(columns=["late", "not_started"], fill_value=0)
    counts = counts[(counts["late"] + counts["not_started"]) > 0].reset_index()
    sheets = summarise(rows[rows["dataset"] == "absences"], ["school_code"])
    frame = counts.merge(sheets, on="school_code", how="left").fillna({"expected": 0, "entered": 0})
    frame = frame.astype({"late": "int64", "not_started": "int64", "expected": "int64", "entered": "int64"})
    frame = frame.assign(behind=frame["late"] + frame["not_started"],
                         order=frame["completion_pct"].fillna(100.0))
    frame = frame.sort_values(["behind", "order", "school_code"], ascending=[False, True, True])
    return frame.head(limit).reset_index(drop=True)[columns]


def trend(rows: pd.DataFrame) -> pd.DataFrame:
    """The absence sheets' completion month by month over the rows' schools (sums, then the rate)."""
    return summarise(rows[rows["dataset"] == "absences"], ["period"])


def late_rows(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["status"] == "late"].reset_index(drop=True)


def directors(users: pd.DataFrame) -> pd.Series:
    """school_code -> its director's full name (the first by user name when a school has several): `users`:
    username, full_name, role, school_code."""
    found = users[(users["role"] == "director") & users["school_code"].notna()].sort_values("username")
    return found.drop_duplicates("school_code").set_index("school_code")["full_name"]


def fill(template: str, frame: pd.DataFrame) -> pd.Series:
    """A text template's `{placeholders}` filled from the frame's columns of the same names, all rows at once."""
    import re

    out = pd.Series("", index=frame.index, dtype=object)
    for part in re.split(r"(\{\w+\})", template):
        out = out + (frame[part[1:-1]].astype(str) if part.startswith("{") and part.endswith("}") else part)
    return out
