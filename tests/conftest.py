"""Fixtures: every data-layer test runs on SQLite and on PostgreSQL (127.0.0.1:5432, database `test`)."""

from __future__ import annotations

import collections
import os
import shutil
import sqlite3
import tempfile
import uuid
from pathlib import Path

import pandas as pd
import pytest
from handbuilt import ABSENCES, COMMUNES, PUPILS, SCHOOLS, run
from massar_files import write_csv, write_xlsx
from sqlalchemy import create_engine, make_url, select, text
from sqlalchemy.exc import OperationalError

from workbench import config
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


# Fixtures of a whole demo (2,000 pupils and its accounts): a test on one takes seconds, not `make check`'s tenths.
WHOLE_DEMO_FIXTURES = {"demo", "tiny_demo_url", "tiny_demo_file", "issued", "postgres_demo", "dakhla_pg"}
# Modules that build demos or copies of the project in every test.
SLOW_MODULES = {"test_demo", "test_new_programme", "test_region_scale"}
# Modules whose every test starts a notebook kernel (the notebooks and campaigns under test as a whole).
KERNEL_MODULES = {"test_campaigns", "test_fanout", "test_runner"}


def pytest_collection_modifyitems(config, items) -> None:
    """Markers set from what a test uses, so that `make check` can leave out the slow parts: `postgres` (a test on
    the PostgreSQL server), `browser` (Chromium), `kernel` (a notebook kernel)."""
    kept, left_out = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        fixtures = set(getattr(item, "fixturenames", ()))
        if params.get("db_url") == "postgresql" or fixtures & {"postgres_demo", "dakhla_pg"}:
            item.add_marker(pytest.mark.postgres)
        if item.path.stem.startswith("test_browser"):
            item.add_marker(pytest.mark.browser)
        if item.path.stem in KERNEL_MODULES:
            item.add_marker(pytest.mark.kernel)
        if (fixtures & WHOLE_DEMO_FIXTURES or item.path.stem in SLOW_MODULES
                or getattr(getattr(item, "obj", None), "is_hypothesis_test", False)):  # a hundred examples each
            item.add_marker(pytest.mark.slow)
        # A notebook's kernel reads the store through the same analytics path as the in-process tests, which run on
        # both stores: a kernel test runs on SQLite, and on PostgreSQL only where the store changes what it checks.
        on_both = item.get_closest_marker("kernel_on_postgres")
        if params.get("db_url") == "postgresql" and item.get_closest_marker("kernel") and not on_both:
            left_out.append(item)
        else:
            kept.append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
    # The modules of long tests first (a page load or a kernel weighs about three whole demos), each kept whole (its
    # module fixtures built once): the two workers then end on short tests together, not one of them on a browser
    # walk while the other waits.
    weight = collections.Counter()
    for item in kept:
        weight[item.path] += sum(cost for name, cost in (("browser", 3), ("kernel", 3), ("slow", 1))
                                 if item.get_closest_marker(name))
    items[:] = sorted(kept, key=lambda item: -weight[item.path])


@pytest.fixture(autouse=True)
def kernels_only_where_marked(request, monkeypatch) -> None:
    """A test that starts a notebook kernel without the `kernel` marker fails, so `make check` stays fast."""
    if request.node.get_closest_marker("kernel") or request.node.get_closest_marker("browser"):
        return
    import papermill

    def refuse(*args, **kwargs):
        raise RuntimeError("this test starts a notebook kernel: mark it @pytest.mark.kernel")

    monkeypatch.setattr(papermill, "execute_notebook", refuse)


CHECKOUT = Path(__file__).resolve().parents[1]
# What the tests must never touch: the checkout's generated folders (a test writes in its own temporary folders).
CHECKOUT_FOLDERS = ("reports", "data", "benchmarks/out")
_CHECKOUT_KEY = pytest.StashKey[dict]()


def _checkout_state() -> dict[str, tuple[int, int]]:
    return {str(path.relative_to(CHECKOUT)): (path.stat().st_mtime_ns, path.stat().st_size)
            for folder in CHECKOUT_FOLDERS for path in (CHECKOUT / folder).rglob("*") if path.is_file()}


def pytest_sessionstart(session) -> None:
    if not hasattr(session.config, "workerinput"):  # the controller (or a run without xdist)
        session.config.stash[_CHECKOUT_KEY] = _checkout_state()


def pytest_sessionfinish(session, exitstatus) -> None:
    before = session.config.stash.get(_CHECKOUT_KEY, None)
    if before is None:
        return
    after = _checkout_state()
    touched = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    if touched:
        session.config.get_terminal_writer().line(
            "The tests changed the checkout's own files (a test must use its own temporary folders): "
            + ", ".join(touched[:20]), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def postgres_unavailable() -> str | None:
    return _postgres_reason()


@pytest.fixture(autouse=True)
def own_folders(tmp_path, monkeypatch) -> None:
    """Every test writes its reports, sandboxes and default database in its own folder, never the checkout's."""
    monkeypatch.setenv(config.REPORTS.env, str(tmp_path / "reports"))
    monkeypatch.setenv(config.SANDBOXES.env, str(tmp_path / "sandboxes"))
    monkeypatch.setenv(config.DB_URL.env, f"sqlite:///{tmp_path / 'default.db'}")
    # The command line speaks one language, Arabic unless told; the tests read its French (tests/test_cli_language.py
    # checks Arabic by default, the user's and the locale's choice).
    monkeypatch.setenv(config.LANGUAGE.env, "fr")


def _pg(*statements: str, **values: str) -> None:
    """Statements on the server outside a transaction (CREATE and DROP DATABASE), on a connection of their own."""
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for statement in statements:
            connection.execute(text(statement), values)
    admin.dispose()


def _pg_create(database: str, template: str | None = None) -> None:
    _pg(f'CREATE DATABASE "{database}"' + (f' TEMPLATE "{template}"' if template else ""))


def _pg_drop(database: str) -> None:
    _pg(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _pg_database_url(name: str) -> str:
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def _sqlite_copy(url: str, target: Path) -> None:
    """A copy through SQLite's backup API: what is still in the write-ahead log is copied too (a reader process may
    keep the template open, so its log is not always checkpointed into the file)."""
    with sqlite3.connect(url.removeprefix("sqlite:///")) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    copy.close()


class _Templates:
    """Databases built once per worker and copied per test: a SQLite file copied, a PostgreSQL database created
    from its template (CREATE DATABASE ... TEMPLATE), instead of the whole Alembic chain for every test. The
    migration tests still run the real chain on an empty database."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.made, self.pg_databases = folder, {}, []

    def get(self, backend: str, name: str, build, base: str | None = None) -> str:
        """The template `name`: `build(engine)` run once on an empty database, or on a copy of the template `base`."""
        key = (backend, name)
        if key not in self.made:
            if backend == "sqlite":
                url = f"sqlite:///{self.folder / f'{name}.db'}"
                if base:
                    _sqlite_copy(self.made[(backend, base)], Path(url.removeprefix("sqlite:///")))
            else:
                database = f"wbt_{name}_{uuid.uuid4().hex[:8]}"
                _pg_create(database, make_url(self.made[(backend, base)]).database if base else None)
                self.pg_databases.append(database)
                url = _pg_database_url(database)
            engine = make_engine(url)
            build(engine)
            engine.dispose()
            if backend == "postgresql":  # the commands that built it may keep pooled connections: a template has none
                _pg("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()", name=database)
            self.made[key] = url
        return self.made[key]

    def fill(self, url: str, name: str, build, base: str | None = None) -> None:
        """Make the database at `url` (new, or one the test has not written to yet) a copy of the template `name`."""
        backend = "sqlite" if url.startswith("sqlite") else "postgresql"
        template = self.get(backend, name, build, base)
        if backend == "sqlite":  # a new file moved into place: a connection still open keeps the one it had
            target = Path(url.removeprefix("sqlite:///"))
            _sqlite_copy(template, target.with_suffix(".copy"))
            os.replace(target.with_suffix(".copy"), target)
            return
        database = make_url(url).database
        _pg_drop(database)
        _pg_create(database, make_url(template).database)

    def extend(self, url: str, name: str, base: str, build) -> str:
        """The database at `url` as the template `base` plus what `build(url, folder)` adds (through the CLI, as a
        user would), built once per worker: a fixture's hand-built data then costs a copy, not its imports."""

        def built(engine) -> None:
            build(engine.url.render_as_string(hide_password=False), Path(tempfile.mkdtemp(dir=self.folder)))

        self.fill(url, name, built, base)
        return url

    def drop(self) -> None:
        for database in self.pg_databases:
            _pg_drop(database)


@pytest.fixture(scope="session")
def templates(tmp_path_factory):
    made = _Templates(tmp_path_factory.mktemp("templates"))
    yield made
    made.drop()


def _new_url(backend: str, directory: Path, postgres_unavailable: str | None):
    """A fresh empty database: a SQLite file, or a PostgreSQL database of its own (dropped afterwards)."""
    if backend == "sqlite":
        return f"sqlite:///{directory / 'test.db'}", None
    if postgres_unavailable:
        pytest.skip(postgres_unavailable)
    database = f"wb_{uuid.uuid4().hex[:12]}"
    _pg_create(database)
    return _pg_database_url(database), lambda: _pg_drop(database)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path, postgres_unavailable) -> str:
    url, cleanup = _new_url(request.param, tmp_path, postgres_unavailable)
    yield url
    if cleanup:
        cleanup()


def _migrated(engine) -> None:
    migrate(engine)
    with write_transaction(engine) as connection:
        load_reference(connection)
        ensure_year(connection, YEAR)


@pytest.fixture
def engine(db_url, templates):
    """A migrated, empty database with the reference data and the test year (a copy of the worker's template)."""
    templates.fill(db_url, "migrated", _migrated)
    engine = make_engine(db_url)
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


def importing(*imports):
    """A build step (see _Templates.extend): `workbench import KIND FILE` for each (kind, file writer, rows, file
    name), each required to succeed."""

    def build(url: str, folder: Path) -> None:
        for kind, write, rows, file_name in imports:
            result = run(url, "import", kind, write(folder / file_name, rows))
            assert result.exit_code == 0, result.output

    return build


def hand_built(request, name: str, base: str, build) -> str:
    """The test's database (`db_url`) made the template `name`: the template `base` plus `build`, built once per
    worker and copied. The test's `engine` is disposed of, as the database under it was replaced."""
    url = request.getfixturevalue("db_url")
    request.getfixturevalue("templates").extend(url, name, base, build)
    request.getfixturevalue("engine").dispose()
    return url


@pytest.fixture
def school_map(request, engine) -> str:
    """Two communes and two schools imported: the small hand-built map the other imports lean on."""
    return hand_built(request, "school_map", "migrated", importing(("communes", write_csv, COMMUNES, "communes.csv"),
                                                                   ("schools", write_xlsx, SCHOOLS, "schools.xlsx")))


@pytest.fixture
def enrolled(request, school_map) -> str:
    return hand_built(request, "enrolled", "school_map", importing(
        ("massar-pupils", lambda path, rows: write_csv(path, rows, sep=";", bom=True), PUPILS, "pupils.csv")))


@pytest.fixture
def with_absences(request, enrolled) -> str:
    return hand_built(request, "with_absences", "enrolled", importing(("absences", write_csv, ABSENCES,
                                                                       "absences.csv")))


def _demo_built(engine) -> None:
    migrate(engine)
    build_demo(engine, region="03", pupils=2_000, year=YEAR, progress=False)


@pytest.fixture
def demo(db_url, tiny_demo_file, templates):
    """A 2,000-pupil demo with its accounts, on each backend (on SQLite, a copy of the session's tiny demo; on
    PostgreSQL, a copy of the worker's demo database)."""
    if db_url.startswith("sqlite:///"):
        shutil.copy(tiny_demo_file, db_url.removeprefix("sqlite:///"))
    else:
        templates.fill(db_url, "demo", _demo_built)
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for a browser module (each test opens its own pages). Not the session's: Playwright's sync
    API runs an event loop on the worker's thread while it lives, and a later test's asyncio.run would find it."""
    from serving import chromium

    yield from chromium()


@pytest.fixture(scope="session")
def served_apps(tiny_demo_file, tmp_path_factory):
    """One server per worker over its own copy of the tiny demo, shared by the browser modules: a test that changes
    what another reads serves a copy of its own (`own_server`, the portal's `portal_server`)."""
    from click.testing import CliRunner
    from serving import serve

    from workbench.cli import cli

    folder = tmp_path_factory.mktemp("served")
    shutil.copy(tiny_demo_file, folder / "demo.db")
    url = f"sqlite:///{folder / 'demo.db'}"
    # A real run's report, as `make demo` leaves them, for the home page's latest reports.
    result = CliRunner().invoke(cli, ["--db", url, "--quiet", "run", "overview", "--region", "03",
                                      "--out", str(folder / "reports" / "overview" / "03")])
    assert result.exit_code == 0, result.output
    yield from serve(url, folder / "reports")
