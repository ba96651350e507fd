"""`workbench second_chance ...`: the province approves its centres' data of a year, or reopens it."""

from __future__ import annotations

import click

from workbench.clitools import engine_of, year_option


@click.group("second_chance")
def group() -> None:
    """Second-chance schools (مدارس الفرصة الثانية): validate the centres' data, list its state."""


@group.command("validate")
@click.argument("action", type=click.Choice(["approve", "reopen", "status"]))
@click.option("--centre", default=None, help="Centre code (required to approve or reopen).")
@click.option("--province", default=None, help="Province of a status listing (code or name).")
@year_option
@click.option("--reason", default="", help="Why the data is reopened (required to reopen).")
@click.pass_context
def validate(ctx: click.Context, action: str, centre: str | None, province: str | None, year: str,
             reason: str) -> None:
    """Approve a centre's data of a year (it is then locked against imports), reopen it, or list the states."""
    import pandas as pd

    from workbench.catalogue import text
    from workbench.exceptions import InputError
    from workbench.programmes.second_chance import queries
    from workbench.programmes.second_chance.validation import change_state
    from workbench.scope import resolve_scope

    engine = engine_of(ctx)
    if action == "status":
        with engine.connect() as connection:
            centres = queries.centres(connection, resolve_scope(connection, province=province), year)
            states = queries.validations(connection, year, centres["centre_code"].tolist())
        for row in states.itertuples():
            by = "" if pd.isna(row.changed_by) else row.changed_by
            click.echo(f"{row.centre_code}\t{text(f'state.{row.state}').said()}\t{by}")
        return
    if not centre:
        raise InputError(text("second_chance.error.needs_centre", action=action))
    state = change_state(engine, year, centre, action, reason=reason)
    click.echo(f"{centre}: {text(f'state.{state}').said()}")
