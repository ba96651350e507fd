"""School-life imports on SQLite and PostgreSQL: good files, every bad cell located in one pass with exit code 2
and nothing written, and the one writer of absence days shared by the hourly sheet and the flat absences file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from handbuilt import run
from massar_files import write_csv
from sqlalchemy import delete, func, select

from programmes.school_life.handbuilt import YEAR, lesson, write_class_sheet, write_notes_cc
from workbench.db import make_engine
from workbench.models import Absence, AbsenceMonth, AuditEvent
from workbench.programmes.school_life.models import AbsenceSlot, Mark, TimetableSlot


def rows(url: str, query) -> pd.DataFrame:
    engine = make_engine(url)
    with engine.connect() as connection:
        frame = pd.read_sql(query, connection)
    engine.dispose()
    return frame


def count(url: str, model) -> int:
    return int(rows(url, select(func.count().label("n")).select_from(model))["n"].iloc[0])


def test_a_timetable_is_read_with_french_and_arabic_days_and_replaces_its_classes_week(structured, tmp_path):
    stored = rows(structured, select(TimetableSlot).order_by(TimetableSlot.school_code, TimetableSlot.day,
                                                              TimetableSlot.slot))
    assert stored[["class_code", "group_code", "day", "slot"]].values.tolist() == [
        ["1APG-1", "", "mon", 1], ["1APIC-1", "", "mon", 1], ["1APIC-1", "", "mon", 2],
        ["1APIC-1", "1APIC-1-G1", "tue", 3]]
    again = run(structured, "import", "timetable", write_csv(tmp_path / "week.csv", [
        lesson("1APIC-1", "wed", 4, "0030", "T1", "R1")]))
    assert again.exit_code == 0, again.output
    kept = rows(structured, select(TimetableSlot.class_code, TimetableSlot.day))
    assert sorted(map(tuple, kept.values.tolist())) == [("1APG-1", "mon"), ("1APIC-1", "wed")]
    replaced = rows(structured, select(AuditEvent.rows, AuditEvent.before, AuditEvent.after).where(
        AuditEvent.action == "import timetable", AuditEvent.table_name == "sl_timetable", AuditEvent.after.is_(None))
        .order_by(AuditEvent.id.desc()).limit(1))
    assert replaced["rows"].tolist() == [3]  # the three lessons of 1APIC-1 the new week replaced, as they were
    assert sorted((r["day"], r["slot"]) for r in json.loads(replaced["before"].iloc[0])) == [
        ("mon", 1), ("mon", 2), ("tue", 3)]


def test_a_bad_timetable_names_every_bad_cell_and_writes_nothing(structured, tmp_path):
    before = count(structured, TimetableSlot)
    bad = [lesson("9APIC-9", "mon", 3, "0030", "T1", "R1"), lesson("1APIC-1", "mon", 4, "0030", "T9", "R1"),
           lesson("1APIC-1", "mon", 5, "0030", "T1", "R9"), lesson("1APIC-1", "mon", 9, "0030", "T1", "R1")]
    result = run(structured, "import", "timetable", write_csv(tmp_path / "bad.csv", bad))
    assert result.exit_code == 2
    out = result.output
    assert "ligne 2, colonne « class_code », valeur « 9APIC-9 »" in out and "classe inconnue" in out
    assert "ligne 3, colonne « teacher_id », valeur « T9 »" in out and "enseignant inconnu" in out
    assert "ligne 4, colonne « room_code », valeur « R9 »" in out and "salle inconnue" in out
    assert "ligne 5, colonne « slot », valeur « 9 »" in out and "est supérieur à 8" in out
    assert count(structured, TimetableSlot) == before


def test_the_class_sheet_writes_slots_and_the_absence_days_every_campaign_reads(structured, tmp_path):
    sheet = write_class_sheet(tmp_path / "absences.xlsx", [
        ("22222B", "1APIC-1", "06/10/2025", [("A000000003", "سلمى العلوي", "", {1, 2, 3})]),
        ("22222B", "1APIC-1", "2025-10-08", [("A000000003", "سلمى العلوي", "غير مبرر", {5})]),
        ("22222B", "1APIC-1", "2025-10-09", [("A000000003", "سلمى العلوي", "مبرر", {2, 3})])])
    result = run(structured, "import", "class-absences", sheet)
    assert result.exit_code == 0, result.output
    assert count(structured, AbsenceSlot) == 6
    days = rows(structured, select(Absence).order_by(Absence.absent_on))
    assert days[["slots", "justified"]].values.tolist() == [[3, False], [1, False], [2, True]]
    months = rows(structured, select(AbsenceMonth))
    assert months[["days", "unjustified_days"]].values.tolist() == [[3, 2]]
    # The same pupil marked present on the 9th: that day is no absence any more, nor counted in October.
    present = write_class_sheet(tmp_path / "present.xlsx", [
        ("22222B", "1APIC-1", "2025-10-09", [("A000000003", "سلمى العلوي", "", set())])])
    assert run(structured, "import", "class-absences", present).exit_code == 0
    assert rows(structured, select(AbsenceMonth))[["days", "unjustified_days"]].values.tolist() == [[2, 2]]
    assert count(structured, AbsenceSlot) == 4


def test_a_class_sheet_of_an_unknown_class_or_a_pupil_of_another_class_is_refused(structured, tmp_path):
    sheet = write_class_sheet(tmp_path / "bad.xlsx", [
        ("22222B", "9APIC-9", "2025-10-07", [("A000000003", "x", "", {1})]),
        ("11111A", "1APG-1", "2025-10-06", [("A000000003", "x", "", {1}), ("A000000001", "y", "peut-être", {2})])])
    result = run(structured, "import", "class-absences", sheet)
    assert result.exit_code == 2
    assert "feuille « 9APIC-9 1 », ligne 6, colonne « class_code », valeur « 9APIC-9 »" in result.output
    assert "feuille « 1APG-1 2 », ligne 6, colonne « massar_code », valeur « A000000003 »" in result.output
    assert "feuille « 1APG-1 2 », ligne 7, colonne « cause », valeur « peut-être »" in result.output
    assert count(structured, AbsenceSlot) == 0 and count(structured, Absence) == 0


def tayssir_months(url: str) -> pd.DataFrame:
    from workbench.programmes.tayssir.periods import compute_year
    from workbench.scope import Scope

    engine = make_engine(url)
    with engine.connect() as connection:
        months = compute_year(connection, Scope(), YEAR).months
    engine.dispose()
    return months.sort_values(["massar_code", "month"]).reset_index(drop=True)


def test_the_hourly_sheet_and_the_flat_absence_days_give_the_same_tayssir_pupil_months(structured, tmp_path):
    registered = run(structured, "import", "tayssir-enrolments", write_csv(tmp_path / "tayssir.csv", [
        {"year": YEAR, "guardian_cin": "CA100001", "massar_code": "A000000001", "enrolled_on": "2025-09-10",
         "ramed_or_rsu": "0"}]))
    assert registered.exit_code == 0, registered.output
    dates = ["2025-10-06", "2025-10-07", "2025-10-08", "2025-10-09", "2025-10-10"]  # 5 days > 4 (primary)
    sheet = write_class_sheet(tmp_path / "sheet.xlsx", [
        ("11111A", "1APG-1", date, [("A000000001", "سلمى", "", {1, 2} if n % 2 else {4})])
        for n, date in enumerate(dates)])
    assert run(structured, "import", "class-absences", sheet).exit_code == 0
    by_the_hour = tayssir_months(structured)
    october = pd.to_datetime(by_the_hour["month"]).dt.month == 10
    assert by_the_hour.loc[october, ["status", "reason"]].values.tolist() == [["withheld", "absences"]]
    engine = make_engine(structured)
    with engine.begin() as connection:
        for model in (AbsenceSlot, AbsenceMonth, Absence):
            connection.execute(delete(model))
    engine.dispose()
    flat = run(structured, "import", "absences", write_csv(tmp_path / "flat.csv", [
        {"massar_code": "A000000001", "date": d, "slots": "2" if n % 2 else "1", "justified": "0"}
        for n, d in enumerate(dates)]))
    assert flat.exit_code == 0, flat.output
    pd.testing.assert_frame_equal(tayssir_months(structured), by_the_hour)


NOTES_ROWS = [["A000000003", "العلوي سلمى", "05-05-2013", "12,5", None, None, "مبرر", None, None, "15", None, None]]
FLAT_MARKS = [{"massar_code": "A000000003", "year": "2025/2026", "semester": "1", "subject_code": "0030", "test": t,
               "mark": m, "absence": a} for t, m, a in (("1", "12.5", ""), ("2", "", "مبرر"), ("activities", "15", ""))]


def test_the_notes_cc_template_and_the_flat_marks_give_the_same_rows(structured, tmp_path):
    notes = write_notes_cc(tmp_path / "export_notesCC_1APIC-1_0030.xlsx", "22222B", "1APIC-1", NOTES_ROWS)
    result = run(structured, "import", "marks", notes)
    assert result.exit_code == 0, result.output
    query = select(Mark).order_by(Mark.test)
    from_template = rows(structured, query)
    assert from_template[["test", "absent_justified"]].values.tolist() == [
        ["1", False], ["2", True], ["activities", False]]
    assert from_template["mark"].fillna(-1).tolist() == [12.5, -1, 15.0]
    engine = make_engine(structured)
    with engine.begin() as connection:
        connection.execute(delete(Mark))
    engine.dispose()
    assert run(structured, "import", "marks", write_csv(tmp_path / "marks.csv", FLAT_MARKS)).exit_code == 0
    pd.testing.assert_frame_equal(rows(structured, query), from_template)


def test_a_notes_cc_file_of_another_schools_class_or_a_mark_of_21_is_refused(structured, tmp_path):
    other = write_notes_cc(tmp_path / "export_notesCC_1APIC-1_0030.xlsx", "11111A", "1APIC-1", NOTES_ROWS)
    result = run(structured, "import", "marks", other)
    assert result.exit_code == 2
    assert "feuille « NotesCC », ligne 9, colonne « I9 », valeur « 1APIC-1 »" in result.output
    assert "n'est pas une classe de l'établissement 11111A" in result.output
    too_high = write_notes_cc(tmp_path / "export_notesCC_1APIC-1_0030.xlsx", "22222B", "1APIC-1",
                              [[*NOTES_ROWS[0][:3], "21", *NOTES_ROWS[0][4:]]])
    result = run(structured, "import", "marks", too_high)
    assert result.exit_code == 2
    assert "ligne 18, colonne « G », valeur « 21 » : est supérieur à 20" in result.output
    flat = run(structured, "import", "marks", write_csv(tmp_path / "m.csv", [{**FLAT_MARKS[0], "mark": "21"}]))
    assert flat.exit_code == 2 and "colonne « mark », valeur « 21 »" in flat.output
    assert count(structured, Mark) == 0


@pytest.mark.parametrize("name, cell, title", [
    ("export_notesCC_1APIC-1_0030.xlsx", "0030", "الرياضيات"),  # titled maths, coded informatics
    ("export_notesCC_1APIC-1_0110.xlsx", "0030", "المعلوميات"),  # named maths, K5 and title informatics
    ("export_notesCC_1APIC-1_0030.xlsx", "0110", "المعلوميات"),  # K5 maths
    ("export_notesCC_1APIC-1_9999.xlsx", "9999", "الموسيقى"),  # agreeing, but not in the subject reference
])
def test_a_notes_cc_file_whose_name_k5_and_title_disagree_is_refused_in_one_message(structured, tmp_path, name,
                                                                                   cell, title):
    notes = write_notes_cc(tmp_path / name, "22222B", "1APIC-1", NOTES_ROWS, subject_code=cell, subject_name=title)
    result = run(structured, "import", "marks", notes)
    assert result.exit_code == 2, result.output
    assert "1 problème trouvé" in result.output
    code = name.rsplit("_", 1)[1][:4]
    assert (f"{name}, feuille « NotesCC », ligne 11, colonne « O11 », valeur « {title} » : la matière ne concorde "
            f"pas : le nom du fichier porte le code « {code} »") in result.output
    assert f"la cellule cachée K5 « #{cell}# »" in result.output and f"la cellule O11 « {title} »" in result.output
    assert count(structured, Mark) == 0


def test_the_subject_is_named_in_words_from_the_reference(structured, tmp_path):
    notes = write_notes_cc(tmp_path / "export_notesCC_1APIC-1_0030.xlsx", "22222B", "1APIC-1", NOTES_ROWS,
                           subject_name="الرياضيات")
    output = run(structured, "import", "marks", notes).output
    assert "(0030 Informatique), la cellule O11 « الرياضيات » (0110 Mathématiques)" in output


@pytest.mark.parametrize("code, title", [("0030", "المعلوميات"), ("0110", "Mathématiques")])
def test_a_consistent_notes_cc_file_lands_under_its_subject_with_no_warning_on_the_terminal(structured, tmp_path,
                                                                                           code, title):
    """The real template's layout (protected RTL sheet, hidden K5, a data-validation extension) imports without
    openpyxl's warning reaching the operator's terminal (the command run as the operator runs it)."""
    notes = write_notes_cc(tmp_path / f"export_notesCC_1APIC-1_{code}.xlsx", "22222B", "1APIC-1", NOTES_ROWS,
                           subject_code=code, subject_name=title)
    completed = subprocess.run(
        [sys.executable, "-c", "from workbench.cli import cli; cli()", "--db", structured, "--quiet", "import",
         "marks", str(notes)], capture_output=True, text=True, cwd=Path(__file__).parents[3], timeout=300)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Warning" not in completed.stderr and "extension" not in completed.stderr, completed.stderr
    assert set(rows(structured, select(Mark.subject_code))["subject_code"]) == {code}


def test_a_refused_notes_cc_file_lists_each_problem_once(structured, tmp_path):
    """A pupil of another class with marks in three tests is one problem, not one per test."""
    stranger = ["A000000001", "العلوي سلمى", "05-05-2013", "12", None, "11", None, "10", None, None, None, None]
    notes = write_notes_cc(tmp_path / "export_notesCC_1APIC-1_0030.xlsx", "22222B", "1APIC-1",
                           [NOTES_ROWS[0], stranger])
    result = run(structured, "import", "marks", notes)
    assert result.exit_code == 2
    assert "1 problème trouvé" in result.output
    lines = [line for line in result.output.splitlines() if "ligne 19" in line]
    assert len(lines) == 1, result.output
    assert count(structured, Mark) == 0


def test_approved_school_life_data_is_locked_until_reopened(structured, tmp_path):
    from workbench.access import validation

    engine = make_engine(structured)
    for action in ("submit", "approve"):
        validation.change_state(engine, YEAR, "22222B", "school_life", action)
    week = write_csv(tmp_path / "week.csv", [lesson("1APIC-1", "wed", 4, "0030", "T1", "R1")])
    refused = run(structured, "import", "timetable", week)
    assert refused.exit_code == 2 and "22222B" in refused.output
    validation.change_state(engine, YEAR, "22222B", "school_life", "reopen", reason="correction")
    engine.dispose()
    assert run(structured, "import", "timetable", week).exit_code == 0


def test_the_sports_association_members_activities_and_participation(structured, tmp_path):
    from workbench.programmes.school_life.models import SportMember, SportParticipation

    member = {"year": YEAR, "school_code": "22222B", "massar_code": "A000000003", "licence_number": "L25000001",
              "sport": "football", "category": "minimes"}
    stranger = {**member, "massar_code": "A000000001", "licence_number": "L25000002"}  # a pupil of 11111A
    refused = run(structured, "import", "sport-members", write_csv(tmp_path / "m.csv", [member, stranger]))
    assert refused.exit_code == 2 and "ligne 3, colonne « massar_code », valeur « A000000001 »" in refused.output
    assert count(structured, SportMember) == 0
    assert run(structured, "import", "sport-members", write_csv(tmp_path / "m.csv", [member])).exit_code == 0
    events = [{"year": YEAR, "school_code": "22222B", "event_id": "E1", "kind": "compétition", "sport": "football",
               "name": "Championnat provincial", "date": "2025-11-20"}]
    assert run(structured, "import", "sport-events", write_csv(tmp_path / "e.csv", events)).exit_code == 0
    taking = [{"year": YEAR, "school_code": "22222B", "event_id": "E1", "massar_code": "A000000003"},
              {"year": YEAR, "school_code": "22222B", "event_id": "E9", "massar_code": "A000000003"}]
    bad = run(structured, "import", "sport-participation", write_csv(tmp_path / "p.csv", taking))
    assert bad.exit_code == 2 and "ligne 3, colonne « event_id », valeur « E9 »" in bad.output
    assert run(structured, "import", "sport-participation", write_csv(tmp_path / "p.csv", taking[:1])).exit_code == 0
    assert count(structured, SportParticipation) == 1


def test_the_desk_shows_the_class_test_dates_in_date_order(structured, tmp_path):
    from workbench.programmes.school_life.desk import SchoolLifeDesk

    calendar = [{"year": YEAR, "school_code": "22222B", "class_code": "1APIC-1", "subject_code": subject,
                 "test": test, "date": date}
                for subject, test, date in (("0070", "1", "2025-11-20"), ("0030", "1", "2025-10-30"),
                                            ("0030", "2", "2026-01-15"))]
    calendar.append({"year": YEAR, "school_code": "11111A", "class_code": "1APG-1", "subject_code": "0010",
                     "test": "1", "date": "2025-10-01"})
    result = run(structured, "import", "test-calendar", write_csv(tmp_path / "tests.csv", calendar))
    assert result.exit_code == 0, result.output
    desk = SchoolLifeDesk(db_url=structured, year=YEAR)
    desk.school, desk.class_code = "22222B", "1APIC-1"
    shown = desk.test_dates()
    assert shown[["subject_code", "test", "held_on"]].values.tolist() == [
        ["0030", "1", "2025-10-30"], ["0070", "1", "2025-11-20"], ["0030", "2", "2026-01-15"]]  # the other school's not
    assert shown["subject"].iloc[0] == desk.subject_name("0030") != "0030"


def test_the_whole_class_sheet_is_saved_at_once_and_only_changed_lines_are_written(structured):
    from workbench.programmes.school_life.desk import SchoolLifeDesk

    desk = SchoolLifeDesk(db_url=structured, year=YEAR)
    desk.school, desk.class_code, desk.on = "22222B", "1APIC-1", "2025-10-06"
    grid = desk.sheet()[["massar_code", *(f"slot_{s}" for s in range(1, 9))]].assign(justified=False)
    assert not desk.record_sheet(grid)  # nothing ticked, nothing stored: nothing to write
    grid.loc[grid["massar_code"] == "A000000003", ["slot_2", "slot_3"]] = True
    assert desk.record_sheet(grid), desk.message
    assert rows(structured, select(Absence.slots, Absence.justified)).values.tolist() == [[2, False]]
    assert not desk.record_sheet(grid)  # the same sheet again changes no line
    grid["justified"] = True
    assert desk.record_sheet(grid), desk.message
    assert rows(structured, select(Absence.slots, Absence.justified)).values.tolist() == [[2, True]]
    stranger = pd.DataFrame([{"massar_code": "A000000001", **{f"slot_{s}": s == 1 for s in range(1, 9)},
                              "justified": False}])
    assert not desk.record_sheet(pd.concat([grid.assign(slot_4=True), stranger]))  # a pupil of another class
    assert count(structured, AbsenceSlot) == 2  # refused whole: not even the class's own line changed
    grid[[f"slot_{s}" for s in range(1, 9)]] = False
    assert desk.record_sheet(grid), desk.message
    assert count(structured, Absence) == 0 and count(structured, AbsenceSlot) == 0
