"""The overview campaign's entry points: its figures for a run's scope, and the files beside its report."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

from workbench.programmes.overview import logic, outputs
from workbench.run_context import RunContext


def compute(connection: Connection, run: RunContext) -> logic.OverviewFigures:
    return logic.compute(connection, run.scope, run.year)


def write_outputs(connection: Connection, figures: logic.OverviewFigures, run: RunContext) -> list[Path]:
    return outputs.write_outputs(figures, run.out_dir)
