"""Fixtures of the school-life tests: the hand-built map with its pupils, then rooms, teachers, a group and a
timetable imported through the CLI."""

import pytest

from handbuilt import run
from massar_files import write_csv, write_xlsx


@pytest.fixture
def structured(enrolled, tmp_path) -> str:
    from programmes.school_life.handbuilt import GROUPS, ROOMS, TEACHERS, TIMETABLE

    for kind, rows, write in (("rooms", ROOMS, write_xlsx), ("teachers", TEACHERS, write_csv),
                              ("groups", GROUPS, write_csv), ("timetable", TIMETABLE, write_csv)):
        path = tmp_path / f"{kind}.{'xlsx' if write is write_xlsx else 'csv'}"
        result = run(enrolled, "import", kind, write(path, rows))
        assert result.exit_code == 0, result.output
    return enrolled
