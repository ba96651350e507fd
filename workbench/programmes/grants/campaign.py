"""The grant-lists campaign's entry points: ranked lists for a run's scope, the list CSVs and the committee
workbooks."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

from workbench.programmes.grants import compute as ranking
from workbench.programmes.grants import outputs, queries
from workbench.run_context import RunContext


def compute(connection: Connection, run: RunContext) -> ranking.GrantLists:
    return ranking.compute(connection, run.scope, run.year)


def write_outputs(connection: Connection, lists: ranking.GrantLists, run: RunContext) -> list[Path]:
    names = queries.applicant_names(connection, run.year)
    return outputs.write_list(lists, run.out_dir) + outputs.write_committee_workbooks(lists, names, run.out_dir)
