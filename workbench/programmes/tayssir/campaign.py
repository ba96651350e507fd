"""The tayssir-transfers campaign's entry points: a period's (or the year's) pupil-months and transfers for a
run's scope, and the files beside its report; its own parameter, the payment period, checked before the run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from workbench import analytics
from workbench.catalogue import text
from workbench.excel import write_workbook_aside
from workbench.exceptions import InputError
from workbench.programmes.tayssir import outputs, periods, queries, summary
from workbench.programmes.tayssir.parameters import TayssirParameters  # noqa: F401 (re-exported)
from workbench.run_context import RunContext

PAYMENT_NAMES = "tayssir.payment_names"


def prepare_run(connection: Connection, year: str, values: dict[str, Any]) -> dict[str, Any]:
    """The period given, checked against the year's periods and written in full (2025-2026-P1)."""
    if not values.get("period"):
        return values
    code = periods.resolve_period(year, values["period"])
    known = list(queries.periods(connection, year)["code"])
    if code not in known:
        raise InputError(text("tayssir.error.unknown_period", period=values["period"], year=year,
                              known=", ".join(known)))
    return {**values, "period": code}


def compute(connection: Connection, run: RunContext) -> summary.TayssirSummary:
    chosen = periods.resolve_period(run.year, run.parameters.period) if run.parameters.period else None
    if chosen:  # the payment list's names: read by the store while the period is computed
        run.reads_ahead[PAYMENT_NAMES] = analytics.Ahead(connection, outputs.payment_names(run.year))
    state = periods.compute_year(connection, run.scope, run.year, period=chosen)
    return summary.summarise(connection, state, chosen)


def write_outputs(connection: Connection, figures: summary.TayssirSummary, run: RunContext) -> list[Path]:
    if not figures.period:
        return outputs.write_csvs(figures, run.out_dir)
    target = run.out_dir / outputs.PAYMENT_LIST
    names = run.reads_ahead.pop(PAYMENT_NAMES, None)
    sheets = outputs.payment_sheets(connection, figures, names.frame() if names else None)
    # The payment list (a national one alone takes about a minute in xlsxwriter) is written in its own process
    # while this one writes the CSVs and draws the report; the notebook's last cell waits for it (run.finish).
    run.pending.append(write_workbook_aside(target, sheets))
    return [*outputs.write_csvs(figures, run.out_dir), target]
