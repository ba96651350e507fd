"""What every import kind is: a table spec, database checks and a write; the flow is shared."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pandas as pd
from sqlalchemy import Connection, Engine, select

from workbench.access.guard import Write, guarded_write
from workbench.catalogue import Label, counted
from workbench.catalogue import text as text_of
from workbench.db import require_schema
from workbench.exceptions import ImportRejected, Problem
from workbench.imports.columns import TableSpec
from workbench.imports.readers import Sheet, read_sheets
from workbench.imports.table import (
    ROW,
    SHEET,
    duplicate_problems,
    read_table,
    row_problems,
)


@dataclass
class ImportReport:
    kind: str
    file: str
    rows: int
    written: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def summary(self) -> str:
        """'file: N rows valid; wrote …' in French, then in Arabic."""
        parts = counted(self.written) if self.written else None
        return text_of("cli.import_summary", file=self.file, rows=f"{self.rows:,}",
                       verb=text_of("cli.would_write" if self.dry_run else "cli.wrote"),
                       parts=parts or text_of("cli.nothing")).said()


class ImportKind:
    """One importable file format; subclasses declare `spec` and implement `check` and `write`."""

    spec: ClassVar[TableSpec]
    # The validated dataset a file of this kind changes at its schools (None: not a school's own data, which
    # only province and region teams may import).
    dataset: ClassVar[str | None] = None
    national: ClassVar[bool] = False  # national data (a catalogue, a kit): an administrator's

    def __init__(self, **options: object) -> None:
        from workbench.registry import import_columns

        self.options = options
        added = import_columns(self.spec.kind)
        # Columns a programme adds to this kind (a core kind such as communes): read and checked with the others,
        # then stored in the programme's own table by its writer (`Column.stored_by`), never in the kind's.
        self.added_columns = [column.name for column in added]
        self._stored_apart = list({column.stored_by: column for column in added if column.stored_by}.values())
        self.spec = self.spec.extended(added)

    def extract(self, sheets: list[Sheet], file: str) -> tuple[pd.DataFrame, list[Problem]]:
        frames, problems = [], []
        for sheet in sheets:
            frame, found = read_table(sheet, self.spec, file)
            frames.append(frame)
            problems += found
        frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        return frame, problems

    def prepare(self, connection: Connection, frame: pd.DataFrame) -> pd.DataFrame:
        """Columns derived from the database (a level from a class code, a pupil's school) added to a copy of the
        frame before it is checked; reads only."""
        return frame

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        """Every problem the database reveals; it reads and returns problems, and changes neither the frame nor
        the data."""
        return []

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        raise NotImplementedError

    def write_added(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        """The programmes' columns of the file, each programme's written to its own table by its writer, in the
        import's transaction after the kind's own rows (a programme's table refers to them)."""
        written: dict[str, int] = {}
        for column in self._stored_apart:  # one call per writer, whatever number of columns it stores
            written.update(column.writer()(connection, frame))
        return written

    def touched(self, connection: Connection, frame: pd.DataFrame) -> pd.DataFrame:
        """(dataset, year, school_code) of every school-year the file changes."""
        if self.dataset is None:
            return pd.DataFrame(columns=["dataset", "year", "school_code"])
        if "school_code" in frame and "year" in frame:
            found = frame[["year", "school_code"]]
        else:
            found = schools_of_pupils(connection, frame, on_year="year" in frame)[["year", "school_code"]]
        return found.drop_duplicates().assign(dataset=self.dataset)

    def check_access(self, write: Write, frame: pd.DataFrame, file: str) -> None:
        """The one authorisation rule, for a file: national kinds need an administrator; every row must lie in
        the actor's scope (a row outside refuses the whole file, naming the rows); approved data is locked."""
        if self.national:
            write.require_national()
        problems = self.rows_outside_scope(write, frame, file)
        for provinces, column, what in self.row_provinces(write.connection, frame):
            outside = write.provinces_outside(provinces.dropna().unique())
            write.scoped = True
            problems += row_problems(frame[provinces.isin(outside)], file, column,
                                     text_of("problem.province_outside", what=what, user=write.actor.label))
        if problems:
            raise ImportRejected(problems)
        touched = self.touched(write.connection, frame)
        for (dataset, year), group in touched.groupby(["dataset", "year"], sort=True):
            write.touch(dataset, year, group["school_code"])

    def row_provinces(self, connection: Connection, frame: pd.DataFrame) -> list[tuple[pd.Series, str, str]]:
        """For a kind about provinces (places, the school map): (province of each row, the column to name, what
        the row does there), checked against the actor's scope."""
        return []

    def rows_outside_scope(self, write: Write, frame: pd.DataFrame, file: str) -> list[Problem]:
        """Rows about a school (its code, or its pupil's enrolment) outside the actor's scope."""
        if self.dataset is None or write.actor.scope.level == "all":
            return []
        if "school_code" in frame:
            outside = write.schools_outside(frame["school_code"].dropna().unique())
            return row_problems(frame[frame["school_code"].isin(outside)], file, "school_code",
                                text_of("problem.outside_scope", user=write.actor.label))
        enrolled = schools_of_pupils(write.connection, frame, on_year="year" in frame)
        outside = enrolled[enrolled["school_code"].isin(write.schools_outside(enrolled["school_code"].unique()))]
        where = outside.drop_duplicates("massar_code").set_index("massar_code")["school_code"]
        rows = frame[frame["massar_code"].isin(where.index)]
        return row_problems(rows, file, "massar_code", lambda r: text_of(
            "problem.enrolled_outside", school=where[r["massar_code"]], user=write.actor.label))

    def run(self, engine: Engine, path: Path, *, dry_run: bool = False) -> ImportReport:
        """Validate the whole file, then write it in one transaction; any problem writes nothing."""
        require_schema(engine)
        file = path.name
        frame, problems = self.extract(read_sheets(path), file)
        if not problems and frame.empty:
            problems.append(Problem(file, text_of("problem.no_rows")))
        if not frame.empty:
            problems += duplicate_problems(frame, self.spec.key, file)
        try:
            with guarded_write(engine, f"import {self.spec.kind}", file=file) as guarded:
                connection = guarded.connection
                clean = _rows_without_problems(frame, problems, [c.name for c in self.spec.columns])
                if clean is not None and not clean.empty:  # every problem of the file in one pass
                    problems += self.check(connection, self.prepare(connection, clean), file)
                if problems:
                    raise ImportRejected(problems)
                frame = self.prepare(connection, frame)
                self.check_access(guarded, frame, file)
                written = self.write(connection, frame)
                written.update(self.write_added(connection, frame))
                if dry_run:
                    raise _RollBack(written)
        except _RollBack as rolled_back:
            written = rolled_back.written
        return ImportReport(self.spec.kind, file, len(frame), written, dry_run)


def _rows_without_problems(frame: pd.DataFrame, problems: list[Problem], columns: list[str]) -> pd.DataFrame | None:
    """The rows the database checks can still look at: those with no problem of their own; None when a problem
    concerns the whole sheet (a column missing or given twice: the rows cannot be read as the kind's)."""
    if any(problem.row is None for problem in problems) or frame.empty or not set(columns) <= set(frame.columns):
        return None
    bad = {(problem.sheet, problem.row) for problem in problems}
    keep = [(sheet, row) not in bad for sheet, row in zip(frame[SHEET], frame[ROW])]
    return frame[keep].reset_index(drop=True)


def schools_of_pupils(connection: Connection, frame: pd.DataFrame, on_year: bool = True) -> pd.DataFrame:
    """(massar_code, year, school_code) where the frame's pupils are enrolled: in the frame's year, or in any."""
    from workbench.models import Enrolment

    codes = frame["massar_code"].dropna().unique().tolist()
    enrolled = pd.concat([pd.read_sql(select(Enrolment.massar_code, Enrolment.year, Enrolment.school_code).where(
        Enrolment.massar_code.in_(codes[start : start + 900])), connection) for start in range(0, len(codes), 900)]
        or [pd.DataFrame(columns=["massar_code", "year", "school_code"])])
    if on_year:
        enrolled = frame[["massar_code", "year"]].drop_duplicates().merge(enrolled, on=["massar_code", "year"])
    return enrolled[["massar_code", "year", "school_code"]]


class _RollBack(Exception):
    """Raised inside the transaction of a dry run so that what was written is undone."""

    def __init__(self, written: dict[str, int]):
        self.written = written


def shared_record_problems(write: Write, frame: pd.DataFrame, changed: pd.Series, holders: pd.DataFrame,
                           file: str, column: str, what: Label) -> list[Problem]:
    """A record several schools share (a pupil's identity, a guardian) changed by the rows `changed`: refused for
    rows whose record is held by a school outside the actor's scope; locked where that school's pupils are
    approved. `holders` maps the record's key (`column`) to (year, school_code)."""
    holders = holders[holders[column].isin(frame.loc[changed, column])]
    outside = holders[holders["school_code"].isin(write.schools_outside(holders["school_code"].unique()))]
    where = outside.drop_duplicates(column).set_index(column)["school_code"]
    problems = row_problems(frame[changed & frame[column].isin(where.index)], file, column,
                            lambda r: text_of("problem.shared_outside", what=what, school=where[r[column]],
                                              user=write.actor.label))
    if not problems:
        for year, group in holders.groupby("year", sort=True):
            write.touch("pupils", year, group["school_code"])  # refused while any of them is approved
    return problems
