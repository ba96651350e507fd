"""Lines whose pupils and households are categories stay so when joined, and are looked up by number."""

import numpy as np
import pandas as pd

from workbench.programmes.tayssir.numbering import among, concat, constant, positions
from workbench.programmes.tayssir.periods import LINE_KINDS


def _lines(codes: list[str], categories: list[str]) -> pd.DataFrame:
    """Lines as `logic.pupil_months` gives them: the pupils' codes as categories held as Python text."""
    return pd.DataFrame({"massar_code": pd.Categorical(codes, categories=pd.Index(categories, dtype=object)),
                         "amount_mad": range(len(codes))})


def test_lines_of_a_household_computed_again_join_the_regions_as_categories_of_the_same_codes():
    region = _lines(["A1", "B2", "C3"], ["A1", "B2", "C3"])
    household = _lines(["B2"], ["B2"])
    joined = concat([region, household])
    assert isinstance(joined["massar_code"].dtype, pd.CategoricalDtype)
    assert list(joined["massar_code"].cat.categories) == ["A1", "B2", "C3"]
    assert list(joined["massar_code"]) == ["A1", "B2", "C3", "B2"]
    assert list(joined.columns) == ["massar_code", "amount_mad"] and list(joined["amount_mad"]) == [0, 1, 2, 0]


def test_a_code_the_region_lacks_gives_one_sorted_set_of_categories_and_stored_text_joins_too():
    joined = concat([_lines(["B2", "C3"], ["B2", "C3"]), _lines(["A0"], ["A0"]),
                     pd.DataFrame({"massar_code": ["C3"], "amount_mad": [9]})])
    assert list(joined["massar_code"].cat.categories) == ["A0", "B2", "C3"]
    assert list(joined["massar_code"]) == ["B2", "C3", "A0", "C3"]
    assert list(joined.sort_values("massar_code")["massar_code"]) == ["A0", "B2", "C3", "C3"]


def test_positions_of_categories_and_of_text_are_those_of_get_indexer():
    index = pd.Index(["C3", "A1", "B2"])
    lines = pd.Series(pd.Categorical(["A1", None, "Z9", "C3"], categories=["A1", "C3", "Z9"]))
    assert positions(index, lines).tolist() == [1, -1, -1, 0]
    text = pd.Series(["A1", None, "Z9", "C3"])
    assert np.array_equal(positions(index, text), index.get_indexer(text.astype(object)))


def test_transfers_of_computed_lines_come_in_the_order_of_the_guardians_cin():
    from workbench.programmes.tayssir import logic

    programme = pd.DataFrame({
        "massar_code": ["A1", "A2", "A3"], "guardian_cin": ["ZZ9", "AA1", "MM5"], "monthly_amount_mad": [60.0] * 3,
        "max_absences_per_month": [4] * 3, "left_on": [None] * 3, "enrolled_on": ["2025-09-01"] * 3,
        "ramed_or_rsu": [True] * 3, "targeted": [True] * 3})
    months = logic.pupil_months(programme, pd.DataFrame(columns=["massar_code", "month", "absence_days"]),
                                [pd.Timestamp("2025-09-01").date()], 3)
    transfers = logic.household_transfers(months.assign(kind=constant("regular", LINE_KINDS)), "P1")
    assert list(transfers["guardian_cin"]) == ["AA1", "MM5", "ZZ9"]


def test_categories_a_part_holds_but_does_not_use_are_not_added():
    region = _lines(["A1", "B2"], ["A1", "B2"])
    elsewhere = _lines([], ["Z9"])  # a household of another province: none of its lines in this one
    joined = concat([region, elsewhere])
    assert list(joined["massar_code"].cat.categories) == ["A1", "B2"]
    assert list(joined["massar_code"]) == ["A1", "B2"]


def test_households_kept_by_number_are_those_isin_keeps():
    guardians = pd.Series(pd.Categorical(["G1", "G2", None, "G3", "G1"]))
    wanted = guardians[[0, 2]]  # the same categories: marked by number, the missing one never matching
    assert wanted.dtype is guardians.dtype
    assert among(guardians, wanted).tolist() == [True, False, False, False, True]
    text = pd.Series(["G3"])
    assert among(guardians, text).tolist() == guardians.isin(text).tolist()


def test_parts_of_the_same_lines_join_under_the_same_categories_object():
    """Periods of one computed year share their pupils' categories: joined by number, the dtype kept as is (pandas
    would compare the categories by hashing every code), missing pupils kept missing."""
    lines = _lines(["A1", "B2", "C3", "A1"], ["A1", "B2", "C3"])
    lines.loc[3, "massar_code"] = None
    joined = concat([lines.iloc[2:], lines.iloc[:2], lines.iloc[3:]])
    assert joined["massar_code"].dtype is lines["massar_code"].dtype
    assert joined["massar_code"].cat.codes.tolist() == [2, -1, 0, 1, -1]
    assert joined["amount_mad"].tolist() == [2, 3, 0, 1, 3] and joined.index.tolist() == list(range(5))
