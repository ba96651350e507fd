"""`workbench second_chance ...`: the province approves its centres' data of a year, or reopens it."""

from __future__ import annotations

from pathlib import Path

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


@group.command("demo-visit")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Folder of the filled visit workbook.")
@year_option
@click.pass_context
def demo_visit(ctx: click.Context, out_dir: Path, year: str) -> None:
    """The demo committee's visit: a centre's visit workbook filled in, then imported back (import e2c-visit)."""
    from workbench.programmes.second_chance.demo import filled_visit

    filled = filled_visit(engine_of(ctx), year, out_dir)
    if filled is None:
        return
    root = ctx.find_root()
    prefix = [*(["--db", root.obj["db"]] if root.obj["db"] else []), *(["--quiet"] if not root.obj["progress"] else [])]
    root.command.main([*prefix, "import", "e2c-visit", str(filled)], prog_name="workbench", standalone_mode=False)
