"""Fixtures of the school-life tests: the hand-built map with its pupils, then rooms, teachers, a group and a
timetable imported through the CLI."""

import pytest
from conftest import hand_built, importing
from massar_files import write_csv, write_xlsx


@pytest.fixture
def structured(request, enrolled) -> str:
    from programmes.school_life.handbuilt import GROUPS, ROOMS, TEACHERS, TIMETABLE

    return hand_built(request, "structured", "enrolled", importing(
        ("rooms", write_xlsx, ROOMS, "rooms.xlsx"), ("teachers", write_csv, TEACHERS, "teachers.csv"),
        ("groups", write_csv, GROUPS, "groups.csv"), ("timetable", write_csv, TIMETABLE, "timetable.csv")))
