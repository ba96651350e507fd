"""The demo's absence days on SQLite, on both cores: a helper process draws them and stages them in scratch files,
part by part, while this process copies the pupils and households and then each finished part into the store.

The rows are the ones the build would draw itself: the same chunks of enrolments, each with its own seed, staged in
the same order. A national demo draws 55 million absence days; drawing them beside the copies instead of between
them is what brings its build under ten minutes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection

from workbench import absence_months
from workbench.bulk import plain_arrow, record_bulk_write
from workbench.demo import generate
from workbench.models import Absence, AbsenceMonth
from workbench.processes import helper_pool
from workbench.staging import ScratchFile, copy_staged

PARTS = 2  # scratch files a build attaches for its absences (SQLite attaches at most ten in one transaction)
AUDIT_ROWS = 1_000
ENROLMENT_COLUMNS = ["massar_code", "school_code", "left_on"]  # what drawing a chunk reads


@dataclass
class StagedPart:
    """One part's scratch file, what it holds, and its first rows for the audit trail."""

    path: Path
    absences: int
    months: int
    by_school: pd.DataFrame
    first_absences: pd.DataFrame
    first_months: pd.DataFrame


def draw_part(spec: generate.DemoSpec, chunks: Sequence[tuple[int, pd.DataFrame]], schools: pd.DataFrame,
              communes: pd.DataFrame) -> StagedPart:
    """Draw the chunks' absence days and month rows into a new scratch file (in a helper process)."""
    scratch = ScratchFile()
    absences = months_count = 0
    by_school, first_absences, first_months = [], None, None
    try:
        for number, chunk in chunks:
            rows = generate.absences(spec, chunk, schools, communes, chunk=number)
            months = absence_months.from_frame(rows)
            scratch.ingest(Absence.__tablename__, plain_arrow(rows))
            scratch.ingest(AbsenceMonth.__tablename__, plain_arrow(months))
            by_school.append(absence_months.schools_from_frame(months, chunk, spec.year))
            absences, months_count = absences + len(rows), months_count + len(months)
            if first_absences is None:
                first_absences, first_months = rows.head(AUDIT_ROWS), months.head(AUDIT_ROWS)
    except BaseException:
        scratch.discard()
        raise
    scratch.close()
    return StagedPart(scratch.path, absences, months_count, pd.concat(by_school), first_absences, first_months)


def draw_aside(spec: generate.DemoSpec, enrolments: pd.DataFrame, schools: pd.DataFrame, communes: pd.DataFrame,
               chunk_rows: int) -> list[Future]:
    """Start drawing every chunk of `chunk_rows` enrolments in a helper process, in PARTS parts: their futures."""
    enrolments = enrolments[ENROLMENT_COLUMNS]
    chunks = [(number, enrolments.iloc[start: start + chunk_rows])
              for number, start in enumerate(range(0, len(enrolments), chunk_rows))]
    size = max(1, math.ceil(len(chunks) / PARTS))
    pool = helper_pool(1)
    try:
        return [pool.submit(draw_part, spec, chunks[start: start + size], schools, communes)
                for start in range(0, len(chunks), size)]
    finally:
        pool.shutdown(wait=False)  # the helper ends once the last part is drawn


def copy_parts(connection: Connection, parts: Sequence[Future]) -> tuple[int, list[pd.DataFrame]]:
    """Copy each part into the store as soon as it is drawn; the absence days written and the school-month rows."""
    written, by_school = 0, []
    for future in parts:
        part: StagedPart = future.result()
        record_bulk_write(connection, Absence.__table__, part.first_absences, total=part.absences)
        record_bulk_write(connection, AbsenceMonth.__table__, part.first_months, total=part.months)
        copy_staged(connection, part.path, [(Absence.__tablename__, list(part.first_absences.columns)),
                                            (AbsenceMonth.__tablename__, list(part.first_months.columns))])
        written += part.absences
        by_school.append(part.by_school)
    return written, by_school


def discard_parts(parts: Sequence[Future]) -> None:
    """After a failed build: the parts not started are cancelled, and each other part's scratch file is deleted once
    drawn (an attached one is only unlinked: the connection drops it when it goes back to the pool)."""
    for future in parts:
        if not future.cancel():
            future.add_done_callback(_delete_scratch)


def _delete_scratch(future: Future) -> None:
    if not future.cancelled() and future.exception() is None:
        Path(future.result().path).unlink(missing_ok=True)
