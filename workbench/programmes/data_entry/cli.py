"""`workbench data_entry ...`: reminders to the directors of the schools late with their data entry."""

from __future__ import annotations

import click

from workbench.catalogue import text
from workbench.clitools import engine_of, year_option


@click.group("data_entry")
def group() -> None:
    """Data-entry completion: reminders to the directors of late schools."""


@group.command("remind")
@year_option
@click.option("--as-of", "as_of", default="", help="Date YYYY-MM-DD the lateness is measured on; empty: today.")
@click.option("--school", "schools", multiple=True, help="School code (repeatable); none: every late school.")
@click.pass_context
def remind(ctx: click.Context, year: str, as_of: str, schools: tuple[str, ...]) -> None:
    """Queue one reminder per late (school, dataset, period) to the school's director, in the outbox (not again
    within 7 days)."""
    from workbench.programmes.data_entry.campaign import as_of_date
    from workbench.programmes.data_entry.reminders import queue_reminders

    done = queue_reminders(engine_of(ctx), year, as_of_date(as_of, year), list(schools) or None)
    click.echo(text("data_entry.cli.queued", count=int(done), skipped=done.recent,
                    unreachable=done.without_address).said())
