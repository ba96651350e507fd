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


@pytest.fixture
def issued(tiny_demo_url, monkeypatch):
    """The portal's fixture (tests/programmes/portal/conftest.py): the tiny demo with codes issued for a class of the
    demo director's school, letters carrying the portal's public address."""
    from programmes.portal.conftest import PUBLIC_PORTAL, issue_demo_codes

    monkeypatch.setenv("WORKBENCH_PORTAL_URL", PUBLIC_PORTAL)
    found = issue_demo_codes(tiny_demo_url)
    yield found
    found.engine.dispose()
