"""The school's requests desk (the app's state): a director sees their school's requests by state, acts on them,
issues codes (letters and CSV to download at once) and revokes a certificate; others' schools are not theirs."""

from __future__ import annotations

import io

import pandas as pd
from pypdf import PdfReader

from workbench.access.users import list_users
from workbench.programmes.portal import logins, requests
from workbench.programmes.portal.codes import CSV_COLUMNS
from workbench.programmes.portal.desk import RequestsDesk

from .conftest import YEAR


def test_the_desk_acts_issues_codes_and_revokes(issued, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DB_URL", issued.url)
    users = list_users(issued.engine)
    director = users[users["school_code"] == issued.school]["username"].iloc[0]
    guardian = issued.guardian(0)
    holder = logins.holder_of(issued.engine, logins.login(issued.engine, "guardian", guardian["identifier"],
                                                          guardian["code"], "10.5.0.1").token)
    number = requests.submit(issued.engine, holder, holder.pupils[0], "schooling_certificate", YEAR)
    desk = RequestsDesk(user=director, year=YEAR)
    assert desk.schools["school_code"].tolist() == [issued.school]  # a director's desk is their school's
    assert desk.requests()["id"].tolist() == [number] and desk.counts() == {"new": 1}
    assert not desk.act(number, "refuse") and desk.message.startswith("⚠")  # a refusal needs a reason
    assert desk.act(number, "ready") and desk.message.startswith("✓")
    desk.state_shown = "ready"
    assert desk.requests()["id"].tolist() == [number]
    code = desk.certificates()["verification_code"].iloc[0]
    assert desk.revoke(code) and desk.certificates()["revoked_at"].notna().all()
    assert desk.issue(issued.class_code) and desk.issued is not None
    listing = pd.read_csv(desk.codes_csv(), dtype=str, encoding="utf-8-sig")
    assert list(listing.columns) == CSV_COLUMNS and len(listing) == len(issued.codes)
    assert len(PdfReader(io.BytesIO(desk.letters())).pages) == len(listing)
    assert logins.holder_of(issued.engine, logins.login(issued.engine, "guardian", guardian["identifier"],
                                                        guardian["code"], "10.5.0.1").token) is None
