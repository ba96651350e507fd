"""Fixtures of the report cards' tests: the hand-built map, its pupils and four more, their marks, the coefficients
and exam marks imported through the CLI (programmes/report_cards/handbuilt.py says every figure)."""

import pytest
from conftest import hand_built, importing
from massar_files import write_csv


@pytest.fixture
def marked(request, school_map) -> str:
    from programmes.report_cards.handbuilt import ALL_PUPILS, COEFFICIENTS, EXAMS, MARKS

    return hand_built(request, "report_cards_marked", "school_map", importing(
        ("massar-pupils", lambda path, rows: write_csv(path, rows, sep=";", bom=True), ALL_PUPILS, "pupils.csv"),
        ("marks", write_csv, MARKS, "marks.csv"),
        ("subject-coefficients", write_csv, COEFFICIENTS, "coefficients.csv"),
        ("exam-marks", write_csv, EXAMS, "exams.csv")))
