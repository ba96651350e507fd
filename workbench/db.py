"""Engines, migrations and the one place that owns write transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, partial

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from workbench import config
from workbench.catalogue import Label, text
from workbench.exceptions import InputError, WorkbenchError


def resolve_url(url: str | None = None) -> str:
    """The URL given, else the `WORKBENCH_DB_URL` setting, with PostgreSQL routed to psycopg 3."""
    url = url or config.DB_URL.value()
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


@cache
def server_engine() -> Engine:
    """The one engine of a server process (`workbench serve`): its logins, realms and sessions share it."""
    return make_engine()


def make_engine(url: str | None = None) -> Engine:
    url = resolve_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise InputError(text("error.db_url", url=url)) from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            from pathlib import Path

            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # A writer that meets another one's lock waits for it (an import commits in seconds) before giving up.
        engine = create_engine(parsed, connect_args={"timeout": LOCK_WAIT_SECONDS})
        if parsed.database and parsed.database != ":memory:" and not parsed.query.get("uri"):
            # a new database file is its owner's only from the start (SQLite creates it, and its journals, 0644)
            event.listen(engine, "do_connect", partial(_private_database, parsed.database))
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "checkin", _detach_staging)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


LOCK_WAIT_SECONDS = 30


def explain(exc: DBAPIError) -> Label:
    """A database error in one line an operator can act on: no SQL, no values (they may hold personal data)."""
    said = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__
    lowered = said.lower()
    if "database is locked" in lowered or "lock timeout" in lowered or "could not obtain lock" in lowered:
        return text("error.db_locked", seconds=LOCK_WAIT_SECONDS)
    if isinstance(exc, OperationalError):
        return text("error.db_unusable", kind=type(exc.orig).__name__)
    return text("error.db_refused", kind=type(exc.orig).__name__)


def _private_database(path: str, *_connect) -> None:
    from workbench.filemodes import private_database

    private_database(path)


def _detach_staging(dbapi_connection, _record) -> None:
    from workbench.staging import detach_staging

    detach_staging(dbapi_connection)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-200000")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def _alembic_config(connection: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(config.MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest migration (creating it on an empty database)."""
    try:
        with engine.begin() as connection:
            command.upgrade(_alembic_config(connection), "head")
    except OperationalError as exc:
        raise WorkbenchError(text("error.db_unreachable", url=repr(engine.url), detail=exc.orig)) from exc


def schema_is_current(engine: Engine) -> bool:
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        head = ScriptDirectory.from_config(_alembic_config(connection)).get_current_head()
    return current == head


def require_schema(engine: Engine) -> None:
    """Fail with the command to run instead of a SQL error when the database is not initialised."""
    try:
        current = schema_is_current(engine)
    except OperationalError as exc:
        raise WorkbenchError(text("error.db_unreachable", url=repr(engine.url), detail=exc.orig)) from exc
    if not current:
        raise WorkbenchError(text("error.db_not_ready", url=repr(engine.url)))


@contextmanager
def journal_for_a_load(engine: Engine) -> Iterator[None]:
    """SQLite's rollback journal instead of its WAL while one large load fills a database no other connection has
    open, then WAL again. The WAL writes every page twice (in the log, then into the database when checkpointed:
    a minute for the national demo's 10 GB); the rollback journal once, as the pages a load adds are not journalled.
    The load stays one transaction. When the database is open elsewhere it stays in WAL, at once (no lock wait)."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        yield
        return
    engine.dispose()  # the pool's idle connections hold the WAL open
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA busy_timeout=0")
        try:
            switched = connection.exec_driver_sql("PRAGMA journal_mode=DELETE").scalar() == "delete"
        except OperationalError:  # another connection has the database open
            switched = False
        connection.exec_driver_sql(f"PRAGMA busy_timeout={LOCK_WAIT_SECONDS * 1000}")
    try:
        yield
    finally:
        if switched:
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """Every write of the workbench happens inside one of these: all of it lands, or none."""
    with engine.begin() as connection:
        yield connection
