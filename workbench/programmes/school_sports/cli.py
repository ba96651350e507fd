"""`workbench school_sports ...`: a school's team lists to print (they name pupils: the school must be in the scope
of whoever asks)."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.clitools import engine_of, year_option


@click.group("school_sports")
def group() -> None:
    """School sports: competitions, teams and results."""


@group.command("team-list")
@click.option("--school", required=True, help="School code (e.g. 12472K).")
@click.option("--competition", default=None, help="One competition's teams only (its code).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Folder of the workbooks (one per team).")
@click.option("--lang", "language", type=click.Choice(["ar", "fr"]), default="ar",
              help="Language of the lists (Arabic, right to left, unless fr).")
@year_option
@click.pass_context
def team_list(ctx: click.Context, school: str, competition: str | None, out_dir: Path, language: str,
              year: str) -> None:
    """Write one workbook per team of the school: the team, its competition and its pupils (names, Massar codes)."""
    from workbench.access.actor import current_actor
    from workbench.catalogue import text
    from workbench.programmes.school_sports.outputs import record_team_lists, write_team_lists
    from workbench.scope import resolve_scope

    engine = engine_of(ctx)
    with engine.connect() as connection:
        asked = resolve_scope(connection, school=school)
    school = current_actor().narrow(asked).school  # refused outside the user's scope, before anything is written
    record_team_lists(engine, school, year, competition)  # an audit event: the lists name pupils
    with engine.connect() as connection:
        written = write_team_lists(connection, school, year, out_dir, competition, language)
    click.echo(text("school_sports.team_list.written", count=len(written), folder=str(out_dir)).said())


@group.command("demo")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Folder of the team lists (one workbook per team).")
@year_option
@click.pass_context
def demo(ctx: click.Context, out_dir: Path, year: str) -> None:
    """Print the team lists of the demo director's school (the first with a team)."""
    from workbench.programmes.school_sports.demo import demo_school

    school = demo_school(engine_of(ctx))
    root = ctx.find_root()
    prefix = [*(["--db", root.obj["db"]] if root.obj["db"] else []), *(["--quiet"] if not root.obj["progress"] else [])]
    root.command.main([*prefix, "school_sports", "team-list", "--school", school, "--year", year, "--out",
                       str(out_dir)], prog_name="workbench", standalone_mode=False)
