"""The one door every change goes through: who may write, whether the schools are theirs, whether the data is
approved (locked), and the audit trail of what was there before and after, all in one transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import pandas as pd
from sqlalchemy import Connection, Date, Engine, Table, func, insert, select, tuple_, update
from sqlalchemy.exc import IntegrityError

from workbench.access import chain
from workbench.access.actor import ROLE_LABELS, Actor, current_actor
from workbench.access.datasets import dataset_label
from workbench.catalogue import Label, listed, text
from workbench.db import write_transaction
from workbench.exceptions import InputError
from workbench.models import Commune, Province, School, Validation

# Rows kept value by value in one audit event; a bigger write keeps its row count and the first rows.
DETAIL_LIMIT = 1_000
_IN_CHUNK = 900  # SQLite's older builds allow 999 bound values per statement


class Write:
    """What a write has touched and changed so far; recorded in the audit trail when it commits."""

    def __init__(self, connection: Connection, actor: Actor, action: str, file: str | None):
        self.connection = connection
        self.actor = actor
        self.action = action
        self.file = file
        self.touched: list[tuple[str, str, list[str]]] = []
        self.schools: set[str] = set()  # every school this write is about, for the audit trail
        self.scoped = False  # whether the schools this write is about were checked against the actor's scope
        self._events: list[dict] = []

    # --- checks --------------------------------------------------------------------------------------------
    def touch(self, dataset: str, year: str, schools: Iterable[str]) -> None:
        """Declare that this write changes `dataset` of `year` at these schools: refused if a school is outside
        the actor's scope or if its data is approved (locked until the approver reopens it)."""
        codes = sorted({str(code) for code in schools if code is not None and not pd.isna(code)})
        if not codes:
            return
        self.check_scope(codes)
        locked = []
        for chunk in in_chunks(codes):
            locked += self.connection.execute(
                select(Validation.school_code, Validation.changed_by, Validation.changed_at).where(
                    Validation.year == year, Validation.dataset == dataset, Validation.state == "approved",
                    Validation.school_code.in_(chunk))).all()
        if locked:
            first = locked[0]
            shown = ", ".join(row.school_code for row in locked[:5]) + (" ..." if len(locked) > 5 else "")
            raise InputError(text("error.locked", data=Label(*dataset_label(dataset)), year=year, schools=shown,
                                  by=first.changed_by, on=f"{first.changed_at:%Y-%m-%d}"))
        self.touched.append((dataset, year, codes))

    def check_scope(self, codes: list[str]) -> None:
        """Refuse schools outside the actor's scope."""
        if not codes:
            return
        self.scoped = True
        self.schools.update(codes)
        outside = self.schools_outside(codes)
        if outside:
            raise InputError(text("error.schools_outside", schools=", ".join(outside[:5]),
                                  user=self.actor.username))

    def schools_outside(self, codes: Iterable[str]) -> list[str]:
        """The schools of `codes` outside the actor's scope (an unknown school is outside every scope but the
        whole country's)."""
        codes = sorted({str(code) for code in codes if code is not None and not pd.isna(code)})
        scope = self.actor.scope
        if scope.level == "all" or not codes:
            return []
        query = (select(School.code).join(Commune, Commune.code == School.commune_code)
                 .join(Province, Province.code == Commune.province_code))
        inside: set[str] = set()
        for chunk in in_chunks(codes):
            inside |= set(self.connection.scalars(scope.filter(query.where(School.code.in_(chunk)))))
        return [code for code in codes if code not in inside]

    def provinces_outside(self, codes: Iterable[str]) -> list[str]:
        """The provinces of `codes` outside the actor's scope: a province team has its own, a region team its
        region's, a director none (a province's data is not a school's)."""
        codes = sorted({str(code) for code in codes if code is not None and not pd.isna(code)})
        scope = self.actor.scope
        if scope.level == "all" or not codes:
            return []
        if scope.school:
            return codes
        if scope.province:
            return [code for code in codes if code != scope.province]
        regions = dict(self.connection.execute(select(Province.code, Province.region_code)
                                               .where(Province.code.in_(codes))).all())
        return [code for code in codes if regions.get(code) != scope.region]

    def check_provinces(self, codes: Iterable[str]) -> None:
        """Refuse a write about provinces outside the actor's scope (places per province, a school's map)."""
        self.scoped = True
        outside = self.provinces_outside(codes)
        if outside:
            raise InputError(text("error.provinces_outside", provinces=", ".join(outside[:5]),
                                  user=self.actor.username))

    def require_national(self) -> None:
        """National data (the demo, reference data, a programme's settings, issuing or publishing for the whole
        country): an administrator's, or a trainer's inside a training sandbox."""
        self.scoped = True
        if self.actor.role == "administrator" or (self.actor.role == "trainer" and in_sandbox(self.connection)):
            return
        raise InputError(text("error.national", user=self.actor.username))

    # --- what changed --------------------------------------------------------------------------------------
    def capture(self, table: Table, keys: Sequence[str], rows: Sequence[dict], hide: Sequence[str] = (),
                total: int | None = None) -> None:
        """Record the rows about to be written to `table` (keyed by `keys`) with what was there before; `rows`
        may be the first rows only of a write of `total` rows."""
        total = len(rows) if total is None else total
        detailed = list(rows[:DETAIL_LIMIT])
        before: list[dict] = []
        if detailed and keys:
            key_values = [tuple(_plain(row[k], table.c[k]) for k in keys) for row in detailed]
            columns = [table.c[k] for k in keys]
            for chunk in in_chunks(key_values, _IN_CHUNK // max(len(keys), 1)):
                # The first key column alone as well: SQLite scans the whole table for a list of row values.
                found = self.connection.execute(select(table).where(
                    columns[0].in_(sorted({key[0] for key in chunk})), tuple_(*columns).in_(chunk))).mappings().all()
                before += [dict(row) for row in found]
        self._events.append({"table_name": table.name, "rows": total,
                             "before": _json(before, hide), "after": _json(detailed, hide),
                             "detail_complete": total <= len(detailed)})

    def removing(self, table: Table, condition) -> None:
        """Record the rows a replacement is about to delete (a file that replaces a week or a day): how many, and
        the first of them as they were, so that nothing a file replaced is lost from the trail."""
        total = self.connection.execute(select(func.count()).select_from(table).where(condition)).scalar_one()
        if not total:
            return
        found = self.connection.execute(select(table).where(condition).limit(DETAIL_LIMIT)).mappings().all()
        self._events.append({"table_name": table.name, "rows": total, "before": _json([dict(r) for r in found]),
                             "after": None, "detail_complete": total <= len(found)})

    def change(self, table_name: str, key: dict, before: dict, after: dict) -> None:
        """Record a change made with an UPDATE (the bulk writers record theirs themselves)."""
        self._events.append({"table_name": table_name, "rows": 1, "before": _json([{**key, **before}]),
                             "after": _json([{**key, **after}]), "detail_complete": True})

    def current(self, table: Table, key: dict) -> dict | None:
        """A versioned record as stored now, locked until this write ends (PostgreSQL: SELECT ... FOR UPDATE)."""
        row = self.connection.execute(select(table).where(*(table.c[k] == v for k, v in key.items()))
                                      .with_for_update()).mappings().first()
        return dict(row) if row else None

    def save_versioned(self, table: Table, key: dict, values: dict, expected_version: int | None) -> int:
        """Insert or update a record that carries a `version`, refusing it if the record changed since the user
        read it at `expected_version` (0: it did not exist); returns the new version. No lost updates: on
        PostgreSQL a concurrent writer waits for the row lock, then finds the version moved on."""
        current = self.current(table, key)
        version = current["version"] if current else 0
        if expected_version is not None and expected_version != version:
            raise stale_record(current)
        new = {**key, **values, "version": version + 1}
        if current is None:
            try:
                with self.connection.begin_nested():
                    self.connection.execute(insert(table).values(**new))
            except IntegrityError:
                raise stale_record(None) from None
        else:
            done = self.connection.execute(update(table).where(
                *(table.c[k] == v for k, v in key.items()), table.c.version == version).values(**new))
            if done.rowcount != 1:
                raise stale_record(None)
        self.change(table.name, key, {k: current[k] for k in [*values, "version"]} if current else {},
                    {**values, "version": version + 1})
        return version + 1

    def insert(self, table: Table, rows: Sequence[dict], hide: Sequence[str] = ()) -> None:
        self.capture(table, [], rows, hide)
        self.connection.execute(insert(table), list(rows))

    def flush(self) -> None:
        if self.actor.role == "director" and not self.scoped:
            raise InputError(text("error.not_school_data"))
        datasets = sorted({dataset for dataset, _, _ in self.touched})
        schools = sorted(self.schools)
        common = {"at": dt.datetime.now(), "username": self.actor.username, "role": self.actor.role,
                  "via": self.actor.via[:80], "action": self.action[:80], "file": self.file,
                  "dataset": ",".join(datasets)[:24] or None,
                  "school_codes": ",".join(schools) or None}
        events = self._events or [{"table_name": None, "rows": 0, "before": None, "after": None,
                                   "detail_complete": True}]
        chain.append(self.connection, [{**common, **event} for event in events])


def in_sandbox(connection: Connection) -> bool:
    """Whether this database is a training sandbox (a file of data/sandboxes/)."""
    from pathlib import Path

    from workbench import config

    database = connection.engine.url.database
    if connection.dialect.name != "sqlite" or not database:
        return False
    return Path(database).resolve().parent == config.sandbox_dir().resolve()


@contextmanager
def guarded_write(engine: Engine, action: str, *, file: str | None = None,
                  roles: Sequence[str] | None = None, national: bool = False,
                  own_preference: bool = False) -> Iterator[Write]:
    """Open the one transaction of a change made by the current actor; all of it lands with its audit record,
    or nothing does. `national`: the change is about national data (see `Write.require_national`);
    `own_preference`: the actor changes only their own account's settings (a trainer may, outside a sandbox)."""
    actor = current_actor()
    if roles is not None and actor.role not in roles:
        raise InputError(text("error.reserved", roles=listed(ROLE_LABELS[r] for r in roles), user=actor.username))
    with write_transaction(engine) as connection:
        if actor.role == "trainer" and not own_preference and not in_sandbox(connection):
            raise InputError(text("error.trainer_outside_sandbox"))
        write = Write(connection, actor, action, file)
        connection.info["audit"] = write
        try:
            if national:
                write.require_national()
            yield write
            write.flush()
        finally:
            connection.info.pop("audit", None)


def stale_record(current: dict | None) -> InputError:
    by = current.get("changed_by") if current else None
    return InputError(text("error.stale", by=by) if by else text("error.stale_anonymous"))


def record_event(connection: Connection, action: str, written: dict[str, int]) -> None:
    """One audit event, with row counts only, for a bulk load that is not a school's own entry (the demo)."""
    write = Write(connection, current_actor(), action, None)
    write.scoped = True
    write._events = [{"table_name": table, "rows": rows, "before": None, "after": None, "detail_complete": False}
                     for table, rows in written.items()]
    write.flush()


def require_national(connection: Connection, action: str) -> None:
    """Refuse a bulk load of national data (the demo) to anyone but an administrator, or a trainer in a sandbox."""
    Write(connection, current_actor(), action, None).require_national()


def active_write(connection: Connection) -> Write | None:
    """The guarded write a connection belongs to, if any (the bulk writers record their rows in it)."""
    return connection.info.get("audit")


def in_chunks(values: list, size: int = _IN_CHUNK) -> Iterator[list]:
    """Values in IN lists of a bounded length (SQLite's limit on bound values)."""
    for start in range(0, len(values), max(size, 1)):
        yield values[start : start + size]


def _plain(value: object, column) -> object:
    if isinstance(value, pd.Timestamp):
        return value.date() if isinstance(column.type, Date) else value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()
    return value


def _json(rows: Sequence[dict], hide: Sequence[str] = ()) -> str:
    shown = [{k: ("***" if k in hide else v) for k, v in row.items()} for row in rows]
    return json.dumps(shown, default=str, ensure_ascii=False)
