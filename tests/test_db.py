"""The schema comes from the migrations and matches the models, on both databases."""

import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import case, event, func, select

from workbench.db import make_engine, migrate, require_schema, resolve_url
from workbench.exceptions import InputError, WorkbenchError
from workbench.models import Base, Level, Province, Region
from workbench.programmes.tayssir.models import TayssirRule


def test_migrations_build_exactly_the_models(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_reference_data_is_loaded(engine):
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Region)).scalar_one() == 12
        assert connection.execute(select(func.count()).select_from(Province)).scalar_one() == 82
        assert connection.execute(select(func.count()).select_from(Level)).scalar_one() == 12
        rule = connection.execute(select(TayssirRule).where(TayssirRule.level_code == "1AC")).one()
    assert (rule.monthly_amount_mad, rule.max_absences_per_month) == (140, 6)


def test_migrating_twice_changes_nothing(engine):
    migrate(engine)
    require_schema(engine)


def test_an_uninitialised_database_says_to_run_init(tmp_path):
    with pytest.raises(WorkbenchError, match="workbench init"):
        require_schema(make_engine(f"sqlite:///{tmp_path / 'empty.db'}"))


def test_postgres_urls_use_psycopg3():
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_a_malformed_url_is_bad_input():
    with pytest.raises(InputError, match="n'est pas une URL de base de données"):
        make_engine("not a url")


def _months_recounted(engine) -> tuple[pd.DataFrame, pd.DataFrame]:
    """absence_months as stored, and as counted afresh from absences, sorted alike."""
    from workbench.absence_months import month_start
    from workbench.models import Absence, AbsenceMonth

    month = month_start(engine.dialect.name)
    with engine.connect() as connection:
        stored = pd.read_sql(select(AbsenceMonth.massar_code, AbsenceMonth.month, AbsenceMonth.days,
                                    AbsenceMonth.unjustified_days), connection)
        counted = pd.read_sql(select(Absence.massar_code, month.label("month"), func.count().label("days"),
                                     func.sum(case((Absence.justified, 0), else_=1)).label("unjustified_days"))
                              .group_by(Absence.massar_code, month), connection)
    def tidy(frame):
        frame = frame.assign(month=pd.to_datetime(frame["month"]).astype("datetime64[ns]")).astype(
            {"days": int, "unjustified_days": int})
        return frame.sort_values(["massar_code", "month"]).reset_index(drop=True)
    return tidy(stored), tidy(counted)


def test_absence_months_stay_in_step_with_every_writer_of_absences(with_absences, engine):
    from workbench.attendance import record_month_absences

    stored, counted = _months_recounted(engine)
    assert len(stored) > 0
    pd.testing.assert_frame_equal(stored, counted)  # after an import
    record_month_absences(engine, "2025-2026", "A000000001", 10, 3, justified=True)
    stored, counted = _months_recounted(engine)
    pd.testing.assert_frame_equal(stored, counted)  # after the apps' entry
    october = stored[(stored["massar_code"] == "A000000001") & (stored["month"] == "2025-10-01")].iloc[0]
    assert october["days"] - october["unjustified_days"] == 4  # 1 justified day imported, 3 entered


def test_the_demo_counts_its_absence_months(tiny_demo_url):
    stored, counted = _months_recounted(make_engine(tiny_demo_url))
    assert len(stored) > 1000
    pd.testing.assert_frame_equal(stored, counted)


def test_statistics_know_the_whole_table_shares_one_school_year(tmp_path):
    """ANALYZE's sample cannot tell a year shared by every enrolment from one shared by 2,000 of them; corrected,
    SQLite reads the year's enrolments in one pass instead of a look-up per row."""
    from sqlalchemy import text

    from workbench.bulk import ANALYSIS_LIMIT, analyze

    engine = make_engine(f"sqlite:///{tmp_path / 'stats.db'}")
    rows = 6 * ANALYSIS_LIMIT
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE enrolled (code TEXT PRIMARY KEY, year TEXT, school TEXT, name TEXT)")
        connection.exec_driver_sql("CREATE INDEX ix_enrolled_year ON enrolled (year, school)")
        connection.execute(text("INSERT INTO enrolled VALUES (:code, '2025-2026', :school, 'x')"),
                           [{"code": f"A{n:09d}", "school": f"S{n % 40:03d}"} for n in range(rows)])
        analyze(connection)
        stat = connection.exec_driver_sql(
            "SELECT stat FROM sqlite_stat1 WHERE idx = 'ix_enrolled_year'").scalar_one().split()
        plan = connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT code, name FROM enrolled WHERE year = '2025-2026'").all()
    assert int(stat[1]) == int(stat[0])  # one year: every row shares it
    assert int(stat[2]) < int(stat[1])  # the sample's figure for the school is kept
    assert "SCAN enrolled" in plan[0][-1]
    engine.dispose()


def test_a_large_load_writes_sqlite_through_its_rollback_journal_then_wal_again(tmp_path):
    """journal_for_a_load: no WAL while a load fills a database no one else has open (every page written once),
    WAL again afterwards; a database open elsewhere stays in WAL, without waiting for its lock. (SQLite's journal:
    on PostgreSQL the function does nothing.)"""

    from workbench.db import journal_for_a_load

    def mode(of) -> str:
        with of.connect() as connection:
            return connection.exec_driver_sql("PRAGMA journal_mode").scalar()

    engine = make_engine(f"sqlite:///{tmp_path / 'load.db'}")
    migrate(engine)
    assert mode(engine) == "wal"
    with journal_for_a_load(engine):
        assert mode(engine) == "delete"
    assert mode(engine) == "wal"
    elsewhere = make_engine(str(engine.url))
    said = []
    event.listen(engine, "before_cursor_execute", lambda *a: said.append(a[2]))
    with elsewhere.connect() as holding:
        holding.exec_driver_sql("SELECT count(*) FROM regions").scalar()
        with journal_for_a_load(engine):
            assert mode(engine) == "wal"
    # It asked to switch without waiting for the lock the other connection holds, then waited as usual again.
    switch = said.index("PRAGMA journal_mode=DELETE")
    assert said[switch - 1] == "PRAGMA busy_timeout=0" and said[switch + 1].startswith("PRAGMA busy_timeout=")
    elsewhere.dispose()
    engine.dispose()
