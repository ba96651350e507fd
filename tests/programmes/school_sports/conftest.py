"""Fixtures of school sports' tests: the hand-built map, its pupils and four more, then the competitions, teams and
results imported through the CLI (programmes/school_sports/handbuilt.py says every figure)."""

import pytest
from conftest import hand_built, importing
from massar_files import write_csv, write_xlsx


@pytest.fixture
def pupils(request, school_map) -> str:
    from programmes.school_sports.handbuilt import ALL_PUPILS

    return hand_built(request, "school_sports_pupils", "school_map", importing(
        ("massar-pupils", lambda path, rows: write_csv(path, rows, sep=";", bom=True), ALL_PUPILS, "pupils.csv")))


@pytest.fixture
def sports(request, pupils) -> str:
    from programmes.school_sports.handbuilt import COMPETITIONS, RESULTS, TEAMS

    return hand_built(request, "school_sports_results", "school_sports_pupils", importing(
        ("sports-competitions", write_csv, COMPETITIONS, "competitions.csv"),
        ("sports-teams", write_xlsx, TEAMS, "teams.xlsx"),
        ("sports-results", write_csv, RESULTS, "results.csv")))
