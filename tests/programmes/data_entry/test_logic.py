"""The rules of data-entry completion (rules.md, "Data-entry completion") on frames built by hand, every figure
counted by hand in the comments."""

import datetime as dt

import pandas as pd
import pytest

from workbench.programmes.data_entry import logic

YEAR = "2025-2026"
D = dt.date


def pupils(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["massar_code", "school_code", "class_code", "left_on"])


def calendar(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["closed_on", "school_code"])


def sheets(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["school_code", "class_code", "day"]).assign(
        day=lambda f: pd.to_datetime(f["day"]))


NO_TESTS = pd.DataFrame(columns=["school_code", "class_code", "subject_code", "test", "held_on"])
NO_MARKS = pd.DataFrame(columns=["massar_code", "semester", "subject_code", "test", "mark", "absent_justified"])
NO_TIMETABLE = pd.DataFrame(columns=["school_code", "class_code"])

PUPILS = pupils(("P1", "A", "A-1", None), ("P2", "A", "A-1", None), ("P3", "A", "A-2", None),
                ("P4", "B", "B-1", "2025-09-10"),  # B's only pupil left before the as-of dates: B has no row
                ("P5", "A", "A-3", "2025-09-02"))  # A-3's only pupil left: A-3 is expected nothing


def rows(as_of: D, **given) -> pd.DataFrame:
    inputs = {"pupils": PUPILS, "calendar": calendar(), "timetable": NO_TIMETABLE, "sheets": sheets(),
              "tests": NO_TESTS, "marks": NO_MARKS, "guardians": pd.Series([], dtype=object)} | given
    return logic.completion(YEAR, as_of, **inputs)


def row(frame: pd.DataFrame, dataset: str, period: str, school: str = "A") -> dict:
    found = frame[(frame["school_code"] == school) & (frame["dataset"] == dataset) & (frame["period"] == period)]
    assert len(found) == 1, frame
    return found.iloc[0].to_dict()


def test_school_days_leave_out_sundays_holidays_and_a_schools_own_closures():
    days = logic.school_days(YEAR, calendar(("2025-09-03", ""), ("2025-09-04", "A")), pd.Series(["A", "B"]),
                             D(2025, 9, 6))
    # 1-6 September 2025 is Monday to Saturday; the 3rd is a holiday, the 4th a closure of A only.
    assert days[days["school_code"] == "A"]["day"].dt.day.tolist() == [1, 2, 5, 6]
    assert days[days["school_code"] == "B"]["day"].dt.day.tolist() == [1, 2, 4, 5, 6]
    assert logic.school_days(YEAR, calendar(), pd.Series(["A"]), D(2025, 9, 8))["day"].dt.day.tolist() == [
        1, 2, 3, 4, 5, 6, 8]  # Sunday the 7th is no school day


def test_absence_sheets_per_month_with_holidays_closures_and_the_due_date():
    # As of Monday 6 October: September has 26 school days (Mon-Sat), less the holiday of the 15th and A's own
    # closure of the 16th: 24; October 1-6 has 5 (Sunday the 5th left out). A's expected classes.
    found = rows(D(2025, 10, 6), calendar=calendar(("2025-09-15", ""), ("2025-09-16", "A"), ("2025-10-01", "B")),
                 sheets=sheets(("A", "A-1", "2025-09-01"), ("A", "A-2", "2025-09-01"),
                               ("A", "A-1", "2025-09-15"),  # a holiday: not a school day
                               ("A", "A-1", "2025-09-16"),  # A's closure
                               ("A", "A-3", "2025-09-02"),  # a class without an enrolled pupil
                               ("A", "A-1", "2025-10-07"),  # after the as-of date
                               ("A", "A-1", "2025-10-06"), ("A", "A-2", "2025-10-06")))
    september = row(found, "absences", "2025-09")
    assert (september["expected"], september["entered"]) == (48, 2)
    assert september["due_on"] == "2025-10-05" and september["status"] == "late"  # D (6 Oct) is after 5 Oct
    assert september["completion_pct"] == 4.2  # 2 / 48 = 4.1666...
    october = row(found, "absences", "2025-10")
    assert (october["expected"], october["entered"], october["due_on"]) == (10, 2, "2025-11-05")
    assert october["status"] == "in_progress"
    assert set(found["school_code"]) == {"A"}  # B's only pupil left: no class of B is expected anything


def test_on_the_due_date_a_month_is_not_late_yet_and_after_it_is():
    september_days = logic.school_days(YEAR, calendar(), pd.Series(["A"]), D(2025, 9, 30))
    every = pd.concat([september_days.assign(class_code=c) for c in ("A-1", "A-2")])[
        ["school_code", "class_code", "day"]]
    partial = every.iloc[:10]
    on_due = row(rows(D(2025, 10, 5), sheets=partial), "absences", "2025-09")
    assert on_due["status"] == "in_progress" and on_due["due_on"] == "2025-10-05"
    assert row(rows(D(2025, 10, 6), sheets=partial), "absences", "2025-09")["status"] == "late"
    assert row(rows(D(2025, 10, 6), sheets=partial.iloc[:0]), "absences", "2025-09")["status"] == "late"
    assert row(rows(D(2025, 10, 5), sheets=partial.iloc[:0]), "absences", "2025-09")["status"] == "not_started"
    assert row(rows(D(2025, 10, 20), sheets=every), "absences", "2025-09")["status"] == "complete"
    # December's sheets are due on 5 January of the next calendar year; June's on 5 July.
    late_year = rows(D(2026, 6, 30))
    assert row(late_year, "absences", "2025-12")["due_on"] == "2026-01-05"
    assert row(late_year, "absences", "2026-06")["due_on"] == "2026-07-05"
    assert set(late_year.loc[late_year["dataset"] == "absences", "period"]) == {
        "2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"}


def test_a_month_starts_counting_with_its_first_school_day():
    # As of Sunday 30 November... and of Monday 1 December: December appears with its first school day only.
    assert "2025-12" not in set(rows(D(2025, 11, 30))["period"])
    december = row(rows(D(2025, 12, 1)), "absences", "2025-12")
    assert december["expected"] == 2  # two classes x one day
    # A month whose days are all holidays for every school has no row.
    holidays = calendar(*((d.date(), "") for d in pd.date_range("2025-12-01", "2025-12-06")))
    assert "2025-12" not in set(rows(D(2025, 12, 6), calendar=holidays)["period"])


def test_the_timetable_counts_a_class_whose_only_rows_are_its_groups():
    timetable = pd.DataFrame({"school_code": ["A", "A"], "class_code": ["A-2", "A-3"]})  # A-2's rows: a group's
    found = row(rows(D(2025, 9, 30), timetable=timetable), "timetable", YEAR)
    assert (found["expected"], found["entered"], found["due_on"]) == (2, 1, "2025-09-30")
    assert found["status"] == "in_progress" and found["completion_pct"] == 50.0
    assert row(rows(D(2025, 10, 1), timetable=timetable), "timetable", YEAR)["status"] == "late"
    assert row(rows(D(2025, 10, 1)), "timetable", YEAR)["status"] == "late"  # late before not started
    assert row(rows(D(2025, 9, 2)), "timetable", YEAR)["status"] == "not_started"


def test_marks_count_marks_and_justified_absences_of_the_tests_held_by_the_as_of_date():
    tests = pd.DataFrame([
        ("A", "A-1", "MATH", "1", "2026-01-20"),  # January: semester 1
        ("A", "A-2", "MATH", "1", "2026-01-10"),
        ("A", "A-1", "FR", "1", "2026-02-03"),  # February: semester 2
        ("A", "A-1", "AR", "2", "2026-03-10"),  # after the as-of date
        ("A", "A-3", "FR", "1", "2026-02-05"),  # A-3 has no enrolled pupil: nothing expected, but its date is due's
    ], columns=["school_code", "class_code", "subject_code", "test", "held_on"])
    marks = pd.DataFrame([
        ("P1", 1, "MATH", "1", 12.0, False), ("P2", 1, "MATH", "1", None, True),  # a justified absence counts
        ("P3", 2, "MATH", "1", 10.0, False),  # the wrong semester: not entered
        ("P1", 2, "FR", "1", 9.5, False), ("P3", 2, "FR", "1", 11.0, False),  # P3 is not in A-1
        ("P2", 1, "MATH", "2", 14.0, False),  # a test not in the calendar
    ], columns=["massar_code", "semester", "subject_code", "test", "mark", "absent_justified"])
    found = rows(D(2026, 2, 18), tests=tests, marks=marks)
    first = row(found, "marks", "S1-T1")
    assert (first["expected"], first["entered"]) == (3, 2)  # A-1's 2 pupils + A-2's 1
    assert first["due_on"] == "2026-02-04" and first["status"] == "late"  # 20 January + 15 days
    second = row(found, "marks", "S2-T1")
    assert (second["expected"], second["entered"], second["due_on"]) == (2, 1, "2026-02-20")
    assert second["status"] == "in_progress"  # 5 February + 15 days: not due yet
    assert completion_periods(found, "marks") == ["S1-T1", "S2-T1"]
    # On the due date a test's marks are not late yet; the day after they are.
    assert row(rows(D(2026, 2, 4), tests=tests, marks=marks), "marks", "S1-T1")["status"] == "in_progress"
    assert row(rows(D(2026, 2, 5), tests=tests, marks=marks), "marks", "S1-T1")["status"] == "late"


def completion_periods(frame: pd.DataFrame, dataset: str) -> list[str]:
    return frame.loc[frame["dataset"] == dataset, "period"].tolist()


def test_guardian_cins_of_enrolled_pupils():
    found = row(rows(D(2025, 10, 31), guardians=pd.Series(["P1", "P4", "P9"])), "guardian_cin", YEAR)
    assert (found["expected"], found["entered"], found["due_on"]) == (3, 1, "2025-10-31")
    assert found["completion_pct"] == 33.3 and found["status"] == "in_progress"
    assert row(rows(D(2025, 11, 1), guardians=pd.Series(["P1", "P2", "P3"])), "guardian_cin", YEAR)[
        "status"] == "complete"


def test_the_file_is_sorted_and_has_its_columns():
    found = rows(D(2025, 10, 6))
    assert list(found.columns) == logic.COLUMNS
    keys = list(zip(found["school_code"], found["dataset"], found["period"]))
    assert keys == sorted(keys)
    assert (found["expected"] > 0).all()


@pytest.mark.parametrize(("entered", "expected", "pct"), [(1, 8, 12.5), (1, 16, 6.3), (1, 3, 33.3), (2, 3, 66.7),
                                                           (0, 5, 0.0), (5, 5, 100.0), (1, 400, 0.3),
                                                           (1, 2000, 0.1), (1, 2001, 0.0)])
def test_completion_rounds_half_away_from_zero(entered, expected, pct):
    assert logic.percent(pd.Series([entered]), pd.Series([expected])).iloc[0] == pct


def test_province_figures_are_sums_then_rates():
    frame = pd.DataFrame({"province": ["P", "P"], "expected": [1, 99], "entered": [1, 0]})
    assert logic.summarise(frame, ["province"])["completion_pct"].tolist() == [1.0]  # not (100 + 0) / 2


def test_the_schools_furthest_behind_and_their_directors():
    frame = pd.DataFrame({"school_code": ["A", "A", "B", "B", "C", "D", "D"],
                          "dataset": ["absences", "absences", "absences", "timetable", "absences", "absences",
                                      "marks"],
                          "period": ["2025-09", "2025-10", "2025-09", YEAR, "2025-09", "2025-09", "S1-T1"],
                          "expected": [10, 10, 10, 2, 10, 10, 30], "entered": [0, 10, 5, 0, 10, 9, 0],
                          "status": ["late", "complete", "late", "not_started", "complete", "late", "late"]})
    behind = logic.behind(frame)
    # B and D have two rows behind (D's sheets 9 / 10, B's 5 / 10: B first), A one; C none.
    assert behind["school_code"].tolist() == ["B", "D", "A"]
    assert behind[["late", "not_started", "expected", "entered", "completion_pct"]].values.tolist() == [
        [1, 1, 10, 5, 50.0], [2, 0, 10, 9, 90.0], [1, 0, 20, 10, 50.0]]
    users = pd.DataFrame({"username": ["z", "a", "p"], "full_name": ["Z", "Amina", "Prov"],
                          "role": ["director", "director", "province_officer"], "school_code": ["A", "A", None]})
    assert logic.directors(users).to_dict() == {"A": "Amina"}
