"""Fixtures of the schoolbags tests: the hand-built map with the programme's data imported."""

import pytest
from conftest import YEAR, hand_built, importing
from handbuilt import run
from massar_files import write_csv


@pytest.fixture
def kit_ready(request, enrolled) -> str:
    """The hand-built map with a kit, returned books and one excluded pupil (see handbuilt.py)."""
    from programmes.schoolbags.handbuilt import KIT_COMPOSITION, KIT_ITEMS, MORE_PUPILS, RETURNED_BOOKS

    files = importing(*((kind, write_csv, rows, f"{kind}.csv")
                        for kind, rows in (("massar-pupils", MORE_PUPILS), ("kit-items", KIT_ITEMS),
                                           ("kit-composition", KIT_COMPOSITION), ("returned-books", RETURNED_BOOKS))))

    def build(url, folder) -> None:
        files(url, folder)
        result = run(url, "schoolbags", "exclude", "--year", YEAR, "B100000003")
        assert result.exit_code == 0, result.output

    return hand_built(request, "kit_ready", "enrolled", build)
