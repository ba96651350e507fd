"""The rules of rules.md "Report cards" on hand-built frames (no database)."""

import pandas as pd

from workbench.programmes.report_cards import logic

YEAR = "2025-2026"


def _marks(*rows) -> pd.DataFrame:
    """(pupil, subject, test, mark or None, justified absence)"""
    return pd.DataFrame([{"year": YEAR, "massar_code": p, "semester": 1, "subject_code": s, "test": t,
                          "mark": float("nan") if m is None else m, "absent_justified": a} for p, s, t, m, a in rows])


def _pupils(*codes, level="1AC", cls="1AC-1") -> pd.DataFrame:
    return pd.DataFrame({"year": YEAR, "massar_code": list(codes), "school_code": "11111A", "class_code": cls,
                         "level_code": level})


NO_COEFFICIENTS = pd.DataFrame(columns=["level_code", "subject_code", "coefficient"])


def _cards(marks, pupils, coefficients=NO_COEFFICIENTS) -> pd.DataFrame:
    return logic.as_csv(logic.report_cards(marks, pupils, coefficients, 1))


def test_a_subject_average_leaves_out_a_justified_absence_and_counts_activities():
    marks = _marks(("P1", "0010", "1", 10.0, False), ("P1", "0010", "2", None, True), ("P1", "0010", "3", 14.0, False),
                   ("P1", "0010", "activities", 18.0, False))
    assert _cards(marks, _pupils("P1"))[["average", "semester_average", "rank"]].values.tolist() == [
        ["14.00", "14.00", 1]]


def test_no_mark_present_no_row_and_no_rank():
    marks = _marks(("P1", "0010", "1", None, True), ("P2", "0010", "1", 9.0, False), ("P2", "0020", "1", None, True))
    cards = _cards(marks, _pupils("P1", "P2"))
    assert cards[["massar_code", "subject_code", "rank"]].values.tolist() == [["P2", "0010", 1]]


def test_a_subject_missing_from_the_coefficients_weighs_1():
    marks = _marks(("P1", "0010", "1", 10.0, False), ("P1", "0030", "1", 16.0, False))
    coefficients = pd.DataFrame({"level_code": ["1AC", "2AC"], "subject_code": ["0030", "0010"],
                                 "coefficient": [2.0, 5.0]})
    cards = _cards(marks, _pupils("P1"), coefficients)
    assert cards["coefficient"].tolist() == ["1", "2"]  # 2AC's coefficient is not 1AC's
    assert cards["semester_average"].tolist() == ["14.00", "14.00"]  # (10 + 2 * 16) / 3


def test_half_away_from_zero_at_the_third_decimal():
    # 12.345 is 12.3449999... as a binary float: rounded as written, it is 12.35; so is 1.005 -> 1.01, 0.125 -> 0.13
    marks = _marks(("P1", "0010", "1", 12.345, False), ("P2", "0010", "1", 1.005, False),
                   ("P3", "0010", "1", 0.125, False), ("P4", "0010", "1", 10.0, False),
                   ("P4", "0010", "2", 10.0, False), ("P4", "0010", "3", 11.0, False))  # 31 / 3 = 10.333... -> 10.33
    cards = _cards(marks, _pupils("P1", "P2", "P3", "P4")).set_index("massar_code")
    assert cards["average"].to_dict() == {"P1": "12.35", "P2": "1.01", "P3": "0.13", "P4": "10.33"}


def test_a_weighted_semester_average_is_rounded_from_its_exact_value():
    # (12.345 * 1 + 14 * 3) / 4 = 13.58625 -> 13.59; an exact .xx5 of the weighted mean goes up: (10.01 + 10.02)/2
    marks = _marks(("P1", "0010", "1", 12.0, False), ("P1", "0010", "2", 12.69, False),
                   ("P1", "0030", "1", 14.0, False),
                   ("P2", "0010", "1", 10.01, False), ("P2", "0020", "1", 10.02, False))
    coefficients = pd.DataFrame({"level_code": ["1AC"], "subject_code": ["0030"], "coefficient": [3.0]})
    cards = _cards(marks, _pupils("P1", "P2"), coefficients).drop_duplicates("massar_code").set_index("massar_code")
    assert cards["semester_average"].to_dict() == {"P1": "13.59", "P2": "10.02"}  # 10.015 -> 10.02


def test_ranks_share_a_place_on_the_rounded_values_and_the_next_skips():
    marks = _marks(("A", "0010", "1", 15.0, False),
                   ("B", "0010", "1", 12.0, False), ("B", "0010", "2", 12.69, False),  # 12.345 -> 12.35
                   ("C", "0010", "1", 12.35, False), ("D", "0010", "1", 12.34, False),
                   ("E", "0010", "1", 18.0, False))
    pupils = pd.concat([_pupils("A", "B", "C", "D"), _pupils("E", cls="1AC-2")])
    cards = _cards(marks, pupils).set_index("massar_code")
    assert cards["rank"].to_dict() == {"A": 1, "B": 2, "C": 2, "D": 4, "E": 1}  # E ranks in its own class


def test_the_file_is_sorted_and_repeats_the_pupils_average_and_rank():
    marks = _marks(("P2", "0020", "1", 8.0, False), ("P2", "0010", "1", 12.0, False), ("P1", "0010", "1", 9.0, False))
    cards = _cards(marks, _pupils("P1", "P2"))
    assert list(cards.columns) == logic.COLUMNS
    assert cards[["massar_code", "subject_code", "semester_average", "rank"]].values.tolist() == [
        ["P1", "0010", "9.00", 2], ["P2", "0010", "10.00", 1], ["P2", "0020", "10.00", 1]]


def test_marks_of_another_semester_or_outside_the_pupils_class_are_not_counted():
    marks = pd.concat([_marks(("P1", "0010", "1", 10.0, False)),
                       _marks(("P1", "0010", "2", 20.0, False)).assign(semester=2),
                       _marks(("P9", "0010", "1", 20.0, False))])  # not one of the pupils
    cards = _cards(marks, _pupils("P1"))
    assert cards[["massar_code", "average"]].values.tolist() == [["P1", "10.00"]]
