"""Fixtures of the second-chance tests: the hand-built map with its pupils, then the centres, learners, staff and
plan of handbuilt.py imported through the CLI."""

import pytest

from handbuilt import run
from massar_files import write_csv, write_xlsx


@pytest.fixture
def e2c_ready(enrolled, tmp_path) -> str:
    from programmes.second_chance.handbuilt import CENTRES, LEARNERS, PLAN, STAFF

    for kind, rows, write in (("e2c-centres", CENTRES, write_xlsx), ("e2c-learners", LEARNERS, write_csv),
                              ("e2c-staff", STAFF, write_csv), ("e2c-plan", PLAN, write_csv)):
        result = run(enrolled, "import", kind, write(tmp_path / f"{kind}.{'xlsx' if write is write_xlsx else 'csv'}",
                                                     rows))
        assert result.exit_code == 0, result.output
    return enrolled
