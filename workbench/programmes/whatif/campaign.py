"""The whatif campaign's entry points: the budget and beneficiaries of a scope under the current settings and under
the changes given as parameters, and the comparison per province as a CSV. It writes nothing to the database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

from workbench.programmes.whatif import changes, outputs, simulation
from workbench.programmes.whatif.parameters import WhatIfParameters
from workbench.run_context import RunContext


def compute(connection: Connection, run: RunContext) -> simulation.Comparison:
    base = simulation.load(connection, run.scope, run.year)
    parameters = run.parameters
    settings = changes.apply(base.current, **{f.name: getattr(parameters, f.name)
                                              for f in WhatIfParameters.own_fields()})
    return simulation.compare(base, settings)


def write_outputs(connection: Connection, comparison: simulation.Comparison, run: RunContext) -> list[Path]:
    return outputs.write_csvs(comparison, run.out_dir)
