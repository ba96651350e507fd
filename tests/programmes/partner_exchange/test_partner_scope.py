"""Issue 31, findings 6 and 7: a region officer neither replaces a request received nationally or by another region,
nor learns anything of a child schooled outside their region (answers, desk candidates, decisions). On SQLite and
PostgreSQL."""

from __future__ import annotations

import pandas as pd
import pytest
from handbuilt import run
from massar_files import write_csv
from sqlalchemy import select

from programmes.partner_exchange.handbuilt import REQUESTS, YEAR
from workbench.access import acting_as
from workbench.access.users import add_user, load_actor
from workbench.db import make_engine
from workbench.exceptions import InputError
from workbench.programmes.partner_exchange.models import PartnerRequest


def _user(engine, name: str, role: str, **scope):
    add_user(engine, name, "a-long-enough-password", role, **scope)
    return load_actor(engine, name)


def _stored(engine) -> pd.DataFrame:
    with engine.connect() as connection:
        return pd.read_sql(select(PartnerRequest).order_by(PartnerRequest.partner, PartnerRequest.request_id),
                           connection)


def test_a_region_cannot_replace_a_national_request_or_another_regions(partner_ready, tmp_path):
    engine = make_engine(partner_ready)
    _user(engine, "aref03", "region_officer", region="03")
    _user(engine, "aref02", "region_officer", region="02")
    before = _stored(engine)
    national = {**REQUESTS[0], "child_last_name": "Autre", "massar_code": "P000000002"}  # CNSS R1, national
    result = run(partner_ready, "--user", "aref03", "import", "partner-requests",
                 write_csv(tmp_path / "over.csv", [{**REQUESTS[1], "request_id": "F1"}, national]))
    assert result.exit_code == 2, result.output
    assert "ligne 3" in result.output and "request_id" in result.output and "« R1 »" in result.output
    assert "hors de votre périmètre" in result.output and "rien n'a été écrit" in result.output
    pd.testing.assert_frame_equal(_stored(engine), before)  # nothing written, F1 neither

    oriental = write_csv(tmp_path / "oriental.csv", [{**REQUESTS[6], "request_id": "O1"}])
    assert run(partner_ready, "--user", "aref02", "import", "partner-requests", oriental).exit_code == 0
    taken = write_csv(tmp_path / "taken.csv", [{**REQUESTS[6], "request_id": "O1", "child_first_name": "Ali"}])
    result = run(partner_ready, "--user", "aref03", "import", "partner-requests", taken)
    assert result.exit_code == 2 and "« O1 »" in result.output and "hors de votre périmètre" in result.output
    stored = _stored(engine).set_index("request_id")
    assert stored.loc["O1", ["child_first_name", "region_code"]].tolist() == ["Mohamed", "02"]
    # its own list, imported again, is the region's to replace
    assert run(partner_ready, "--user", "aref02", "import", "partner-requests", taken).exit_code == 0
    assert _stored(engine).set_index("request_id").loc["O1", "child_first_name"] == "Ali"
    engine.dispose()


def test_a_region_is_answered_only_about_its_own_pupils(partner_ready, tmp_path):
    from workbench.programmes.partner_exchange.answers import compute
    from workbench.programmes.partner_exchange.review import decide, request_candidates
    from workbench.scope import Scope

    engine = make_engine(partner_ready)
    fes = _user(engine, "aref03", "region_officer", region="03")
    oriental = _user(engine, "aref02", "region_officer", region="02")  # schools none of the hand-built pupils
    made_up = [{**REQUESTS[0], "request_id": "X1"},  # a known code (Fès-Meknès pupil P000000001)
               {**REQUESTS[4], "request_id": "X2"},  # names and birth date of P000000005
               {**REQUESTS[1], "request_id": "X3"},  # guardian CD100's child, P000000002
               {**REQUESTS[7], "request_id": "X4"}]  # two namesakes in Fès-Meknès
    assert run(partner_ready, "--user", "aref02", "import", "partner-requests",
               write_csv(tmp_path / "made-up.csv", made_up)).exit_code == 0
    with engine.connect() as connection:
        answers = compute(connection, oriental.scope, YEAR).answers.set_index("request_id")
        national = compute(connection, Scope(), YEAR).answers.set_index(["partner", "request_id"])
    assert sorted(answers.index) == ["X1", "X2", "X3", "X4"]  # its own list only, no national request
    assert set(answers["status"]) == {"not_found"}
    for column in ("massar_code", "school_code", "level_code", "province_code", "region_code"):
        assert answers[column].isna().all(), column
    with engine.connect() as connection:  # the review desk proposes none of the country's children
        asked = answers.loc["X2"].rename({"given_code": "massar_code"})
        assert request_candidates(connection, asked, oriental.scope).empty
        assert not request_candidates(connection, asked, Scope()).empty
    # the administrator's national run answers the same requests
    assert national.loc[("CNSS", "X1"), "massar_code"] == "P000000001"
    assert national.loc[("CNSS", "X2"), "massar_code"] == "P000000005"
    with acting_as(oriental), pytest.raises(InputError, match="Code Massar inconnu"):
        decide(engine, YEAR, "CNSS", "X2", "P000000005", "acte de naissance")
    # a region still answers about its own pupils, and sees no national list
    assert run(partner_ready, "--user", "aref03", "import", "partner-requests",
               write_csv(tmp_path / "fes.csv", [{**REQUESTS[0], "request_id": "F1"}])).exit_code == 0
    with engine.connect() as connection:
        mine = compute(connection, fes.scope, YEAR).answers
    assert mine[["request_id", "status", "massar_code", "school_code"]].values.tolist() == [
        ["F1", "enrolled", "P000000001", "22222B"]]
    engine.dispose()
