"""Fixtures of the recruitment tests: the hand-built map with dropouts of three years, centres and learners."""

import pytest
from conftest import hand_built, importing
from massar_files import write_csv


@pytest.fixture
def recruitment_ready(request, school_map) -> str:
    from programmes.e2c_recruitment.handbuilt import CENTRES, LEARNERS, THIS_YEAR, TWO_YEARS_BEFORE, YEAR_BEFORE

    return hand_built(request, "recruitment_ready", "school_map", importing(*(
        (kind, write_csv, rows, f"recruitment-{number}-{kind}.csv")
        for number, (kind, rows) in enumerate((("massar-pupils", TWO_YEARS_BEFORE), ("massar-pupils", YEAR_BEFORE),
                                               ("massar-pupils", THIS_YEAR), ("e2c-centres", CENTRES),
                                               ("e2c-learners", LEARNERS))))))
