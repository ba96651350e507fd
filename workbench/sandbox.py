"""Training sandboxes: a copy of the demo in its own SQLite file, served on its own and reset between sessions."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, func, select

from workbench import config
from workbench.access.guard import record_event
from workbench.bulk import insert_frame, read_frame
from workbench.catalogue import text
from workbench.db import make_engine, migrate, require_schema, write_transaction
from workbench.exceptions import InputError, WorkbenchError
from workbench.models import AuditEvent, Base, Pupil
from workbench.registry import load_models

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def sandbox_files(name: str) -> tuple[Path, Path]:
    """(live database, pristine copy it is reset from)."""
    if not _NAME.match(name):
        raise InputError(text("error.sandbox_name", name=name))
    return config.sandbox_dir() / f"{name}.db", config.sandbox_dir() / f"{name}.pristine.db"


def sandbox_url(name: str) -> str:
    live, pristine = sandbox_files(name)
    if not live.exists() or not pristine.exists():
        known = ", ".join(list_sandboxes()) or "none yet"
        raise InputError(text("error.no_sandbox", name=name, known=known))
    return f"sqlite:///{live}"


def list_sandboxes() -> list[str]:
    return sorted(p.name.removesuffix(".pristine.db") for p in config.sandbox_dir().glob("*.pristine.db"))


def create_sandbox(source: Engine, name: str, *, replace: bool = False) -> Path:
    """Copy the source database (the demo) into the sandbox's own file, and keep a pristine copy for resets."""
    live, pristine = sandbox_files(name)
    if pristine.exists() and not replace:
        raise InputError(text("error.sandbox_exists", name=name))
    require_schema(source)
    with source.connect() as connection:
        if not connection.execute(select(func.count()).select_from(Pupil)).scalar_one():
            raise InputError(text("error.no_pupils_to_train"))
    config.sandbox_dir().mkdir(parents=True, exist_ok=True)
    for path in (live, pristine):
        path.unlink(missing_ok=True)
    if source.dialect.name == "sqlite":
        _backup(Path(source.url.database), pristine)
    else:
        _copy_tables(source, make_engine(f"sqlite:///{pristine}"))
    _backup(pristine, live)
    with write_transaction(make_engine(f"sqlite:///{live}")) as connection:
        record_event(connection, f"create sandbox {name}", {})
    return live


def reset_sandbox(name: str) -> None:
    """Put the sandbox back as it was created (the trainers' reset button between two sessions)."""
    live, pristine = sandbox_files(name)
    if not pristine.exists():
        raise InputError(text("error.no_sandbox", name=name, known="—"))
    _backup(pristine, live)
    with write_transaction(make_engine(f"sqlite:///{live}")) as connection:
        record_event(connection, f"reset sandbox {name}", {})


def _backup(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy even while the source or the target is in use."""
    from workbench.filemodes import private_database

    try:
        private_database(target)  # a copy of everyone's personal data: its owner's only, as the database
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
    except sqlite3.Error as exc:
        raise WorkbenchError(text("error.sandbox_copy", source=source, target=target, detail=exc)) from exc


def _copy_tables(source: Engine, target: Engine) -> None:
    """From PostgreSQL (or any database) into a new SQLite file, table by table, parents first."""
    migrate(target)
    with source.connect() as reading, write_transaction(target) as writing:
        load_models()
        for table in Base.metadata.sorted_tables:
            if table.name == AuditEvent.__tablename__:
                continue  # the sandbox starts its own trail
            writing.execute(table.delete())
            frame = read_frame(reading, select(table))
            insert_frame(writing, table, frame)
