"""Fixtures of the tayssir tests: the hand-built map with the programme's data imported."""

import pytest
from conftest import hand_built, importing
from massar_files import write_csv


@pytest.fixture
def tayssir_ready(request, enrolled) -> str:
    """The hand-built map with Tayssir households, absences around the limits and a household of five; every
    class's absence sheets entered."""
    from programmes.tayssir.handbuilt import TAYSSIR_ABSENCES, TAYSSIR_ENROLMENTS, TAYSSIR_PUPILS, TAYSSIR_SHEETS

    return hand_built(request, "tayssir_ready", "enrolled", importing(*(
        (kind, write_csv, rows, f"tayssir-{kind}.csv")
        for kind, rows in (("massar-pupils", TAYSSIR_PUPILS), ("tayssir-enrolments", TAYSSIR_ENROLMENTS),
                           ("absences", TAYSSIR_ABSENCES), ("absence-sheets", TAYSSIR_SHEETS)))))
