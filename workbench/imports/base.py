"""What every import kind is: a table spec, database checks and a write; the flow is shared."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pandas as pd
from sqlalchemy import Connection, Engine, select

from workbench.access.guard import Write, guarded_write
from workbench.db import require_schema
from workbench.exceptions import ImportRejected, Problem
from workbench.imports.columns import TableSpec
from workbench.imports.readers import Sheet, read_sheets
from workbench.imports.table import duplicate_problems, read_table


@dataclass
class ImportReport:
    kind: str
    file: str
    rows: int
    written: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would write" if self.dry_run else "wrote"
        parts = ", ".join(f"{n:,} {table}" for table, n in self.written.items())
        return f"{self.file}: {self.rows:,} rows valid; {verb} {parts or 'nothing'}."


class ImportKind:
    """One importable file format; subclasses declare `spec` and implement `check` and `write`."""

    spec: ClassVar[TableSpec]
    # The validated dataset a file of this kind changes at its schools (None: not a school's own data, which
    # only province and region teams may import).
    dataset: ClassVar[str | None] = None

    def __init__(self, **options: object) -> None:
        from workbench.registry import import_columns

        self.options = options
        added = import_columns(self.spec.kind)
        # Columns a programme adds to this kind (a core kind such as communes): read and written with the others.
        self.added_columns = [column.name for column in added]
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

    def touched(self, connection: Connection, frame: pd.DataFrame) -> pd.DataFrame:
        """(dataset, year, school_code) of every school-year the file changes."""
        if self.dataset is None:
            return pd.DataFrame(columns=["dataset", "year", "school_code"])
        if "school_code" in frame and "year" in frame:
            found = frame[["year", "school_code"]]
        else:
            found = schools_of_pupils(connection, frame, on_year="year" in frame)[["year", "school_code"]]
        return found.drop_duplicates().assign(dataset=self.dataset)

    def check_access(self, write: Write, frame: pd.DataFrame) -> None:
        touched = self.touched(write.connection, frame)
        for (dataset, year), group in touched.groupby(["dataset", "year"], sort=True):
            write.touch(dataset, year, group["school_code"])

    def run(self, engine: Engine, path: Path, *, dry_run: bool = False) -> ImportReport:
        """Validate the whole file, then write it in one transaction; any problem writes nothing."""
        require_schema(engine)
        file = path.name
        frame, problems = self.extract(read_sheets(path), file)
        if not problems and frame.empty:
            problems.append(Problem(file, "the file has a header but no data rows"))
        if not problems:
            problems += duplicate_problems(frame, self.spec.key, file)
        try:
            with guarded_write(engine, f"import {self.spec.kind}", file=file) as guarded:
                connection = guarded.connection
                if not problems:
                    frame = self.prepare(connection, frame)
                    problems += self.check(connection, frame, file)
                if problems:
                    raise ImportRejected(problems)
                self.check_access(guarded, frame)
                written = self.write(connection, frame)
                if dry_run:
                    raise _RollBack(written)
        except _RollBack as rolled_back:
            written = rolled_back.written
        return ImportReport(self.spec.kind, file, len(frame), written, dry_run)


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
