"""Data-entry completion through the generic CLI on the hand-built map (tests/handbuilt.py: 11111A with 1APG-1
and 2APG-1, 22222B with 1APIC-1), on SQLite and PostgreSQL: the calendar and sheets imported (every problem in one
pass, nothing written), a class sheet of school life recorded as entered, the campaign's two files, and reminders
queued in the outbox once within 7 days."""

import csv
import datetime as dt
from pathlib import Path

import pandas as pd
from handbuilt import campaign_files, run
from massar_files import write_csv
from sqlalchemy import func, insert, select

from programmes.school_life.handbuilt import write_class_sheet
from workbench.catalogue import text
from workbench.db import make_engine
from workbench.models import User
from workbench.models.outbox import OutboxMessage
from workbench.programmes.data_entry.models import AbsenceSheet, CalendarDay

YEAR = "2025-2026"
AS_OF = "2025-11-08"  # a Saturday; 6 November is a holiday, 3 November a closure of 22222B
CALENDAR = [{"year": YEAR, "date": "2025-11-06", "kind": "holiday", "label_fr": "Marche verte",
             "label_ar": "ذكرى المسيرة الخضراء", "school_code": ""},
            {"year": "2025/2026", "date": "03/11/2025", "kind": "fermeture", "label_fr": "Travaux",
             "label_ar": "أشغال", "school_code": "22222B"}]
SHEETS = [{"year": YEAR, "school_code": "11111A", "class_code": "1APG-1", "date": day}
          for day in ("2025-11-03", "2025-11-04", "2025-11-05")]


def count(url: str, model) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        found = connection.execute(select(func.count()).select_from(model)).scalar_one()
    engine.dispose()
    return found


def read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def prepared(url: str, folder: Path) -> None:
    assert run(url, "import", "school-calendar", write_csv(folder / "calendar.csv", CALENDAR)).exit_code == 0
    result = run(url, "import", "absence-sheets", write_csv(folder / "sheets.csv", SHEETS))
    assert result.exit_code == 0, result.output
    sheet = write_class_sheet(folder / "absences.xlsx", [("22222B", "1APIC-1", "04/11/2025",
                                                          [("A000000003", "سلمى العلوي", "", set())])])
    result = run(url, "import", "class-absences", sheet)
    assert result.exit_code == 0, result.output
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(insert(User), [{
            "username": "dir11111a", "full_name": "Amina Bennani", "role": "director", "school_code": "11111A",
            "password_hash": "x", "created_at": dt.datetime(2025, 9, 1), "language": "fr",
            "email": "amina@example.org"}])
    engine.dispose()


def test_the_imports_the_class_sheet_and_the_campaigns_files(enrolled, tmp_path):
    prepared(enrolled, tmp_path)
    assert count(enrolled, CalendarDay) == 2
    assert count(enrolled, AbsenceSheet) == 4  # three imported, one class sheet of school life
    files = campaign_files(enrolled, "data_entry", tmp_path / "out", year=YEAR, as_of=AS_OF)
    assert [Path(p).name for p in files] == ["entry_completion.csv", "entry_reminders.csv"]
    rows = read(files[0])
    assert list(rows[0]) == ["school_code", "dataset", "period", "expected", "entered", "completion_pct", "due_on",
                             "status"]
    found = {(r["school_code"], r["dataset"], r["period"]): (r["expected"], r["entered"], r["completion_pct"],
                                                             r["due_on"], r["status"]) for r in rows}
    # 11111A: two classes (2APG-1's pupil leaves on 15 December) x 1, 3, 4, 5, 7, 8 November (the 6th a holiday).
    assert found[("11111A", "absences", "2025-11")] == ("12", "3", "25.0", "2025-12-05", "in_progress")
    # 22222B: one class x 1, 4, 5, 7, 8 November (its own closure on the 3rd); the class sheet of the 4th.
    assert found[("22222B", "absences", "2025-11")] == ("5", "1", "20.0", "2025-12-05", "in_progress")
    assert found[("11111A", "absences", "2025-10")] == ("54", "0", "0.0", "2025-11-05", "late")
    assert found[("11111A", "timetable", YEAR)] == ("2", "0", "0.0", "2025-09-30", "late")
    assert found[("22222B", "guardian_cin", YEAR)][3:] == ("2025-10-31", "late")
    keys = [(r["school_code"], r["dataset"], r["period"]) for r in rows]
    assert keys == sorted(keys) and not any(r["dataset"] == "marks" for r in rows)
    reminders = read(files[1])
    assert list(reminders[0]) == ["school_code", "director", "dataset", "period", "completion_pct", "due_on",
                                  "message_ar", "message_fr"]
    late = {k for k, v in found.items() if v[4] == "late"}
    assert {(r["school_code"], r["dataset"], r["period"]) for r in reminders} == late
    october = next(r for r in reminders if (r["school_code"], r["period"]) == ("11111A", "2025-10"))
    assert october["director"] == "Amina Bennani" and october["completion_pct"] == "0.0"
    assert "octobre 2025" in october["message_fr"] and "2025-11-05" in october["message_fr"]
    assert "\u20662025-11-05\u2069" in october["message_ar"] and "أكتوبر" in october["message_ar"]
    assert {r["director"] for r in reminders if r["school_code"] == "22222B"} == {""}
    province = campaign_files(enrolled, "data_entry", tmp_path / "0302", year=YEAR, as_of=AS_OF, province="0302")
    assert {r["school_code"] for r in read(province[0])} == {"22222B"}


def test_a_reminder_is_queued_once_within_seven_days(enrolled, tmp_path):
    prepared(enrolled, tmp_path)
    first = run(enrolled, "data_entry", "remind", "--year", YEAR, "--as-of", AS_OF)
    assert first.exit_code == 0, first.output
    engine = make_engine(enrolled)
    with engine.connect() as connection:
        queued = pd.read_sql(select(OutboxMessage.__table__), connection)
    assert len(queued) == 4  # 11111A's late rows: absences of September and October, timetable, guardians' CINs
    assert set(queued["dedupe_key"]) == {"11111A|absences|2025-09", "11111A|absences|2025-10",
                                         f"11111A|timetable|{YEAR}", f"11111A|guardian_cin|{YEAR}"}
    assert set(queued["channel"]) == {"email"} and set(queued["language"]) == {"fr"}
    assert set(queued["address"]) == {"amina@example.org"} and queued["subject"].str.startswith("Rappel").all()
    assert "4 rappels" in first.output and "4 sans adresse" in first.output  # 22222B has no director
    again = run(enrolled, "data_entry", "remind", "--year", YEAR, "--as-of", AS_OF)
    assert again.exit_code == 0, again.output
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(OutboxMessage)).scalar_one() == 4
    engine.dispose()
    assert "0 rappel" in again.output and "4 déjà envoyés" in again.output


def test_bad_files_name_every_problem_and_write_nothing(enrolled, tmp_path):
    bad = [{**CALENDAR[0], "kind": "vacances d'été ?"}, {**CALENDAR[1], "school_code": "99999Z"},
           {**CALENDAR[0], "date": "2026-07-14"}]
    result = run(enrolled, "import", "school-calendar", write_csv(tmp_path / "calendar.csv", bad))
    assert result.exit_code == 2
    assert "ligne 2, colonne « kind »" in result.output and "ligne 3, colonne « school_code »" in result.output
    assert "ligne 4, colonne « date »" in result.output
    assert count(enrolled, CalendarDay) == 0
    sheets = [{**SHEETS[0], "class_code": "9APG-9"}, {**SHEETS[1], "date": "2025-11-09"},  # a Sunday
              {**SHEETS[2], "school_code": "99999Z"}]
    result = run(enrolled, "import", "absence-sheets", write_csv(tmp_path / "sheets.csv", sheets))
    assert result.exit_code == 2
    out = result.output
    assert "ligne 2, colonne « class_code »" in out and "ligne 3, colonne « date »" in out
    assert "ligne 4, colonne « school_code »" in out
    assert count(enrolled, AbsenceSheet) == 0


def test_the_desk_lists_late_rows_first_filters_them_and_reminds_the_chosen_schools(enrolled, tmp_path):
    from workbench.programmes.data_entry.desk import DataEntryDesk

    prepared(enrolled, tmp_path)
    desk = DataEntryDesk(db_url=enrolled, as_of=dt.date(2025, 11, 8))  # the process's user: the administrator
    assert desk.rows["status"].iloc[0] == "late" and desk.rows["status"].iloc[-1] == "in_progress"
    desk.dataset = "absences"
    desk.status = "late"
    shown = desk.shown()
    assert set(shown["dataset"]) == {"absences"} and set(shown["status"]) == {"late"}
    assert desk.late_schools() == ["11111A", "22222B"]
    assert set(shown["period_fr"]) == {"septembre 2025", "octobre 2025"}
    assert desk.remind(["11111A"]), desk.message
    engine = make_engine(enrolled)
    with engine.connect() as connection:
        keys = set(connection.scalars(select(OutboxMessage.dedupe_key)))
    engine.dispose()
    assert keys == {"11111A|absences|2025-09", "11111A|absences|2025-10"}  # the rows shown, of the chosen school
    assert desk.message == "✓ " + text("data_entry.cli.queued", count=2, skipped=0, unreachable=0).of(desk.lang)
    desk.period = "2025-09"
    assert desk.shown()["period"].tolist() == ["2025-09", "2025-09"]
    assert desk.labels("period")["2025-10"] == "شهر أكتوبر 2025"  # the user's language: Arabic


def test_a_class_whose_only_timetable_rows_are_a_groups_has_its_timetable(structured, tmp_path):
    from programmes.school_life.handbuilt import lesson

    def timetable(out: str) -> dict[str, tuple[str, str]]:
        files = campaign_files(structured, "data_entry", tmp_path / out, year=YEAR, as_of=AS_OF)
        return {r["school_code"]: (r["expected"], r["entered"]) for r in read(files[0]) if r["dataset"] == "timetable"}

    assert timetable("before") == {"11111A": ("2", "1"), "22222B": ("1", "1")}  # 2APG-1 has no lesson yet
    group = [{"year": YEAR, "school_code": "11111A", "class_code": "2APG-1", "group_code": "2APG-1-G1",
              "subject_code": "0010", "massar_code": "A000000002"}]
    assert run(structured, "import", "groups", write_csv(tmp_path / "groups.csv", group)).exit_code == 0
    week = [lesson("2APG-1", "tue", 2, "0010", "M1", "S1", school="11111A", group="2APG-1-G1")]
    result = run(structured, "import", "timetable", write_csv(tmp_path / "week.csv", week))
    assert result.exit_code == 0, result.output
    assert timetable("after") == {"11111A": ("2", "2"), "22222B": ("1", "1")}
