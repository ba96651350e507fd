"""`workbench schoolbags ...`: One Million Schoolbags commands."""

from __future__ import annotations

import click

from workbench.catalogue import text
from workbench.clitools import engine_of, year_option


@click.group("schoolbags")
def group() -> None:
    """One Million Schoolbags (مليون محفظة): beneficiaries excluded for a year."""


@group.command("exclude")
@click.argument("massar_codes", nargs=-1, required=True)
@year_option
@click.option("--undo", is_flag=True, help="Make the pupils beneficiaries again.")
@click.pass_context
def exclude(ctx: click.Context, massar_codes: tuple[str, ...], year: str, undo: bool) -> None:
    """Exclude pupils from One Million Schoolbags for a year (or --undo)."""
    from workbench.programmes.schoolbags.exclusions import set_exclusion

    count = set_exclusion(engine_of(ctx), year, massar_codes, excluded=not undo)
    click.echo(text("schoolbags.cli.restored" if undo else "schoolbags.cli.excluded", count=count, year=year).said())
