"""Fixtures of the tayssir tests: the hand-built map with the programme's data imported."""

import pytest

from handbuilt import run
from massar_files import write_csv


@pytest.fixture
def tayssir_ready(enrolled, tmp_path) -> str:
    """The hand-built map with Tayssir households, absences around the limits and a household of five."""
    from programmes.tayssir.handbuilt import TAYSSIR_ABSENCES, TAYSSIR_ENROLMENTS, TAYSSIR_PUPILS

    for kind, rows in (("massar-pupils", TAYSSIR_PUPILS), ("tayssir-enrolments", TAYSSIR_ENROLMENTS),
                       ("absences", TAYSSIR_ABSENCES)):
        result = run(enrolled, "import", kind, write_csv(tmp_path / f"tayssir-{kind}.csv", rows))
        assert result.exit_code == 0, result.output
    return enrolled
