"""School life at national scale, in memory: the timetable conflicts of every school's week and a month of absences by
hour slot (absence days and notices to families), each beside a reference measured in the same run on the same rows
(one group-by count, the cheapest pass a rule could make over them).

National shape (programmes.md): 12,300 schools, 8.1 million pupils in classes of about 30, 30 lessons a week per
class; a month of absences: about 0.7 absence days per pupil, 1 to 4 hour slots a day."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from workbench.programmes.school_life import logic
from workbench.programmes.school_life.models import DAYS

SCHOOLS = 12_300
PUPILS = 8_100_000
CLASS_SIZE = 30
LESSONS = 30


def _codes(prefix: str, values: np.ndarray) -> pd.Categorical:
    """Integer ids as text codes without formatting millions of strings: one string per distinct id."""
    distinct, position = np.unique(values, return_inverse=True)
    return pd.Categorical.from_codes(position, [f"{prefix}{v}" for v in distinct])


def national_week(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every class's week, a teacher and a room per (class, subject) as in the demo, with one double-booked
    teacher in one school in a thousand."""
    classes = PUPILS // CLASS_SIZE
    school = np.sort(rng.integers(0, SCHOOLS, classes))
    number = pd.Series(school).groupby(school).cumcount().to_numpy()
    cls = np.repeat(np.arange(classes), LESSONS)
    cell = np.tile(np.arange(LESSONS), classes)
    subject = cell % 10
    teacher = number[cls] * 10 + subject
    clash = (number[cls] == 1) & (cell == 0) & (school[cls] % 1000 == 0)
    teacher[clash] = 0  # the first class's teacher of its first subject
    frame = pd.DataFrame({
        "year": "2025-2026", "school_code": _codes("S", school[cls]), "class_code": _codes("C", number[cls]),
        "group_code": "", "day": pd.Categorical.from_codes(cell % 6, list(DAYS)), "slot": cell // 6 + 1,
        "subject_code": _codes("", subject), "teacher_id": _codes("P", teacher), "room_code": _codes("R", number[cls])})
    groups = pd.DataFrame(columns=["year", "school_code", "class_code", "group_code", "massar_code"])
    return frame, groups


def national_month(rng: np.random.Generator) -> pd.DataFrame:
    """October's absent hour slots of the whole country."""
    days = pd.bdate_range("2025-10-01", "2025-10-31")
    absences = int(PUPILS * 0.7)
    pupil = rng.integers(0, PUPILS, absences)
    day = days[rng.integers(0, len(days), absences)]
    frame = pd.DataFrame({"pupil": pupil, "absent_on": day}).drop_duplicates()
    hours = rng.choice([1, 2, 3, 4], len(frame), p=[0.35, 0.3, 0.2, 0.15])
    row = np.repeat(np.arange(len(frame)), hours)
    offset = np.arange(len(row)) - np.repeat(np.cumsum(hours) - hours, hours)
    codes = _codes("A", frame["pupil"].to_numpy()[row])
    return pd.DataFrame({"massar_code": codes, "absent_on": frame["absent_on"].to_numpy()[row], "slot": 1 + offset,
                         "justified": np.repeat(rng.random(len(frame)) < 0.25, hours)})


def run(timed, rows: list) -> None:
    rng = np.random.default_rng(14)
    week, groups = timed("school life: national week generated (in memory)", lambda: national_week(rng), rows)
    timed(f"school life: reference, count per teacher and slot ({len(week):,} lessons)",
          lambda: week.groupby(["school_code", "day", "slot", "teacher_id"], observed=True).size(), rows)
    found = timed("school life: timetable conflicts, national", lambda: logic.conflicts(week, groups), rows)
    print(f"    ({len(found):,} conflicts)", flush=True)
    slots = timed("school life: a national month of hour slots generated", lambda: national_month(rng), rows)
    timed(f"school life: reference, count per pupil and date ({len(slots):,} slots)",
          lambda: slots.groupby(["massar_code", "absent_on"], observed=True).size(), rows)
    days = timed("school life: absence days from hour slots, national month", lambda: logic.absence_days(slots), rows)
    pupils = pd.DataFrame({"massar_code": slots["massar_code"].cat.categories, "school_code": "S0",
                           "guardian_cin": ""})
    sent = timed("school life: notices to families, national month",
                 lambda: logic.notices(slots, pupils, 4, "{hours} h {dates}", "{hours} س {dates}"), rows)
    print(f"    ({len(days):,} absence days, {len(sent):,} notices)", flush=True)


if __name__ == "__main__":
    def timed(label, action, rows):
        start = time.perf_counter()
        result = action()
        print(f"  {label:<58} {time.perf_counter() - start:8.2f} s", flush=True)
        return result

    run(timed, [])
