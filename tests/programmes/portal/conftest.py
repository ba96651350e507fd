"""Fixtures of the portal's tests: the tiny demo with codes issued for a class of the demo director's school."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pytest

from workbench.db import make_engine
from workbench.programmes.portal import codes, demo

YEAR = "2025-2026"


@dataclass
class Issued:
    url: str
    engine: object
    school: str
    class_code: str
    codes: pd.DataFrame
    letters: pd.DataFrame

    def guardian(self, rank: int = 0, siblings: bool = True) -> pd.Series:
        """A guardian's line of portal_codes.csv (with two children or more when `siblings`)."""
        found = self.codes[self.codes["holder_kind"] == "guardian"]
        if siblings:
            found = found[found["massar_codes"].str.contains(";")]
        return found.iloc[rank]

    def pupil(self, massar_code: str) -> pd.Series:
        return self.codes[(self.codes["holder_kind"] == "pupil") & (self.codes["identifier"] == massar_code)].iloc[0]


PUBLIC_PORTAL = "https://eservices.example.ma/eservices"


@pytest.fixture(autouse=True)
def public_portal_address(monkeypatch):
    """Letters meant for families carry the portal's public address (issue-codes refuses this machine's)."""
    monkeypatch.setenv("WORKBENCH_PORTAL_URL", PUBLIC_PORTAL)


def issue_demo_codes(url: str) -> Issued:
    engine = make_engine(url)
    school, class_code = demo.demo_class(engine, YEAR)
    issued = codes.issue_codes(engine, school, YEAR, class_code)
    return Issued(url, engine, school, class_code, issued.codes, issued.letters)


@pytest.fixture
def issued(tiny_demo_url) -> Issued:
    found = issue_demo_codes(tiny_demo_url)
    yield found
    found.engine.dispose()
