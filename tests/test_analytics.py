"""The analytics path (the store's Arrow driver) reads what the row-by-row path read: every campaign's files are the
same byte for byte, on SQLite and on PostgreSQL, and the frames its queries return are equal, types included."""

import pandas as pd
import pytest
from conftest import YEAR
from openpyxl import load_workbook

from workbench import analytics, bulk
from workbench.run_context import open_run

CAMPAIGNS = [("overview", {}), ("schoolbags", {}), ("tayssir", {"period": "P1"}), ("tayssir", {}), ("grants", {}),
             ("partner_exchange", {}), ("second_chance", {}), ("e2c_recruitment", {}), ("school_life", {})]


def run_campaign(db_url: str, programme: str, params: dict, out) -> dict[str, object]:
    run = open_run(programme, db_url=db_url, year=YEAR, out_dir=str(out), **params)
    with run.engine.connect() as connection:
        files = run.write_outputs(connection, run.compute(connection))
    run.finish()  # workbooks written aside
    run.engine.dispose()
    contents = {}
    for path in files:
        if path.suffix == ".xlsx":
            book = load_workbook(path)
            contents[path.name] = {s.title: [tuple(r) for r in s.iter_rows(values_only=True)] for s in book}
        else:
            contents[path.name] = path.read_bytes()
    return contents


@pytest.mark.parametrize(("programme", "params"), CAMPAIGNS,
                         ids=[f"{p}-{v['period']}" if v else p for p, v in CAMPAIGNS])
def test_the_analytics_path_reads_the_same_frames_and_writes_the_same_files(demo, db_url, tmp_path, monkeypatch,
                                                                           programme, params):
    """A campaign run row by row (the reference), then through the analytics path with every frame it reads compared
    with what pandas.read_sql (or bulk.read_frame) returned, dtypes too: the files are the same byte for byte."""
    arrow_reads = []
    original = analytics.arrow
    monkeypatch.setattr(analytics, "arrow", lambda *a: arrow_reads.append(1) or original(*a))
    monkeypatch.setenv("WORKBENCH_READER", "sqlalchemy")
    reference = run_campaign(db_url, programme, params, tmp_path / "reference")
    assert not arrow_reads
    checked = []
    read_sql, read_frame = analytics.read_sql, analytics.read_frame

    def both(query, connection):
        new = read_sql(query, connection)
        pd.testing.assert_frame_equal(new, pd.read_sql(query, connection))
        checked.append(str(query))
        return new

    def both_raw(connection, query):
        new = read_frame(connection, query)
        flag, connection.info[analytics.FLAG] = connection.info[analytics.FLAG], False
        try:
            pd.testing.assert_frame_equal(new, bulk.read_frame(connection, query))
        finally:
            connection.info[analytics.FLAG] = flag
        checked.append(str(query))
        return new

    monkeypatch.setattr(analytics, "read_sql", both)
    monkeypatch.setattr(analytics, "read_frame", both_raw)
    monkeypatch.setenv("WORKBENCH_READER", "arrow")
    columnar = run_campaign(db_url, programme, params, tmp_path / "arrow")
    assert checked and arrow_reads, f"{programme} did not read through the analytics path"
    assert columnar.keys() == reference.keys() and columnar
    for name in reference:
        assert columnar[name] == reference[name], (programme, name)
    assert any(isinstance(data, bytes) and data.count(b"\n") > 1 for data in reference.values()), programme


def test_a_reader_that_cannot_open_the_store_or_an_unknown_reader_is_a_clear_error(tmp_path, monkeypatch):
    from sqlalchemy import func, select

    from workbench.db import make_engine
    from workbench.exceptions import InputError, WorkbenchError
    from workbench.models import Pupil

    engine = make_engine(f"sqlite:///{tmp_path / 'absent' / 'store.db'}")
    with engine.connect() as connection:
        with analytics.reading(connection):
            (tmp_path / "absent" / "store.db").unlink(missing_ok=True)
            with pytest.raises(WorkbenchError, match="WORKBENCH_READER=sqlalchemy"):
                analytics.read_sql(select(func.count()).select_from(Pupil), connection)
        monkeypatch.setenv("WORKBENCH_READER", "rows")
        with pytest.raises(InputError, match="arrow / sqlalchemy"), analytics.reading(connection):
            pass
    engine.dispose()


def test_sqlite_is_read_in_reader_processes_and_writes_made_meanwhile_are_kept(tiny_demo_url):
    """ADBC's copy of SQLite never opens the store in the process that writes to it (two copies of SQLite in one
    process break each other's locks: a bus error, a WAL file deleted under a writer); reads on two threads while
    the engine writes keep every write. (PostgreSQL has no such limit: its driver reads in this process.)"""
    from concurrent.futures import ThreadPoolExecutor
    from datetime import date
    from pathlib import Path

    from sqlalchemy import func, select

    from workbench import attendance
    from workbench.db import make_engine
    from workbench.models import AbsenceMonth, Enrolment

    demo = make_engine(tiny_demo_url)

    with demo.connect() as connection:
        codes = connection.execute(select(Enrolment.massar_code).where(Enrolment.year == YEAR, Enrolment.left_on.is_(
            None)).order_by(Enrolment.massar_code).limit(12)).scalars().all()
        before = connection.execute(select(func.count()).select_from(AbsenceMonth)).scalar()

    def read(_) -> int:
        with demo.connect() as connection, analytics.reading(connection):
            return len(analytics.read_sql(select(AbsenceMonth.massar_code, AbsenceMonth.days), connection))

    with ThreadPoolExecutor(2) as readers:
        reads = readers.map(read, range(8))
        for code in codes:  # each writes its pupil's month, in a transaction of its own
            attendance.record_month_absences(demo, YEAR, code, 3, 2)
        assert all(count >= before for count in reads)
    maps = Path("/proc/self/maps").read_text() if Path("/proc/self/maps").exists() else ""
    assert "adbc_driver_sqlite" not in maps  # the driver was never loaded here
    march = select(AbsenceMonth.massar_code, AbsenceMonth.days).where(
        AbsenceMonth.massar_code.in_(codes), AbsenceMonth.month == date(int(YEAR[:4]) + 1, 3, 1))
    with demo.connect() as connection:
        written = pd.read_sql(march, connection)
        with analytics.reading(connection):
            read = analytics.read_sql(march, connection)
    assert sorted(written["massar_code"]) == sorted(codes) and (written["days"] >= 2).all()
    pd.testing.assert_frame_equal(read.sort_values("massar_code").reset_index(drop=True),
                                  written.sort_values("massar_code").reset_index(drop=True), check_dtype=False)
    demo.dispose()


def test_a_read_started_ahead_gives_read_sqls_frame_and_one_never_asked_for_leaves_no_file(tiny_demo_url, tmp_path,
                                                                                             monkeypatch):
    """A campaign starts a read its files need before computing (the payment list's names): its frame is the one
    read when needed, through either path, and a read no one asks for is deleted once read."""
    import gc
    import time

    from sqlalchemy import select

    from workbench import sqlite_reader
    from workbench.db import make_engine
    from workbench.models import Guardian

    reads = tmp_path / "reads"
    reads.mkdir()
    monkeypatch.setattr(sqlite_reader, "_directory", lambda: str(reads))
    query = select(Guardian.cin, Guardian.full_name, Guardian.phone).order_by(Guardian.cin)
    engine = make_engine(tiny_demo_url)
    with engine.connect() as connection:
        expected = pd.read_sql(query, connection)
        assert len(expected) > 10
        pd.testing.assert_frame_equal(analytics.Ahead(connection, query).frame(), expected)  # not turned on: read then
        with analytics.reading(connection):
            ahead = analytics.Ahead(connection, query)
            assert ahead.frame().equals(expected) and not list(reads.iterdir())
            forgotten = analytics.Ahead(connection, query)
            started = forgotten._read
            del forgotten
            gc.collect()
            assert started.result()  # its file was written...
            deadline = time.monotonic() + 10
            while list(reads.iterdir()) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not list(reads.iterdir())  # ...and deleted, no one having asked for it
    engine.dispose()
