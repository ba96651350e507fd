"""Fixtures of the grants tests: the hand-built map with the programme's data imported."""

import pytest
from conftest import hand_built, importing
from massar_files import write_csv


@pytest.fixture
def grants_ready(request, enrolled) -> str:
    from programmes.grants.handbuilt import GRANT_APPLICATIONS, GRANT_PUPILS, GRANT_QUOTAS, LYCEE

    return hand_built(request, "grants_ready", "enrolled", importing(*(
        (kind, write_csv, rows, f"grants-{kind}.csv")
        for kind, rows in (("schools", [LYCEE]), ("massar-pupils", GRANT_PUPILS),
                           ("grant-applications", GRANT_APPLICATIONS), ("grant-quotas", GRANT_QUOTAS)))))
