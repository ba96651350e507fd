"""Fixtures of the partner-exchange tests: the hand-built map with its pupils, guardians and both partners' lists."""

import pytest

from handbuilt import run
from massar_files import write_csv


@pytest.fixture
def partner_ready(school_map, tmp_path) -> str:
    from programmes.partner_exchange.handbuilt import (
        LAST_YEAR_PUPILS,
        PARTNER_GUARDIANS,
        PARTNER_PUPILS,
        REQUESTS,
    )

    for kind, rows in (("massar-pupils", PARTNER_PUPILS), ("massar-pupils", LAST_YEAR_PUPILS),
                       ("guardians", PARTNER_GUARDIANS), ("partner-requests", REQUESTS)):
        result = run(school_map, "import", kind, write_csv(tmp_path / f"partner-{kind}.csv", rows))
        assert result.exit_code == 0, result.output
    return school_map
