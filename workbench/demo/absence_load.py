"""The demo's absence days, drawn chunk by chunk of enrolments (each chunk with its own seed) and written with their
month rows. On SQLite, on both cores: a helper process draws them and stages them in scratch files, part by part,
while this process copies the pupils and households and then each finished part into the store. Elsewhere, or for a
small demo, they are drawn and written in line (the next chunk drawn in a thread while the database writes one).

Both ways write the same rows in the same order. A national demo draws 55 million absence days; drawing them beside
the copies instead of between them is what brings its build under ten minutes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection

from workbench import absence_months
from workbench.bulk import insert_frame, plain_arrow, record_bulk_write
from workbench.demo import generate
from workbench.models import Absence, AbsenceMonth
from workbench.processes import helper_pool
from workbench.staging import ScratchFile, copy_staged

PARTS = 2  # scratch files a build attaches for its absences (SQLite attaches at most ten in one transaction)
AUDIT_ROWS = 1_000
ENROLMENT_COLUMNS = ["massar_code", "school_code", "left_on"]  # what drawing a chunk reads


def chunks(enrolments: pd.DataFrame, chunk_rows: int) -> list[tuple[int, pd.DataFrame]]:
    """The enrolments in chunks of `chunk_rows`, numbered (a chunk's number seeds its draw)."""
    enrolments = enrolments[ENROLMENT_COLUMNS]
    return [(number, enrolments.iloc[start: start + chunk_rows])
            for number, start in enumerate(range(0, len(enrolments), chunk_rows))]


def draw_chunk(spec: generate.DemoSpec, number: int, chunk: pd.DataFrame, schools: pd.DataFrame,
               communes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A chunk's absence days, in key order, and their month rows."""
    rows = generate.absences(spec, chunk, schools, communes, chunk=number)
    return rows, absence_months.from_frame(rows)


def write_in_line(connection: Connection, spec: generate.DemoSpec, enrolments: pd.DataFrame, schools: pd.DataFrame,
                  communes: pd.DataFrame, chunk_rows: int) -> tuple[int, list[pd.DataFrame]]:
    """Draw and write every chunk here; the absence days written and the school-month rows."""
    numbered = chunks(enrolments, chunk_rows)
    written, by_school = 0, []
    with ThreadPoolExecutor(max_workers=1) as pool:
        drawing = [pool.submit(draw_chunk, spec, number, chunk, schools, communes) for number, chunk in numbered[:1]]
        for index, (_, chunk) in enumerate(numbered):
            if index + 1 < len(numbered):  # the next chunk is drawn while this one is written
                number, following = numbered[index + 1]
                drawing.append(pool.submit(draw_chunk, spec, number, following, schools, communes))
            rows, months = drawing.pop(0).result()
            written += insert_frame(connection, Absence.__table__, rows, ordered=True)
            insert_frame(connection, AbsenceMonth.__table__, months, ordered=True)
            by_school.append(absence_months.schools_from_frame(months, chunk, spec.year))
    return written, by_school


@dataclass
class StagedPart:
    """One part's scratch file, what it holds, and its first rows for the audit trail."""

    path: Path
    absences: int
    months: int
    by_school: pd.DataFrame
    first_absences: pd.DataFrame
    first_months: pd.DataFrame


def draw_part(spec: generate.DemoSpec, drawn: Sequence[tuple[int, pd.DataFrame]], schools: pd.DataFrame,
              communes: pd.DataFrame) -> StagedPart:
    """Draw the chunks' absence days and month rows into a new scratch file (in a helper process)."""
    scratch = ScratchFile()
    absences = months_count = 0
    by_school, first_absences, first_months = [], None, None
    try:
        for number, chunk in drawn:
            rows, months = draw_chunk(spec, number, chunk, schools, communes)
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
    numbered = chunks(enrolments, chunk_rows)
    size = max(1, math.ceil(len(numbered) / PARTS))
    pool = helper_pool(1)
    try:
        return [pool.submit(draw_part, spec, numbered[start: start + size], schools, communes)
                for start in range(0, len(numbered), size)]
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
