"""Two writers at once: on PostgreSQL they take turns on the pupils they share; on SQLite the second waits for the
first, and past the wait says so in one line with no SQL and no personal data."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import OperationalError

from workbench import absence_months, db
from workbench.models import Absence, AbsenceMonth


def _add_absence(connection, code: str, day: int) -> None:
    connection.execute(insert(Absence).values(massar_code=code, absent_on=dt.date(2025, 10, day), slots=1,
                                              justified=False))
    absence_months.recount(connection, [code])


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # SQLite has one writer: nothing interleaves
def test_two_imports_recounting_the_same_pupil_take_turns(with_absences, db_url):
    engine = db.make_engine(db_url)
    failures, done = [], threading.Event()
    first = engine.connect()
    transaction = first.begin()
    _add_absence(first, "A000000001", 20)  # holds the pupil until it commits

    def second() -> None:
        try:
            with engine.begin() as connection:
                _add_absence(connection, "A000000001", 21)
        except Exception as exc:  # noqa: BLE001 - the failure is what the test looks for
            failures.append(exc)
        done.set()

    thread = threading.Thread(target=second)
    thread.start()
    assert not done.wait(1.0)  # the second writer waits for the first
    transaction.commit()
    first.close()
    thread.join(30)
    assert failures == []
    with engine.connect() as connection:
        october = connection.execute(select(AbsenceMonth.days).where(
            AbsenceMonth.massar_code == "A000000001", AbsenceMonth.month == dt.date(2025, 10, 1))).scalar_one()
        stored = connection.execute(select(func.count()).select_from(Absence).where(
            Absence.massar_code == "A000000001", func.extract("month", Absence.absent_on) == 10)).scalar_one()
    assert october == stored


def test_a_locked_database_is_explained_in_one_line(monkeypatch, tmp_path):
    monkeypatch.setattr(db, "LOCK_WAIT_SECONDS", 0.2)
    engine = db.make_engine(f"sqlite:///{tmp_path / 'locked.db'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (name TEXT)")
    holder = engine.connect()
    holder.exec_driver_sql("BEGIN IMMEDIATE")
    holder.exec_driver_sql("INSERT INTO t VALUES ('Salma Alaoui A000000001')")
    other = db.make_engine(f"sqlite:///{tmp_path / 'locked.db'}")
    with pytest.raises(OperationalError) as caught:
        with other.begin() as connection:
            connection.exec_driver_sql("INSERT INTO t VALUES ('Ali')")
    holder.rollback()
    holder.close()
    message = db.explain(caught.value)
    assert "Un autre import ou une autre écriture est en cours" in message.fr and "\n" not in message.fr
    assert "عملية أخرى جارية" in message.ar and "\n" not in message.ar
    assert "INSERT" not in message.lines() and "Ali" not in message.lines()
