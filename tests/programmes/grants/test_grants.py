"""Grants with hand-computed answers (see handbuilt.py), through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from handbuilt import campaign_files, counts, run
from massar_files import write_csv
from words import raw_codes_in, split_figures_in, visible_text_of_report

from programmes.grants.handbuilt import EXPECTED_CANTEEN

YEAR = "2025-2026"


def grant_list(url, tmp_path, *, notebook: bool = False) -> pd.DataFrame:
    """The lists as the campaign writes them: through `workbench run` and its notebook, or by the same functions
    in this process."""
    out = tmp_path / f"grants-{len(list(tmp_path.iterdir()))}"
    if notebook:
        result = run(url, "run", "grant-lists", "--year", YEAR, "--out", out)
        assert result.exit_code == 0, result.output
    else:
        campaign_files(url, "grants", out, year=YEAR)
    frame = pd.read_csv(out / "grant_list.csv", dtype={"province_code": str})
    frame.attrs["out"] = out
    return frame


def rows(frame, grant_type):
    part = frame[(frame["grant_type"] == grant_type) & frame["rank"].notna()].sort_values("rank")
    return [(r.massar_code, r.score, int(r.rank), r.decision) for r in part.itertuples()]


def test_scores_ties_quota_and_waiting_list(grants_ready, tmp_path):
    frame = grant_list(grants_ready, tmp_path)
    assert list(frame.columns) == ["province_code", "grant_type", "massar_code", "score", "rank", "decision"]
    assert rows(frame, "canteen") == EXPECTED_CANTEEN


def test_boarding_capacity_and_ineligible_levels(grants_ready, tmp_path):
    frame = grant_list(grants_ready, tmp_path).set_index(["massar_code", "grant_type"])
    assert frame.loc[("L000000001", "boarding_full"), ["score", "decision"]].tolist() == [98.0, "granted"]
    # 5 places, but the lycée has a single bed
    assert frame.loc[("L000000002", "boarding_full"), ["score", "decision"]].tolist() == [62.67, "not_granted"]
    assert frame.loc[("L000000001", "lower_secondary"), "decision"] == "ineligible"
    assert frame.loc[("A000000001", "canteen"), "decision"] == "ineligible"
    assert pd.isna(frame.loc[("A000000001", "canteen"), "rank"])


def test_one_more_place_moves_the_waiting_list_up(grants_ready, tmp_path):
    quota = [{"year": YEAR, "province_code": "0302", "grant_type": "canteen", "places": 6}]
    assert run(grants_ready, "import", "grant-quotas", write_csv(tmp_path / "q.csv", quota)).exit_code == 0
    decisions = [d for *_, d in rows(grant_list(grants_ready, tmp_path), "canteen")]
    assert decisions == ["granted"] * 6 + ["waiting_list"]  # 20% of 6 places: one waits


def test_appeal_moves_a_pupil_in_and_every_change_shows(grants_ready, tmp_path):
    assert run(grants_ready, "grants", "publish", "--year", YEAR).exit_code == 0
    again = run(grants_ready, "grants", "publish", "--year", YEAR)
    assert again.exit_code == 2 and "déjà publiées" in again.output
    result = run(grants_ready, "grants", "appeal", "--year", YEAR, "--massar", "H000000007", "--type", "canteen",
                 "--set", "distance_km=30", "--reason", "attestation de résidence", "--by", "commission 0302")
    assert result.exit_code == 0 and "Distance (km) : 12.0 → 30.0" in result.output
    frame = grant_list(grants_ready, tmp_path)
    canteen = {code: (rank, decision) for code, _, rank, decision in rows(frame, "canteen")}
    assert canteen["H000000007"] == (2, "granted")  # 10 + 25 + 10 = 45
    assert canteen["H000000005"] == (6, "waiting_list") and canteen["H000000006"] == (7, "not_granted")
    changes = pd.read_csv(frame.attrs["out"] / "grant_changes.csv").set_index("massar_code")
    assert changes.loc["H000000007", ["published", "now"]].tolist() == ["not_granted", "granted"]
    assert changes.loc["H000000005", ["published", "now"]].tolist() == ["granted", "waiting_list"]
    assert changes.loc["H000000006", ["published", "now"]].tolist() == ["waiting_list", "not_granted"]
    from sqlalchemy import select

    from workbench.db import make_engine
    from workbench.programmes.grants.models import GrantChange

    with make_engine(grants_ready).connect() as connection:
        trail = connection.execute(select(GrantChange)).one()
    assert (trail.field, trail.before, trail.after, trail.changed_by) == ("distance_km", "12.0", "30.0",
                                                                          "commission 0302")


@pytest.mark.kernel
def test_committee_workbook_is_in_arabic_with_signatures(grants_ready, tmp_path):
    out = grant_list(grants_ready, tmp_path, notebook=True).attrs["out"]
    book = openpyxl.load_workbook(out / "committee_0302.xlsx")
    assert "منحة المطعم" in book.sheetnames
    sheet = book["منحة المطعم"]
    assert [c.value for c in sheet[3]][:3] == ["الرتبة", "رقم التلميذ", "النسب"]
    assert sheet.cell(row=4, column=2).value == "H000000001" and sheet.sheet_view.rightToLeft
    assert any("التوقيع" in str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    page = (out / "grant-lists.html").read_text(encoding="utf-8")
    assert "H000000001" not in page and "العلوي" not in page  # the managers' report names nobody
    assert raw_codes_in(visible_text_of_report(page)) == []  # grant types and decisions in words
    assert split_figures_in(visible_text_of_report(page)) == []  # figures read whole in Arabic


def _application(**changes):
    return [{"year": YEAR, "massar_code": "H000000001", "grant_type": "canteen", "household_income_class": "3",
             "distance_km": "10", "orphan": "none", "disability": "0", "previous_average": "12",
             "applied_on": "2025-07-01", **changes}]


@pytest.mark.parametrize("kind, rows_, words", [
    ("grant-applications", _application(massar_code="Z999999999"), ["inconnu : élève"]),
    ("grant-applications", _application(previous_average="21"), ["colonne « previous_average »", "est supérieur à 20"]),
    ("grant-applications", _application(distance_km="-3"), ["colonne « distance_km »", "est inférieur à 0"]),
    ("grant-applications", _application(grant_type="scholarship"), ["type de bourse attendu"]),
    ("grant-applications", _application(household_income_class=""),
     ["tranche de revenu du ménage (1-5) ou le score RSU"]),
    ("grant-quotas", [{"year": YEAR, "province_code": "9999", "grant_type": "canteen", "places": "3"}],
     ["inconnu : code de province"]),
])
def test_bad_grant_imports_write_nothing(grants_ready, tmp_path, kind, rows_, words):
    before = counts(grants_ready)
    result = run(grants_ready, "import", kind, write_csv(tmp_path / "bad.csv", rows_))
    assert result.exit_code == 2 and all(w in result.output for w in words), result.output
    assert counts(grants_ready) == before


def test_committee_simulates_places_and_weights_and_records_appeals(grants_ready):
    from workbench.programmes.grants.committee import GrantsCommittee

    committee = GrantsCommittee(db_url=grants_ready, year=YEAR)
    assert (committee.province, committee.grant_type, committee.places) == ("0302", "canteen", 5)
    assert committee.figures()["granted"] == 5 and committee.figures()["quarter_budget_mad"] == 5 * 900
    committee.places = 2
    assert committee.figures()["granted"] == 2 and committee.figures()["waiting_list"] == 0
    committee.average_points = 0  # without the average, H4 (18 km, average 6) leads H2 and H3 more clearly
    ranked = committee.ranked()
    assert ranked["massar_code"].iloc[:2].tolist() == ["H000000001", "H000000004"]
    assert set(ranked.columns) >= {"last_name_ar", "score", "decision"}
    committee.grant_type = "boarding_full"
    assert committee.places == 5 and committee.figures()["granted"] == 1  # one bed
    assert not committee.record_appeal("L000000002", "previous_average", 25, "erreur", "commission")
    assert "بين 0 و20" in committee.message  # the committee user reads Arabic (the default)
    committee.save_places()
    from workbench.db import make_engine
    from workbench.programmes.grants.queries import places

    with make_engine(grants_ready).connect() as connection:
        assert places(connection, YEAR).set_index("grant_type").loc["boarding_full", "places"] == 5
