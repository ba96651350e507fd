"""The grant-lists campaign's entry points: ranked lists for a run's scope, the list CSVs and the committee
workbooks."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

from workbench.excel import write_workbooks_aside
from workbench.programmes.grants import compute as ranking
from workbench.programmes.grants import outputs, queries
from workbench.run_context import RunContext


def compute(connection: Connection, run: RunContext) -> ranking.GrantLists:
    return ranking.compute(connection, run.scope, run.year)


def write_outputs(connection: Connection, lists: ranking.GrantLists, run: RunContext) -> list[Path]:
    names = queries.applicant_names(connection, run.year)
    jobs = outputs.committee_workbooks(lists, names, run.out_dir)
    # The committees' workbooks (a national run: one per province, hundreds of thousands of lines) are written in
    # other processes while this one writes the CSVs and draws the report; the notebook's last cell waits for them
    # (run.finish).
    run.pending.extend(write_workbooks_aside(jobs))
    return outputs.write_list(lists, run.out_dir) + [path for path, _, _ in jobs]
