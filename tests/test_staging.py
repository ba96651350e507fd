"""Bulk loads through a staging file (workbench.staging): the rows stored as `insert_frame` stores them, inside the
caller's transaction, the scratch files detached and deleted afterwards, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import tempfile

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select

from workbench import bulk, staging
from workbench.bulk import plain_arrow
from workbench.db import write_transaction
from workbench.models import Absence, Pupil
from workbench.staging import StagedLoad

PUPILS = pd.DataFrame({
    "massar_code": ["S100000001", "S100000002", "S100000003"],
    "last_name_ar": ["العلوي", "بناني", "الإدريسي"],
    "first_name_ar": ["أمين", "سارة", "يوسف"],
    "last_name_fr": ["Alaoui", None, "Idrissi"],
    "first_name_fr": ["Amine", "", "Youssef"],  # an empty text stays empty, a missing one NULL
    "sex": pd.Categorical(["M", "F", "M"]),
    "birth_date": pd.to_datetime(["2014-03-01", "2013-11-30", "1999-12-31"]),
    "birth_place": ["Fès", np.nan, "Meknès"],
})


def absences(codes: list[str], days: int) -> pd.DataFrame:
    """Each pupil absent on `days` consecutive days from 1 October, in key order."""
    return pd.DataFrame({
        "massar_code": np.repeat(codes, days),
        "absent_on": np.tile(pd.date_range("2025-10-01", periods=days, freq="D").to_numpy(), len(codes)),
        "slots": np.tile(np.arange(1, days + 1, dtype=np.int64) % 4 + 1, len(codes)),
        "justified": np.tile(np.arange(days) % 3 == 0, len(codes)),
    })


def _staging_attached(connection) -> list[str]:
    return [name for _, name, _ in connection.exec_driver_sql("PRAGMA database_list").all()
            if name.startswith(staging.STAGE_PREFIX)]


def test_staged_rows_are_stored_as_insert_frame_stores_them(engine, tmp_path):
    with write_transaction(engine) as connection, StagedLoad(connection, tmp_path) as stage:
        assert stage.add(Pupil.__table__, PUPILS) == 3
        assert stage.add(Absence.__table__, absences(list(PUPILS["massar_code"]), 4)) == 12
    with engine.connect() as connection:
        pupils = connection.execute(select(Pupil.massar_code, Pupil.first_name_fr, Pupil.sex, Pupil.birth_date,
                                           Pupil.birth_place).order_by(Pupil.massar_code)).all()
        days = connection.execute(select(Absence.absent_on, Absence.slots, Absence.justified).where(
            Absence.massar_code == "S100000002").order_by(Absence.absent_on)).all()
        if engine.dialect.name == "sqlite":  # the storage classes insert_frame's executemany gives
            kinds = connection.exec_driver_sql(
                "SELECT DISTINCT typeof(absent_on), typeof(slots), typeof(justified) FROM absences").all()
            assert kinds == [("text", "integer", "integer")]
            assert _staging_attached(connection) == []
    assert pupils == [("S100000001", "Amine", "M", dt.date(2014, 3, 1), "Fès"),
                      ("S100000002", "", "F", dt.date(2013, 11, 30), None),
                      ("S100000003", "Youssef", "M", dt.date(1999, 12, 31), "Meknès")]
    assert days == [(dt.date(2025, 10, 1), 2, True), (dt.date(2025, 10, 2), 3, False),
                    (dt.date(2025, 10, 3), 4, False), (dt.date(2025, 10, 4), 1, True)]
    assert list(tmp_path.glob(f"{staging.STAGE_PREFIX}*")) == []


def test_a_staged_load_lands_with_its_transaction_or_not_at_all(engine, tmp_path):
    with pytest.raises(RuntimeError, match="after the copy"):
        with write_transaction(engine) as connection:
            with StagedLoad(connection, tmp_path) as stage:
                stage.add(Pupil.__table__, PUPILS)
            assert connection.execute(select(func.count()).select_from(Pupil)).scalar_one() == 3
            raise RuntimeError("after the copy")
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Pupil)).scalar_one() == 0
        if engine.dialect.name == "sqlite":
            assert _staging_attached(connection) == []
    assert list(tmp_path.glob(f"{staging.STAGE_PREFIX}*")) == []


def test_large_inserts_go_through_staging_beyond_what_sqlite_can_attach(engine, monkeypatch, tmp_path):
    """insert_frame stages every frame from STAGED_ROWS rows; past SQLite's limit of attached files in one
    transaction it falls back to executemany, and every row still lands once."""
    monkeypatch.setattr(bulk, "STAGED_ROWS", 2)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    staged = []
    copy = staging.copy_through_staging
    monkeypatch.setattr(staging, "copy_through_staging", lambda *args: staged.append(copy(*args)) or staged[-1])
    codes = [f"S2{i:08d}" for i in range(12)]
    pupils = pd.concat([PUPILS.iloc[[0]]] * len(codes), ignore_index=True).assign(massar_code=codes)
    with write_transaction(engine) as connection:
        bulk.insert_frame(connection, Pupil.__table__, pupils)
        for code in codes[1:]:
            bulk.insert_frame(connection, Absence.__table__, absences([code], 3))
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Absence)).scalar_one() == 33
        stored = pd.read_sql(select(Absence).order_by(Absence.massar_code, Absence.absent_on), connection)
        if engine.dialect.name == "sqlite":
            assert _staging_attached(connection) == []
    expected = pd.concat([absences([code], 3) for code in codes[1:]], ignore_index=True)
    assert stored["massar_code"].tolist() == expected["massar_code"].tolist()
    assert stored["slots"].tolist() == expected["slots"].tolist()
    assert stored["justified"].tolist() == expected["justified"].tolist()
    if engine.dialect.name == "sqlite":
        assert staged == [True] * staging.MAX_ATTACHED + [False] * (len(codes) - staging.MAX_ATTACHED)
        assert list(tmp_path.glob(f"{staging.STAGE_PREFIX}*")) == []
    else:
        assert staged == []  # PostgreSQL's bulk path is COPY


def test_columns_arrow_would_store_differently_are_left_to_executemany():
    assert plain_arrow(pd.DataFrame({"at": pd.to_datetime(["2025-10-01 08:00"]).tz_localize("Africa/Casablanca")}))\
        is None
    assert plain_arrow(pd.DataFrame({"amount": [dt.timedelta(days=1)]})) is None
    assert plain_arrow(pd.DataFrame({"mixed": ["a", 1]})) is None
    converted = plain_arrow(pd.DataFrame({"on": [dt.date(2025, 10, 1), None], "ok": [True, False]}))
    assert converted.column("on").to_pylist() == ["2025-10-01", None]
    assert converted.column("ok").to_pylist() == [1, 0]


def test_a_bulk_loads_page_cache_is_sized_for_it_then_the_usual_one_again(engine):
    with write_transaction(engine) as connection:
        if engine.dialect.name != "sqlite":
            with staging.page_cache_for(connection, 10**9):  # PostgreSQL's buffers are the server's
                return
        usual = connection.exec_driver_sql("PRAGMA cache_size").scalar()
        with staging.page_cache_for(connection, 10**9):
            assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -staging.LOAD_CACHE_KIB
        with staging.page_cache_for(connection, 1_000):  # a small load keeps the usual cache
            assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == usual
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == usual
