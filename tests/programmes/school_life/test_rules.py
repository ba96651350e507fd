"""The rules of school life (rules.md) on frames in memory, each against an answer computed by hand."""

from __future__ import annotations

import pandas as pd

from workbench.programmes.school_life import logic

Y, S = "2025-2026", "22222B"


def slot(cls: str, day: str, n: int, teacher: str, room: str, group: str = "", subject: str = "0030") -> dict:
    return {"year": Y, "school_code": S, "class_code": cls, "group_code": group, "day": day, "slot": n,
            "subject_code": subject, "teacher_id": teacher, "room_code": room}


def members(group: str, cls: str, *pupils: str) -> list[dict]:
    return [{"year": Y, "school_code": S, "class_code": cls, "group_code": group, "subject_code": "0070",
             "massar_code": p} for p in pupils]


TIMETABLE = pd.DataFrame([
    slot("1APIC-1", "mon", 1, "T1", "R1"), slot("1APIC-2", "mon", 1, "T1", "R2"),  # teacher T1 twice
    slot("1APIC-1", "tue", 2, "T1", "R1"), slot("1APIC-2", "tue", 2, "T2", "R1"),  # room R1 twice
    slot("1APIC-1", "wed", 3, "T1", "R1"), slot("1APIC-1", "wed", 3, "T3", "LAB", group="1APIC-1-G1"),  # class+group
    slot("1APIC-2", "thu", 4, "T2", "R2", group="1APIC-2-G1"), slot("1APIC-2", "thu", 4, "T3", "LAB",
                                                                    group="1APIC-2-G2"),  # share pupil B
    slot("1APIC-2", "fri", 5, "T2", "R2", group="1APIC-2-G3"), slot("1APIC-2", "fri", 5, "T3", "LAB",
                                                                    group="1APIC-2-G4"),  # disjoint groups
    slot("1APIC-1", "sat", 1, "T1", "R1"), slot("1APIC-2", "sat", 2, "T1", "R1"),  # same teacher, other slots
])
GROUPS = pd.DataFrame([*members("1APIC-1-G1", "1APIC-1", "A"), *members("1APIC-2-G1", "1APIC-2", "B", "C"),
                       *members("1APIC-2-G2", "1APIC-2", "B", "D"), *members("1APIC-2-G3", "1APIC-2", "C"),
                       *members("1APIC-2-G4", "1APIC-2", "D")])


def test_conflicts_are_one_row_per_resource_day_and_slot_with_the_classes_in_code_order():
    found = logic.conflicts(TIMETABLE, GROUPS)[logic.CONFLICT_COLUMNS]
    assert found.to_csv(index=False) == (
        "school_code,day,slot,resource_kind,resource,classes\n"
        "22222B,mon,1,teacher,T1,1APIC-1;1APIC-2\n"
        "22222B,tue,2,room,R1,1APIC-1;1APIC-2\n"
        "22222B,wed,3,class,1APIC-1,1APIC-1;1APIC-1-G1\n"
        "22222B,thu,4,class,1APIC-2,1APIC-2-G1;1APIC-2-G2\n")


def test_a_conflict_free_week_has_no_conflict():
    free = TIMETABLE[TIMETABLE["day"].isin(["fri", "sat"])]
    assert logic.conflicts(free, GROUPS).empty


def test_a_class_short_of_hours_in_a_subject_is_reported_with_what_is_missing():
    week = pd.DataFrame([slot("1APIC-1", day, n, "T1", "R1") for day, n in
                         (("mon", 1), ("tue", 1), ("wed", 1), ("thu", 1))]  # 4 h of mathematics
                        + [slot("1APIC-1", "mon", 2, "T2", "R1", subject="0010") for _ in range(1)]
                        + [slot("1APIC-1", "tue", 2, "T2", "R1", subject="0010")]
                        # physics split in two groups: G1 2 h, G2 1 h -> 1 h for every pupil of the class
                        + [slot("1APIC-1", "fri", 1, "T3", "LAB", "1APIC-1-G1", "0070"),
                           slot("1APIC-1", "fri", 2, "T3", "LAB", "1APIC-1-G1", "0070"),
                           slot("1APIC-1", "fri", 3, "T3", "LAB", "1APIC-1-G2", "0070")])
    classes = pd.DataFrame([{"year": Y, "school_code": S, "class_code": "1APIC-1", "level_code": "1AC"}])
    required = pd.DataFrame([{"year": Y, "level_code": "1AC", "subject_code": code, "hours": hours, "confirmed": False}
                             for code, hours in (("0030", 5), ("0010", 2), ("0070", 1), ("0080", 2))])
    found = logic.hours_against_required(week, classes, required).set_index("subject_code")
    assert found["hours"].to_dict() == {"0010": 2, "0030": 4, "0070": 1, "0080": 0}
    assert found.loc[found["short"], "missing"].to_dict() == {"0030": 1.0, "0080": 2.0}


def absent(code: str, date: str, *slots: int, justified: bool = False) -> list[dict]:
    return [{"massar_code": code, "absent_on": pd.Timestamp(date), "slot": s, "justified": justified} for s in slots]


def test_three_slots_one_day_and_one_another_are_two_absence_days_and_four_hours():
    slots = pd.DataFrame(absent("A000000003", "2025-10-06", 1, 2, 3) + absent("A000000003", "2025-10-08", 5))
    days = logic.absence_days(slots)
    assert days.to_dict("records") == [
        {"massar_code": "A000000003", "absent_on": pd.Timestamp("2025-10-06"), "slots": 3, "justified": False},
        {"massar_code": "A000000003", "absent_on": pd.Timestamp("2025-10-08"), "slots": 1, "justified": False}]
    assert days["slots"].sum() == 4


def test_a_day_is_justified_only_when_every_absent_slot_is():
    slots = pd.DataFrame(absent("A000000003", "2025-10-06", 1, justified=True) + absent("A000000003", "2025-10-06", 2)
                         + absent("A000000003", "2025-10-07", 1, 2, justified=True))
    assert logic.absence_days(slots)["justified"].tolist() == [False, True]


PUPILS = pd.DataFrame([{"massar_code": "A000000001", "school_code": "11111A", "guardian_cin": "CD123456"},
                       {"massar_code": "A000000003", "school_code": S, "guardian_cin": None}])
# Week of Monday 6 October 2025: A000000001 3 unjustified hours (and 2 justified); A000000003 4 unjustified hours
# over two days. The week after, A000000003 has 3 (weeks are not added up).
WEEK = pd.DataFrame(absent("A000000001", "2025-10-06", 1, 2) + absent("A000000001", "2025-10-11", 4)
                    + absent("A000000001", "2025-10-07", 1, 2, justified=True)
                    + absent("A000000003", "2025-10-07", 1, 2, 3) + absent("A000000003", "2025-10-09", 8)
                    + absent("A000000003", "2025-10-13", 1, 2, 3))


def notices(threshold: int) -> pd.DataFrame:
    return logic.notices(WEEK, PUPILS, threshold, "{massar_code}: {hours} h ({dates})", "{massar_code}: {hours} س")


def test_a_notice_goes_when_unjustified_hours_of_a_week_reach_the_threshold_of_four():
    sent = notices(4)
    assert sent.to_dict("records") == [{
        "school_code": S, "massar_code": "A000000003", "guardian_cin": "", "week_start": "2025-10-06", "hours": 4,
        "dates": "2025-10-07;2025-10-09", "message_ar": "A000000003: 4 س",
        "message_fr": "A000000003: 4 h (2025-10-07;2025-10-09)"}]


def test_at_a_threshold_of_three_the_three_hour_weeks_get_a_notice_too():
    sent = notices(3)
    assert sent[["massar_code", "week_start", "hours", "dates"]].values.tolist() == [
        ["A000000001", "2025-10-06", 3, "2025-10-06;2025-10-11"],
        ["A000000003", "2025-10-06", 4, "2025-10-07;2025-10-09"],
        ["A000000003", "2025-10-13", 3, "2025-10-13"]]
    assert list(sent.columns) == logic.NOTICE_COLUMNS


def test_marks_progress_counts_marks_and_justified_absences_over_four_assessments_per_pupil():
    pupils = pd.DataFrame([{"year": Y, "school_code": S, "class_code": "1APIC-1", "massar_code": c}
                           for c in ("A", "B")])
    taught = pd.DataFrame([{"year": Y, "school_code": S, "class_code": "1APIC-1", "subject_code": s}
                           for s in ("0030", "0010")])
    marks = pd.DataFrame([{"year": Y, "massar_code": c, "semester": 1, "subject_code": "0030", "test": t,
                           "mark": None if (c, t) == ("B", "2") else 12.0, "absent_justified": (c, t) == ("B", "2")}
                          for c in ("A", "B") for t in ("1", "2", "3")]
                         + [{"year": Y, "massar_code": "A", "semester": 2, "subject_code": "0010", "test": "1",
                             "mark": 9.0, "absent_justified": False}])
    progress = logic.marks_progress(marks, pupils, taught, 1).set_index("subject_code")
    assert progress[["pupils", "expected", "entered", "entered_pct"]].to_dict("index") == {
        "0010": {"pupils": 2, "expected": 8, "entered": 0, "entered_pct": 0.0},
        "0030": {"pupils": 2, "expected": 8, "entered": 6, "entered_pct": 75.0}}
