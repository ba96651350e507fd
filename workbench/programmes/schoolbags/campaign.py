"""The kit-needs campaign's entry points: needs for a run's scope, and the files beside its report."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

from workbench.programmes.schoolbags import compute as needs
from workbench.programmes.schoolbags import outputs
from workbench.run_context import RunContext


def compute(connection: Connection, run: RunContext) -> needs.KitNeedsResult:
    return needs.compute(connection, run.scope, run.year)


def write_outputs(connection: Connection, result: needs.KitNeedsResult, run: RunContext) -> list[Path]:
    # The order workbook is written in its own process while this one draws the report; the notebook's last cell
    # waits for it (run.finish).
    run.pending.append(outputs.write_outputs(result, run.out_dir))
    return [run.out_dir / outputs.NEEDS_CSV, run.out_dir / outputs.ORDER_WORKBOOK]
