"""What the generic CLI and the programmes' command groups share: the engine of the run and common options."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from workbench import config

if TYPE_CHECKING:
    from sqlalchemy import Engine


def engine_of(ctx: click.Context) -> Engine:
    """The engine of the `--db` given to `workbench` (or the WORKBENCH_DB_URL setting)."""
    from workbench.db import make_engine

    return make_engine(ctx.find_root().obj["db"])


def progress_of(ctx: click.Context) -> bool:
    return ctx.find_root().obj["progress"]


year_option = click.option("--year", default=config.DEMO_YEAR.value, show_default=config.DEMO_YEAR.default,
                           help=config.DEMO_YEAR.help)


def parse_pairs(pairs: tuple[str, ...], option: str) -> dict[str, str]:
    """'NAME=VALUE' pairs of a repeatable option, names stripped."""
    from workbench.catalogue import text
    from workbench.exceptions import InputError

    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InputError(text("error.name_value", option=option, pair=pair))
        values[name.strip()] = value.strip()
    return values
