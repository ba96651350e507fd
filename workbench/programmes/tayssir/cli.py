"""`workbench tayssir ...`: Tayssir settings, issuing a payment period, complaints."""

from __future__ import annotations

import click

from workbench.catalogue import text
from workbench.clitools import engine_of, year_option


@click.group("tayssir")
def group() -> None:
    """Tayssir (تيسير) conditional cash transfers: settings, payment periods, complaints."""


@group.command("issue-period")
@year_option
@click.option("--period", required=True, help="P1, P2, P3 or 2025-2026-P1.")
@click.option("--accept-incomplete", is_flag=True, default=False,
              help="Issue it although schools have not entered the absence sheets of its months (audited).")
@click.pass_context
def issue_period(ctx: click.Context, year: str, period: str, accept_incomplete: bool) -> None:
    """Freeze a Tayssir payment period: its lines can no longer change (corrections become adjustments)."""
    from workbench.programmes.tayssir.periods import issue_period as issue

    done = issue(engine_of(ctx), year, period, accept_incomplete=accept_incomplete)
    click.echo(text("tayssir.cli.issued", period=period, households=f"{done['households']:,}",
                    lines=f"{done['lines']:,}", amount=f"{done['amount_mad']:,}").said())


@group.command("complaint")
@click.argument("complaint_id", type=int)
@click.option("--state", type=click.Choice(["in_review", "upheld", "rejected"]), required=True)
@click.option("--resolution", default="", help="What the family is told (required to close).")
@click.pass_context
def complaint(ctx: click.Context, complaint_id: int, state: str, resolution: str) -> None:
    """Review, uphold or reject a Tayssir complaint."""
    from workbench.programmes.tayssir.complaints import resolve_complaint

    months = resolve_complaint(engine_of(ctx), complaint_id, state, resolution)
    payable = text("tayssir.cli.months_payable", months=", ".join(months)) if months else ""
    click.echo(text("tayssir.cli.complaint", number=complaint_id, state=text(f"tayssir.complaint.state.{state}"),
                    months=payable).said())


@group.command("settings")
@year_option
@click.option("--household-cap", type=int, default=None, help="Children paid per household and month.")
@click.option("--count-justified/--ignore-justified", default=None,
              help="Whether justified absences count towards the monthly limit.")
@click.option("--level", default=None,
              help="Level whose amount or absence limit to change (with --amount/--max-absences).")
@click.option("--amount", type=int, default=None, help="Monthly amount (MAD) of --level.")
@click.option("--max-absences", type=int, default=None, help="Absence days allowed per month at --level.")
@click.pass_context
def settings(ctx: click.Context, year: str, household_cap: int | None, count_justified: bool | None,
             level: str | None, amount: int | None, max_absences: int | None) -> None:
    """Show or change a year's Tayssir settings (refused once a period of the year is issued)."""
    from workbench.programmes.tayssir.settings import describe, update_settings

    engine = engine_of(ctx)
    update_settings(engine, year, household_cap=household_cap, count_justified=count_justified, level=level,
                    amount=amount, max_absences=max_absences)
    click.echo(describe(engine, year))
