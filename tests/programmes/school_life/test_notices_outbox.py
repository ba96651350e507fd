"""Absence notices reach families through the outbox: queued in the transaction of the class-absences import that
makes them due (to the guardian's phone, else e-mail; Arabic with its figures isolated, then French), never twice for
a pupil and week."""

from __future__ import annotations

import pandas as pd
from handbuilt import run
from massar_files import write_csv
from sqlalchemy import select

from programmes.school_life.handbuilt import YEAR, write_class_sheet
from workbench.db import make_engine
from workbench.models import AuditEvent, OutboxMessage


def outbox(url: str) -> pd.DataFrame:
    engine = make_engine(url)
    with engine.connect() as connection:
        frame = pd.read_sql(select(OutboxMessage).order_by(OutboxMessage.id), connection)
        actions = pd.read_sql(select(AuditEvent.action, AuditEvent.table_name), connection)
    engine.dispose()
    return frame, actions


def test_a_class_sheet_queues_the_notices_it_makes_due_once(structured, tmp_path):
    guardians = [{"massar_code": "A000000003", "guardian_cin": "CD3", "guardian_name": "Tuteur Trois",
                  "relationship": "mother", "phone": "06 11 22 33 44", "email": "t3@example.ma"}]
    assert run(structured, "import", "guardians", write_csv(tmp_path / "g.csv", guardians)).exit_code == 0
    three = write_class_sheet(tmp_path / "a.xlsx", [
        ("22222B", "1APIC-1", "06/10/2025", [("A000000003", "سلمى العلوي", "", {1, 2, 3})])])
    assert run(structured, "import", "class-absences", three).exit_code == 0
    assert outbox(structured)[0].empty  # 3 unjustified hours: below the threshold of 4
    more = write_class_sheet(tmp_path / "b.xlsx", [
        ("22222B", "1APIC-1", "2025-10-08", [("A000000003", "سلمى العلوي", "غير مبرر", {5})]),
        ("22222B", "1APIC-1", "2025-10-09", [("A000000003", "سلمى العلوي", "مبرر", {2, 3})])])
    result = run(structured, "import", "class-absences", more)
    assert result.exit_code == 0, result.output
    messages, actions = outbox(structured)
    assert len(messages) == 1
    notice = messages.iloc[0]
    assert (notice["kind"], notice["channel"], notice["address"], notice["school_code"], notice["dedupe_key"]) == (
        "absence_notice", "sms", "+212611223344", "22222B", "A000000003:2025-10-06")
    assert (notice["recipient_name"], notice["language"], notice["state"]) == ("Tuteur Trois", "ar", "queued")
    arabic, french = notice["body"].split("\n\n")
    assert "\u20664\u2069" in arabic and "\u20662025-10-06;2025-10-08\u2069" in arabic
    assert "4 heures d'absence non justifiées pendant la semaine du 2025-10-06" in french
    assert ("import class-absences", "outbox_messages") in set(actions.itertuples(index=False, name=None))
    # The same week again (another hour): still one notice for that pupil and week.
    again = write_class_sheet(tmp_path / "c.xlsx", [
        ("22222B", "1APIC-1", "2025-10-10", [("A000000003", "سلمى العلوي", "", {1})])])
    assert run(structured, "import", "class-absences", again).exit_code == 0
    assert len(outbox(structured)[0]) == 1


def test_the_desks_class_sheet_queues_the_notice_too(structured, tmp_path):
    from workbench.programmes.school_life.desk import SchoolLifeDesk

    guardians = [{"massar_code": "A000000003", "guardian_cin": "CD3", "guardian_name": "Tuteur Trois",
                  "relationship": "mother", "email": "t3@example.ma"}]
    assert run(structured, "import", "guardians", write_csv(tmp_path / "g.csv", guardians)).exit_code == 0
    desk = SchoolLifeDesk(db_url=structured, year=YEAR)
    desk.school, desk.class_code, desk.on = "22222B", "1APIC-1", "2025-10-06"
    grid = desk.sheet()[["massar_code", *(f"slot_{s}" for s in range(1, 9))]].assign(justified=False)
    grid.loc[grid["massar_code"] == "A000000003", ["slot_1", "slot_2", "slot_3", "slot_4"]] = True
    assert desk.record_sheet(grid), desk.message
    messages, _ = outbox(structured)
    assert messages[["channel", "address", "dedupe_key"]].values.tolist() == [
        ["email", "t3@example.ma", "A000000003:2025-10-06"]]
    assert messages["subject"].iloc[0] == "إشعار بغياب التلميذ(ة) / Avis d'absence de l'élève"
