"""Dropouts to second chance (issue 34, item 4) with hand-computed answers (handbuilt.py): the rules on frames (a
transfer or an enrolment elsewhere excluded, ages 12 and 18 at the bounds, the year before included), then the
campaign's files on SQLite and PostgreSQL without a kernel: an Arabic workbook per province, counts only beside."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from handbuilt import campaign_files, run
from openpyxl import load_workbook
from sqlalchemy import select

from programmes.e2c_recruitment.handbuilt import (
    CENTRES,
    EXPECTED,
    EXPECTED_PLACES,
    LEARNERS,
    THIS_YEAR,
    TWO_YEARS_BEFORE,
    YEAR,
    YEAR_BEFORE,
)
from workbench.access.users import add_user
from workbench.db import make_engine
from workbench.models import AuditEvent
from workbench.programmes.e2c_recruitment import logic

LEVELS = {"1APIC": "1AC", "2APIC": "2AC", "3APIC": "3AC", "6APG": "6AP"}


def _enrolments() -> pd.DataFrame:
    frame = pd.DataFrame(TWO_YEARS_BEFORE + YEAR_BEFORE + THIS_YEAR)
    frame["year"] = frame["year"].str.replace("/", "-")
    frame["level_code"] = frame["class_code"].str.split("-").str[0].map(LEVELS)
    frame["left_on"] = pd.to_datetime(frame["left_on"].replace("", None))
    frame["birth_date"] = pd.to_datetime(frame["birth_date"])
    return frame


def _dropouts() -> pd.DataFrame:
    frame = _enrolments()
    pupils = frame[["massar_code", "birth_date", "sex"]].drop_duplicates("massar_code")
    learners = pd.Series([row["massar_code"] for row in LEARNERS if row["massar_code"]])
    return logic.dropouts(frame[["massar_code", "year", "school_code", "level_code", "left_on"]], pupils, learners,
                          YEAR)


def _as_expected(frame: pd.DataFrame) -> dict:
    return {r.massar_code: (r.school_code, r.level_code, r.left_year, int(r.age)) for r in frame.itertuples()}


def test_the_dropouts_on_frames():
    assert _as_expected(_dropouts()) == EXPECTED


@pytest.mark.parametrize("born, listed", [("2013-09-01", True), ("2013-09-02", False), ("2007-09-01", True),
                                          ("2006-08-31", False)])
def test_ages_12_and_18_on_1_september_are_the_bounds(born, listed):
    frame = pd.DataFrame([{"massar_code": "X", "year": YEAR, "school_code": "22222B", "level_code": "1AC",
                           "left_on": pd.Timestamp("2025-12-01")}])
    pupils = pd.DataFrame({"massar_code": ["X"], "birth_date": [pd.Timestamp(born)]})
    assert (len(logic.dropouts(frame, pupils, pd.Series([], dtype=object), YEAR)) == 1) is listed


def test_a_transfer_or_an_enrolment_elsewhere_excludes_and_the_year_before_counts():
    frame = pd.DataFrame([
        {"massar_code": "T", "year": "2024-2025", "school_code": "22222B", "level_code": "1AC",
         "left_on": pd.Timestamp("2025-03-01")},  # left the year before...
        {"massar_code": "T", "year": "2025-2026", "school_code": "11111A", "level_code": "6AP", "left_on": pd.NaT},
        {"massar_code": "P", "year": "2024-2025", "school_code": "22222B", "level_code": "1AC",
         "left_on": pd.Timestamp("2025-03-01")},  # left the year before, nowhere since
        {"massar_code": "N", "year": "2025-2026", "school_code": "22222B", "level_code": "1AC",
         "left_on": pd.Timestamp("2026-03-01")},  # left this year, then enrolled next year (a later enrolment)
        {"massar_code": "N", "year": "2026-2027", "school_code": "11111A", "level_code": "6AP", "left_on": pd.NaT}])
    pupils = pd.DataFrame({"massar_code": ["T", "P", "N"], "birth_date": pd.to_datetime(["2011-01-01"] * 3)})
    found = logic.dropouts(frame, pupils, pd.Series([], dtype=object), YEAR)
    assert found["massar_code"].tolist() == ["P"] and found["left_year"].tolist() == ["2024-2025"]


def test_centres_with_places_left_and_the_suggestions():
    centres = pd.DataFrame(CENTRES).replace("", None)
    centres["opened_on"] = pd.to_datetime(centres["opened_on"])
    centres["capacity"] = centres["capacity"].astype("Int64")
    enrolled = pd.Series({"E2C-A": 2, "E2C-B": 1})
    places = logic.places_left(centres, enrolled)
    assert dict(zip(places["centre_code"], places["places_left"])) == EXPECTED_PLACES
    dropped = _dropouts().assign(province_code=lambda f: f["school_code"].map({"11111A": "0301", "22222B": "0302"}))
    suggested = logic.suggested(dropped, places).set_index("massar_code")
    assert suggested.loc["D000000001", "centres_codes"] == "E2C-A"
    assert suggested.loc["D000000010", "centres_ar"] == "مركز ف"


def test_the_campaign_writes_an_arabic_workbook_per_province_and_counts_only(recruitment_ready, tmp_path):
    written = campaign_files(recruitment_ready, "e2c_recruitment", tmp_path / "out", year=YEAR)
    assert sorted(p.name for p in written) == ["e2c_recruitment_0301.xlsx", "e2c_recruitment_0302.xlsx",
                                               "e2c_recruitment_counts.csv"]
    counts = pd.read_csv(tmp_path / "out" / "e2c_recruitment_counts.csv", dtype={"province_code": str})
    assert counts.to_dict("records") == [
        {"province_code": "0301", "dropouts": 1, "girls": 1, "boys": 0, "aged_12_14": 1, "aged_15_18": 0,
         "centres": 1, "places_left": 10},
        {"province_code": "0302", "dropouts": 3, "girls": 1, "boys": 2, "aged_12_14": 2, "aged_15_18": 1,
         "centres": 1, "places_left": 28}]
    book = load_workbook(tmp_path / "out" / "e2c_recruitment_0302.xlsx")
    pupils, centres = book.worksheets
    assert pupils.title == "المنقطعون" and pupils.sheet_view.rightToLeft
    header = [c.value for c in pupils[3]]
    assert header[:3] == ["رقم مسار", "النسب", "الإسم"] and "المراكز المقترحة" in header
    rows = [dict(zip(header, [c.value for c in row])) for row in pupils.iter_rows(min_row=4)]
    assert {r["رقم مسار"]: (r["رمز آخر مؤسسة"], r["سنة الانقطاع"], r["السن في فاتح شتنبر"]) for r in rows} == {
        code: (school, year, age) for code, (school, _, year, age) in EXPECTED.items() if school == "22222B"}
    assert {r["المراكز المقترحة"] for r in rows} == {"مركز أ"} and all(r["آخر مستوى"] for r in rows)
    assert [c.value for c in centres[4]][:1] == ["E2C-A"]  # the open centre with places; the full and planned not
    assert centres.max_row == 4
    engine = make_engine(recruitment_ready)  # the lists name children: their writing is in the audit trail
    with engine.connect() as connection:
        events = pd.read_sql(select(AuditEvent.action, AuditEvent.file, AuditEvent.rows).where(
            AuditEvent.action == "write e2c recruitment lists"), connection)
    engine.dispose()
    assert events[["file", "rows"]].values.tolist() == [["e2c_recruitment_*.xlsx", 4]]


def test_only_the_province_and_region_teams_list_dropouts(recruitment_ready, tmp_path):
    engine = make_engine(recruitment_ready)
    add_user(engine, "dir22222b", "a-long-enough-password", "director", school="22222B")
    engine.dispose()
    result = run(recruitment_ready, "--user", "dir22222b", "run", "e2c-recruitment", "--year", YEAR, "--out",
                 tmp_path / "d")
    assert result.exit_code == 2 and "données personnelles" in result.output, result.output
    assert not (tmp_path / "d").exists() or not list((tmp_path / "d").glob("*.xlsx"))


@pytest.mark.kernel
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # a kernel test runs on SQLite (conftest)
def test_the_report_gives_counts_and_no_personal_data(recruitment_ready, tmp_path):
    out = tmp_path / "run"
    result = run(recruitment_ready, "run", "e2c-recruitment", "--year", YEAR, "--out", out)
    assert result.exit_code == 0, result.output
    page = (out / "e2c-recruitment.html").read_text(encoding="utf-8")
    shown = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", "", page, flags=re.S))
    assert "Décrocheurs (12-18 ans)" in shown and "Places restantes" in shown
    assert not re.search(r"\b[A-Z][0-9]{9}\b", shown)  # no Massar code
    assert not [name for name in ("Nasiri", "Youssef", "الناصري", "يوسف", "2013-09-01") if name in shown]
    assert (out / "e2c_recruitment_0302.xlsx").exists()
