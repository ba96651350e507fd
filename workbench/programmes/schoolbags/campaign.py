"""The kit-needs campaign's entry points: needs for a run's scope, and the files beside its report."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

from workbench.excel import write_workbook_aside
from workbench.programmes.schoolbags import compute as needs
from workbench.programmes.schoolbags import outputs
from workbench.run_context import RunContext


def compute(connection: Connection, run: RunContext) -> needs.KitNeedsResult:
    return needs.compute(connection, run.scope, run.year)


def write_outputs(connection: Connection, result: needs.KitNeedsResult, run: RunContext) -> list[Path]:
    workbook = run.out_dir / outputs.ORDER_WORKBOOK
    # The order workbook (503,020 lines nationally: most of a national run) is written in its own process while
    # this one writes the CSV and draws the report; the notebook's last cell waits for it (run.finish).
    run.pending.append(write_workbook_aside(workbook, outputs.order_sheets(result)))
    return [outputs.write_needs_csv(result, run.out_dir), workbook]
