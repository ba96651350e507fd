"""The campaign through the functions its notebook calls (no kernel), on SQLite and PostgreSQL: report_cards.csv as
rules.md reads it on the hand-built marks, a run's scope, and one class's PDF read back (a page per pupil, Arabic
first)."""

import csv
from pathlib import Path

from handbuilt import campaign_files, run

from programmes.report_cards.handbuilt import EXPECTED, YEAR
from workbench.programmes.report_cards.logic import COLUMNS

from ..portal.pdftext import arabic, pages


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def test_report_cards_csv_and_one_pdf_per_class(marked, tmp_path):
    files = campaign_files(marked, "report_cards", tmp_path / "all", year=YEAR, semester=1)
    names = [Path(path).name for path in files]
    assert names == ["report_cards.csv", "report_card_11111A_1APG-1.pdf", "report_card_22222B_1APIC-1.pdf"]
    rows = _rows(files[0])
    assert [(r["school_code"], r["class_code"], r["massar_code"], r["subject_code"], r["average"], r["coefficient"],
             r["semester_average"], r["rank"]) for r in rows] == EXPECTED
    assert {(r["year"], r["semester"]) for r in rows} == {(YEAR, "1")}
    cards = pages(Path(files[2]).read_bytes())
    assert len(cards) == 4  # A000000003, C000000001-3: C000000004 has no mark, no card
    first = cards[0]
    assert arabic("بيان النقط") in arabic(first) and "Bulletin de notes" in first
    assert first.index("التلميذ") < first.index("Élève")  # Arabic first
    assert arabic("إعدادية ابن سينا") in arabic(first) and "A000000003" in first
    assert "14.38" in first and "15.00" in first and "Rang dans la classe : 1 sur 4" in first
    assert "Examen régional : " in first and "15.50" in first  # the exams beside, not in the average
    assert arabic("توقيع مدير") in arabic(first)


def test_the_run_keeps_its_scope_and_its_semester(marked, tmp_path):
    files = campaign_files(marked, "report_cards", tmp_path / "0302", year=YEAR, semester=2, province="0302")
    rows = _rows(files[0])
    assert [(r["massar_code"], r["subject_code"], r["average"], r["rank"]) for r in rows] == [
        ("A000000003", "0010", "5.00", "1")]
    refused = run(marked, "run", "report-cards", "--year", YEAR, "--semester", "3", "--out", tmp_path / "x")
    assert refused.exit_code != 0 and "3" in refused.output


def test_writing_the_cards_is_an_audit_event_naming_the_pupils_by_code(marked, tmp_path):
    from sqlalchemy import select

    from workbench.db import make_engine
    from workbench.models import AuditEvent

    campaign_files(marked, "report_cards", tmp_path / "all", year=YEAR, semester=1)
    engine = make_engine(marked)
    with engine.connect() as connection:
        events = connection.execute(select(AuditEvent.action, AuditEvent.after)
                                    .where(AuditEvent.action == "write report cards")).all()
    engine.dispose()
    assert len(events) == 1 and "C000000002" in events[0].after and "C000000004" not in events[0].after
