"""Issuing a Tayssir period is guarded by data-entry completion: a school that has not entered the absence sheets of
one of the period's months (late or not started) stops it, named in the message (exit code 2, nothing issued),
unless the administrator accepts it, which the audit trail keeps with the list."""

import json

import pandas as pd
from handbuilt import run
from sqlalchemy import delete, select

from workbench.db import make_engine
from workbench.models import AuditEvent
from workbench.programmes.data_entry.models import AbsenceSheet
from workbench.programmes.tayssir.models import TayssirPeriod

YEAR = "2025-2026"


def test_a_period_with_months_never_entered_is_not_issued_unless_accepted(tayssir_ready):
    engine = make_engine(tayssir_ready)
    with engine.begin() as connection:  # 22222B's October sheets were never entered
        connection.execute(delete(AbsenceSheet).where(AbsenceSheet.school_code == "22222B",
                                                      AbsenceSheet.sheet_date.between(pd.Timestamp("2025-10-01").date(),
                                                                                      pd.Timestamp("2025-10-31").date())))
    stopped = run(tayssir_ready, "tayssir", "issue-period", "--year", YEAR, "--period", "P1")
    assert stopped.exit_code == 2, stopped.output
    assert "1 établissement n'a pas saisi" in stopped.output and "22222B (2025-10)" in stopped.output
    assert "11111A" not in stopped.output
    with engine.connect() as connection:
        assert connection.scalar(select(TayssirPeriod.issued_on).where(TayssirPeriod.code == f"{YEAR}-P1")) is None
    accepted = run(tayssir_ready, "tayssir", "issue-period", "--year", YEAR, "--period", "P1", "--accept-incomplete")
    assert accepted.exit_code == 0, accepted.output
    with engine.connect() as connection:
        assert connection.scalar(select(TayssirPeriod.issued_on).where(TayssirPeriod.code == f"{YEAR}-P1"))
        after = connection.scalars(select(AuditEvent.after).where(AuditEvent.action == "issue tayssir period",
                                                                  AuditEvent.table_name == "tayssir_periods")).all()
    engine.dispose()
    assert any(row.get("incomplete_schools") == "22222B (2025-10)" for event in after for row in json.loads(event))


def test_a_period_whose_months_are_entered_is_issued(tayssir_ready):
    issued = run(tayssir_ready, "tayssir", "issue-period", "--year", YEAR, "--period", "P1")
    assert issued.exit_code == 0, issued.output
