import pytest

from workbench.codes import CIN, MASSAR_CODE, SCHOOL_CODE, level_from_class, normalise_year, year_bounds

LEVELS = {"1AP", "2AP", "3AP", "4AP", "5AP", "6AP", "1AC", "2AC", "3AC", "TC", "1BAC", "2BAC"}


@pytest.mark.parametrize("text, expected", [
    ("2023/2024", "2023-2024"), ("2023-2024", "2023-2024"), (" 2023 / 2024 ", "2023-2024"),
    ("2023-2025", None), ("23/24", None), ("", None),
])
def test_school_years_are_normalised(text, expected):
    assert normalise_year(text) == expected


def test_a_school_year_runs_from_september_to_june():
    starts, ends = year_bounds("2025-2026")
    assert (starts.isoformat(), ends.isoformat()) == ("2025-09-01", "2026-06-30")


@pytest.mark.parametrize("class_code, level", [
    ("1APG-2", "1AP"), ("6APG-1", "6AP"), ("1APIC-2", "1AC"), ("1ASCG-1", "1AC"), ("3ASC-4", "3AC"),
    ("TCS-3", "TC"), ("2BACSE-1", "2BAC"), ("1AC-3", "1AC"), ("tcsf-2", "TC"), ("9XX-1", None), ("7APG-1", None),
])
def test_massar_class_prefixes_map_to_levels(class_code, level):
    assert level_from_class(class_code, LEVELS) == level


@pytest.mark.parametrize("pattern, good, bad", [
    (MASSAR_CODE, ["D130123456", "A000000001"], ["D13012345", "d130123456", "DD30123456", "1301234567"]),
    (SCHOOL_CODE, ["12472K", "00001A"], ["2778Y", "27783y", "277830", "A27783"]),
    (CIN, ["CD123456", "A1", "BE12"], ["CDE12345", "C1234567", "12345", "cd1234"]),
])
def test_code_formats(pattern, good, bad):
    assert all(pattern.match(code) for code in good)
    assert not any(pattern.match(code) for code in bad)
