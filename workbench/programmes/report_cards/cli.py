"""`workbench report_cards ...`: the demo's report cards (the campaign for one school, the demo director's: a
region's thousands of classes would each print a PDF)."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.clitools import engine_of, year_option


@click.group("report_cards")
def group() -> None:
    """Report cards: averages, ranks and the printed cards."""


@group.command("demo")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Folder of the run (report, report_cards.csv, one PDF per class).")
@year_option
@click.pass_context
def demo(ctx: click.Context, out_dir: Path, year: str) -> None:
    """Run report-cards for semester 1 on the demo director's school (the first with marks)."""
    from workbench.programmes.report_cards.demo import demo_school

    school = demo_school(engine_of(ctx), year)
    root = ctx.find_root()
    prefix = [*(["--db", root.obj["db"]] if root.obj["db"] else []), *(["--quiet"] if not root.obj["progress"] else [])]
    root.command.main([*prefix, "run", "report-cards", "--year", year, "--semester", "1", "--school", school,
                       "--out", str(out_dir)], prog_name="workbench", standalone_mode=False)
