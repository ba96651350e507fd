"""The school-life run: `workbench run school-life` executes the notebook and writes the two contract files, a
timetable workbook per school, and a report without personal data."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from handbuilt import run
from massar_files import write_csv
from openpyxl import load_workbook

from programmes.school_life.handbuilt import TIMETABLE, YEAR, lesson, write_class_sheet


@pytest.mark.kernel
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # one run of the notebook; the imports use both
def test_the_notebook_writes_conflicts_notices_timetables_and_a_report_without_personal_data(structured, tmp_path):
    clash = run(structured, "import", "timetable", write_csv(tmp_path / "week.csv", [
        *TIMETABLE, lesson("2APG-1", "mon", 1, "0020", "M1", "S1", school="11111A")]))
    assert clash.exit_code == 0, clash.output
    sheet = write_class_sheet(tmp_path / "abs.xlsx", [
        ("11111A", "1APG-1", "2025-10-06", [("A000000001", "سلمى", "", {1, 2, 3})]),
        ("11111A", "1APG-1", "2025-10-08", [("A000000001", "سلمى", "", {1})]),
        ("22222B", "1APIC-1", "2025-10-07", [("A000000003", "سلمى", "مبرر", {1, 2, 3, 4})])])
    assert run(structured, "import", "class-absences", sheet).exit_code == 0
    result = run(structured, "run", "school-life", "--year", YEAR, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    assert (out / "timetable_conflicts.csv").read_text(encoding="utf-8") == (
        "school_code,day,slot,resource_kind,resource,classes\n"
        "11111A,mon,1,teacher,M1,1APG-1;2APG-1\n"
        "11111A,mon,1,room,S1,1APG-1;2APG-1\n")
    notices = pd.read_csv(out / "absence_notices.csv", dtype=str, keep_default_na=False)
    assert list(notices.columns) == ["school_code", "massar_code", "guardian_cin", "week_start", "hours", "dates",
                                     "message_ar", "message_fr"]
    assert notices[["school_code", "massar_code", "week_start", "hours", "dates"]].values.tolist() == [
        ["11111A", "A000000001", "2025-10-06", "4", "2025-10-06;2025-10-08"]]  # A000000003's hours are justified
    assert "4 heures d'absence non justifiées" in notices["message_fr"][0] and "4 ساعات" in notices["message_ar"][0]
    book = load_workbook(out / "timetable_11111A.xlsx")
    assert book.sheetnames == ["1APG-1", "2APG-1"] and book["1APG-1"].sheet_view.rightToLeft
    cells = [c.value for row in book["1APG-1"].iter_rows() for c in row]
    assert "اللغة العربية — Tazi Aicha — S1" in cells and "08:00-09:00" in cells and "الإثنين" in cells
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)
    assert load_workbook(out / "timetable_22222B.xlsx").sheetnames == ["1APIC-1"]
    page = (out / "school-life.html").read_text(encoding="utf-8")
    assert "Vie scolaire" in page and "الحياة المدرسية" in page and "Enseignant" in page
    assert not re.search(r"\b[A-Z][0-9]{9}\b", page)  # no pupil named in the managers' report
    assert "CA100001" not in page and "Tazi" not in page


def test_the_demo_has_one_deliberate_conflict_full_hours_and_hour_slots_giving_its_absence_days(tiny_demo_url):
    from sqlalchemy import select

    from workbench.db import make_engine
    from workbench.models import Absence
    from workbench.programmes.school_life import campaign, logic
    from workbench.scope import Scope

    engine = make_engine(tiny_demo_url)
    with engine.connect() as connection:
        result = campaign.compute_scope(connection, Scope(), YEAR)
        days = pd.read_sql(select(Absence).order_by(Absence.massar_code, Absence.absent_on), connection)
    engine.dispose()
    assert len(result.conflicts) == 1 and result.conflicts["resource_kind"].iloc[0] == "teacher"
    assert result.totals()["classes"] == result.totals()["timetabled"] and not result.hours["short"].any()
    derived = logic.absence_days(result.slots[["massar_code", "absent_on", "slot", "justified"]])
    days = days.assign(absent_on=pd.to_datetime(days["absent_on"]), justified=days["justified"].astype(bool))
    pd.testing.assert_frame_equal(derived.reset_index(drop=True), days[derived.columns].reset_index(drop=True),
                                  check_dtype=False)
    assert len(result.marks) and len(result.test_dates) and len(result.members) and len(result.groups)
