"""Fixtures of the grants tests: the hand-built map with the programme's data imported."""

import pytest

from handbuilt import run
from massar_files import write_csv


@pytest.fixture
def grants_ready(enrolled, tmp_path) -> str:
    from programmes.grants.handbuilt import GRANT_APPLICATIONS, GRANT_PUPILS, GRANT_QUOTAS, LYCEE

    for kind, rows in (("schools", [LYCEE]), ("massar-pupils", GRANT_PUPILS),
                       ("grant-applications", GRANT_APPLICATIONS), ("grant-quotas", GRANT_QUOTAS)):
        result = run(enrolled, "import", kind, write_csv(tmp_path / f"grants-{kind}.csv", rows))
        assert result.exit_code == 0, result.output
    return enrolled
