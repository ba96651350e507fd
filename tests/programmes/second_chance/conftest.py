"""Fixtures of the second-chance tests: the hand-built map with its pupils, then the centres, learners, staff and
plan of handbuilt.py imported through the CLI."""

import pytest
from conftest import hand_built, importing
from massar_files import write_csv, write_xlsx


@pytest.fixture
def e2c_ready(request, enrolled) -> str:
    from programmes.second_chance.handbuilt import CENTRES, LEARNERS, PLAN, STAFF

    return hand_built(request, "e2c_ready", "enrolled", importing(
        ("e2c-centres", write_xlsx, CENTRES, "e2c-centres.xlsx"),
        ("e2c-learners", write_csv, LEARNERS, "e2c-learners.csv"),
        ("e2c-staff", write_csv, STAFF, "e2c-staff.csv"), ("e2c-plan", write_csv, PLAN, "e2c-plan.csv")))
