"""`workbench grants ...`: publishing the lists and recording appeals."""

from __future__ import annotations

import click

from workbench.catalogue import Label, column_label, text
from workbench.clitools import engine_of, parse_pairs, year_option


@click.group("grants")
def group() -> None:
    """Grants (المنح): publish the committee's lists, record appeals."""


@group.command("publish")
@year_option
@click.option("--replace", is_flag=True, help="Publish anew over lists already published.")
@click.pass_context
def publish(ctx: click.Context, year: str, replace: bool) -> None:
    """Record today's grant lists as the published ones (later changes are shown against them)."""
    from workbench.programmes.grants.appeals import publish as record

    lines = record(engine_of(ctx), year, replace=replace)
    click.echo(text("grants.cli.published", count=lines, year=year).said())


@group.command("appeal")
@year_option
@click.option("--massar", "massar_code", required=True, help="Massar code of the applicant.")
@click.option("--type", "grant_type", required=True, help="Grant type of the application.")
@click.option("--set", "changes", multiple=True, required=True, metavar="FIELD=VALUE",
              help="A corrected field (repeatable): distance_km, household_income_class, rsu_score, ...")
@click.option("--reason", required=True, help="Why the committee changes it.")
@click.option("--by", "by", required=True, help="Who records the change.")
@click.pass_context
def appeal(ctx: click.Context, year: str, massar_code: str, grant_type: str, changes: tuple[str, ...], reason: str,
           by: str) -> None:
    """Record an appeal: correct an application; the lists are re-ranked and show the change."""
    from workbench.programmes.grants.appeals import appeal as record

    fields = parse_pairs(changes, "--set")
    trail = record(engine_of(ctx), year, massar_code, grant_type, fields, reason=reason, by=by)
    for row in trail.itertuples():
        field = column_label(row.field) or Label(row.field, row.field)
        click.echo(f"{field.said()} : {row.before} → {row.after}")
