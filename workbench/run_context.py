"""What a campaign notebook works on: its programme, checked parameters, database, year and scope.

Every notebook's first cell after `parameters` is `run = open_run("<programme id>", **parameters)`; the
notebook then calls `run.compute(...)` and `run.write_outputs(...)`, the programme's declared entry points.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from workbench import analytics, config, memory, sqlite_reader
from workbench.catalogue import text
from workbench.codes import normalise_year
from workbench.db import make_engine, require_schema
from workbench.exceptions import InputError
from workbench.filemodes import folder
from workbench.programme import Programme
from workbench.scope import Scope, as_covered, resolve_scope


@dataclass
class RunContext:
    programme: Programme
    parameters: Any  # the programme's RunParameters, as given
    engine: Engine
    year: str
    scope: Scope
    out_dir: Path
    pending: list[Future] = field(default_factory=list)  # files still being written in other processes
    # reads a campaign's computation started for its files (analytics.Ahead), by the name its outputs take them by
    reads_ahead: dict[str, analytics.Ahead] = field(default_factory=dict)

    def compute(self, connection: Connection) -> Any:
        """The programme's computation, its reads through the analytics path (workbench.analytics); what it
        freed is given back to the system before the next step (workbench.memory)."""
        with analytics.reading(connection):
            result = self.programme.compute(connection, self)
        memory.give_back()
        return result

    def write_outputs(self, connection: Connection, result: Any) -> list[Path]:
        if self.programme.write_outputs is None:
            return []
        with analytics.reading(connection):
            written = self.programme.write_outputs(connection, result, self)
        if self.pending:  # a workbook written aside: the run reads nothing more, its readers' memory is given back
            sqlite_reader.stop()
        memory.give_back()  # before the report is drawn
        return written

    def finish(self) -> None:
        """Wait for the files a campaign is still writing in other processes (a notebook's last cell, when its
        campaign writes aside while the report is drawn): the first failure fails the run."""
        while self.pending:
            self.pending.pop(0).result()

    def approval_note(self):
        """The report's statement of how many schools' data was approved, and whether only theirs is counted."""
        from workbench import report
        from workbench.access.validation import approval_counts

        with self.engine.connect() as connection:
            approved, schools = approval_counts(connection, self.scope, self.year, self.programme.dataset_name)
        said = text("approval.approved_only" if self.scope.approved else "approval.all_data", approved=approved,
                    schools=schools)
        return report.note(*said)


def open_run(programme_id: str, **values: Any) -> RunContext:
    """Check a notebook's parameters and resolve them (called in each notebook's first cell)."""
    from workbench.registry import programme as find

    programme = find(programme_id)
    known = {f.name for f in dataclasses.fields(programme.parameters)}
    parameters = programme.parameters(**{k: v for k, v in values.items() if k in known})
    engine = make_engine(parameters.db_url or None)
    require_schema(engine)
    code = normalise_year(parameters.year or config.DEMO_YEAR.value())
    if code is None:
        raise InputError(text("error.not_a_year", year=parameters.year))
    with engine.connect() as connection:
        scope = as_covered(connection, resolve_scope(connection, region=parameters.region or None,
                                                     province=parameters.province or None,
                                                     school=parameters.school or None))
    if parameters.approved_only:
        scope = scope.only_approved(programme.dataset_name, code)
    out = Path(parameters.out_dir)
    folder(out)  # a reports folder: its owner's and their group's (workbench.filemodes)
    return RunContext(programme, parameters, engine, code, scope, out)
