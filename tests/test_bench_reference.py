"""The agreement checker of `make bench`'s DuckDB-on-Parquet reference (benchmarks/parquet_reference.py): it must
see every kind of disagreement, and only those."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SOURCE = Path(__file__).parents[1] / "benchmarks" / "parquet_reference.py"


@pytest.fixture(scope="module")
def reference():
    spec = importlib.util.spec_from_file_location("parquet_reference", SOURCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "province_code,grant_type,massar_code,score,rank,decision\n"
LIST = HEADER + "0101,canteen,A1,86.0,1,granted\n0101,canteen,A2,79.05,2,waiting_list\n0101,canteen,A3,,,ineligible\n"


def test_same_rows_in_another_order_and_spelling_agree(reference, tmp_path):
    ours = write(tmp_path / "ours.csv", LIST)
    theirs = write(tmp_path / "theirs.csv",
                   HEADER + "0101,canteen,A3,,,ineligible\n0101,canteen,A2,79.05,2,waiting_list\n"
                   "0101,canteen,A1,86,1,granted\n")
    assert reference.compare(ours, theirs) == []


def test_a_different_sum_is_named_with_its_column(reference, tmp_path):
    ours = write(tmp_path / "ours.csv", LIST)
    theirs = write(tmp_path / "theirs.csv", LIST.replace("79.05", "79.06"))
    assert reference.compare(ours, theirs) == ["ours.csv: sum of score 165.05 != 165.06"]


def test_a_different_text_value_is_found_in_the_sorted_rows(reference, tmp_path):
    ours = write(tmp_path / "ours.csv", LIST)
    theirs = write(tmp_path / "theirs.csv", LIST.replace("waiting_list", "not_granted"))
    assert reference.compare(ours, theirs) == ["ours.csv: 1 sorted rows differ (columns decision)"]


def test_missing_rows_and_other_columns_are_reported(reference, tmp_path):
    ours = write(tmp_path / "ours.csv", LIST)
    shorter = write(tmp_path / "shorter.csv", LIST.rsplit("0101,canteen,A3", 1)[0])
    assert reference.compare(ours, shorter)[0] == "ours.csv: 3 rows != 2"
    renamed = write(tmp_path / "renamed.csv", LIST.replace("decision", "outcome"))
    assert "columns" in reference.compare(ours, renamed)[0]
