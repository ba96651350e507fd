"""Fixtures of the partner-exchange tests: the hand-built map with its pupils, guardians and both partners' lists."""

import pytest
from conftest import hand_built, importing
from massar_files import write_csv


@pytest.fixture
def partner_ready(request, school_map) -> str:
    from programmes.partner_exchange.handbuilt import (
        LAST_YEAR_PUPILS,
        PARTNER_GUARDIANS,
        PARTNER_PUPILS,
        REQUESTS,
    )

    return hand_built(request, "partner_ready", "school_map", importing(*(
        (kind, write_csv, rows, f"partner-{number}-{kind}.csv")
        for number, (kind, rows) in enumerate((("massar-pupils", PARTNER_PUPILS), ("massar-pupils", LAST_YEAR_PUPILS),
                                               ("guardians", PARTNER_GUARDIANS), ("partner-requests", REQUESTS))))))
