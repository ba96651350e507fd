"""Matching keys as integers gives exactly Arrow's text answer, and falls back to text whenever it cannot."""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from workbench import keys


def massar_codes(count: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    letters = rng.integers(ord("A"), ord("Z") + 1, count)
    return [f"{chr(letter)}{number:09d}" for letter, number in zip(letters, rng.integers(0, 10**9, count))]


def test_massar_codes_are_matched_as_integers_with_the_text_answer():
    among = massar_codes(5_000, 1)
    wanted = massar_codes(2_000, 2) + among[::3]
    found = keys.positions(pa.chunked_array([wanted[:700], wanted[700:]]), pa.array(among))
    assert keys._packed(pa.array(wanted)) is not None
    assert found.equals(pc.index_in(pa.array(wanted), value_set=pa.array(among)).cast(found.type))
    assert found.null_count == 2_000  # the random codes are not among the known ones, the others all are


def test_two_codes_differing_in_one_character_stay_apart():
    found = keys.positions(pa.array(["A000000001", "B000000001", "A000000010"]),
                           pa.array(["A000000010", "A000000001"]))
    assert found.to_pylist() == [1, None, 0]


@pytest.mark.parametrize("among", [
    ["AB12", "AB1", "ZZ9"],  # widths differ
    ["ab12", "AB12", "ZZ99"],  # small letters
    ["AB12", None, "ZZ99"],  # a null
    ["AB12", "AB12", "ZZ99"],  # a key twice: the first is found
    ["Ø123", "AB12", "ZZ99"],  # not ASCII
])
def test_keys_that_cannot_be_packed_are_matched_as_text(among):
    wanted = pa.array(["AB12", "ZZ99", "ab12", "QQ00"])
    expected = pc.index_in(wanted, value_set=pa.array(among, type=pa.string()))
    assert keys.positions(wanted, pa.array(among, type=pa.string())).cast(pa.int64()).to_pylist() == \
        expected.cast(pa.int64()).to_pylist()
