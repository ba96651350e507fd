"""Fixtures: every data-layer test runs on SQLite and on PostgreSQL (127.0.0.1:5432, database `test`)."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import OperationalError

from handbuilt import ABSENCES, COMMUNES, PUPILS, SCHOOLS, run
from massar_files import write_csv, write_xlsx
from workbench.db import make_engine, migrate, write_transaction
from workbench.demo import build_demo
from workbench.reference import ensure_year, load_reference

PG_URL = os.environ.get("WORKBENCH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
YEAR = "2025-2026"


def _postgres_reason() -> str | None:
    try:
        with create_engine(PG_URL, connect_args={"connect_timeout": 3}).connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        return f"PostgreSQL at {PG_URL} is not reachable ({str(exc.orig).strip().splitlines()[0]})"
    return None


@pytest.fixture(scope="session")
def postgres_unavailable() -> str | None:
    return _postgres_reason()


def _new_url(backend: str, directory: Path, postgres_unavailable: str | None):
    """A fresh empty database: a SQLite file, or a PostgreSQL schema of its own (dropped afterwards)."""
    if backend == "sqlite":
        return f"sqlite:///{directory / 'test.db'}", None
    if postgres_unavailable:
        pytest.skip(postgres_unavailable)
    schema = f"wb_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))

    def drop() -> None:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()

    return f"{PG_URL}?options=-csearch_path%3D{schema}", drop


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path, postgres_unavailable) -> str:
    url, cleanup = _new_url(request.param, tmp_path, postgres_unavailable)
    yield url
    if cleanup:
        cleanup()


@pytest.fixture
def engine(db_url):
    """A migrated, empty database with the reference data and the test year."""
    engine = make_engine(db_url)
    migrate(engine)
    with write_transaction(engine) as connection:
        load_reference(connection)
        ensure_year(connection, YEAR)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def tiny_demo_file(tmp_path_factory) -> Path:
    """A SQLite demo of 2,000 pupils in Fès-Meknès, built once and copied by the tests that need one."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    build_demo(engine, region="03", pupils=2_000, year=YEAR, progress=False)
    engine.dispose()
    return path


def demo_accounts(engine) -> dict[str, pd.Series]:
    """The demo's accounts by part they play: directors of a private and a public school, the province of the
    private one (its approver) and the region (approver of public schools)."""
    from workbench.access.users import list_users
    from workbench.models import School

    users = list_users(engine)
    with engine.connect() as connection:
        sectors = pd.read_sql(select(School.code.label("school_code"), School.sector), connection)
    directors = users[users["role"] == "director"].merge(sectors, on="school_code")
    return {"private_director": directors[directors["sector"] == "private"].iloc[0],
            "public_director": directors[directors["sector"] == "public"].iloc[0],
            "province": users[users["role"] == "province_officer"].iloc[0],
            "region": users[users["role"] == "region_officer"].iloc[0]}


@pytest.fixture
def tiny_demo_url(tiny_demo_file, tmp_path) -> str:
    copy = tmp_path / "demo.db"
    shutil.copy(tiny_demo_file, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def school_map(engine, db_url, tmp_path) -> str:
    """Two communes and two schools imported: the small hand-built map the other imports lean on."""
    assert run(db_url, "import", "communes", write_csv(tmp_path / "communes.csv", COMMUNES)).exit_code == 0
    assert run(db_url, "import", "schools", write_xlsx(tmp_path / "schools.xlsx", SCHOOLS)).exit_code == 0
    return db_url


@pytest.fixture
def enrolled(school_map, tmp_path) -> str:
    result = run(school_map, "import", "massar-pupils", write_csv(tmp_path / "pupils.csv", PUPILS, sep=";", bom=True))
    assert result.exit_code == 0, result.output
    return school_map


@pytest.fixture
def with_absences(enrolled, tmp_path) -> str:
    result = run(enrolled, "import", "absences", write_csv(tmp_path / "absences.csv", ABSENCES))
    assert result.exit_code == 0, result.output
    return enrolled


@pytest.fixture
def demo(db_url, tiny_demo_file):
    """A 2,000-pupil demo with its accounts, on each backend (on SQLite, a copy of the session's tiny demo)."""
    if db_url.startswith("sqlite:///"):
        shutil.copy(tiny_demo_file, db_url.removeprefix("sqlite:///"))
    engine = make_engine(db_url)
    migrate(engine)
    if db_url.startswith("postgresql"):
        build_demo(engine, region="03", pupils=2_000, year=YEAR, progress=False)
    yield engine
    engine.dispose()
