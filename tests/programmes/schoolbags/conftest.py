"""Fixtures of the schoolbags tests: the hand-built map with the programme's data imported."""

import pytest

from conftest import YEAR
from handbuilt import run
from massar_files import write_csv


@pytest.fixture
def kit_ready(enrolled, tmp_path) -> str:
    """The hand-built map with a kit, returned books and one excluded pupil (see handbuilt.py)."""
    from programmes.schoolbags.handbuilt import KIT_COMPOSITION, KIT_ITEMS, MORE_PUPILS, RETURNED_BOOKS

    for kind, rows in (("massar-pupils", MORE_PUPILS), ("kit-items", KIT_ITEMS),
                       ("kit-composition", KIT_COMPOSITION), ("returned-books", RETURNED_BOOKS)):
        result = run(enrolled, "import", kind, write_csv(tmp_path / f"{kind}.csv", rows))
        assert result.exit_code == 0, result.output
    result = run(enrolled, "schoolbags", "exclude", "--year", YEAR, "B100000003")
    assert result.exit_code == 0, result.output
    return enrolled
