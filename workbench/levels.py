"""The levels' names (the reference's `levels`: '1AP' reads 'السنة الأولى ابتدائي' or '1ère année primaire'): a
screen shows a level by its name, never by its code."""

from __future__ import annotations

from functools import cache

import pandas as pd
from sqlalchemy import Connection, select

from workbench.catalogue import Label
from workbench.models import Level


def level_names(connection: Connection) -> dict[str, Label]:
    """Level code -> its name in each language, in the levels' order."""
    return {code: Label(fr, ar) for code, fr, ar in
            connection.execute(select(Level.code, Level.name_fr, Level.name_ar).order_by(Level.rank))}


def level_name(code: object, names: dict[str, Label], language: str) -> object:
    """A level's name in `language`; a code the reference does not know (or no code) is left as it is."""
    found = names.get(code) if isinstance(code, str) else None
    return found.of(language) if found else code


def with_level_names(frame: pd.DataFrame, names: dict[str, Label], language: str,
                     columns: tuple[str, ...] = ("level_code",)) -> pd.DataFrame:
    """A copy of `frame` whose level columns read the levels' names (the codes kept nowhere: a callback needing the
    code reads it from a column of its own, e.g. `level`)."""
    out = frame.copy()
    for column in columns:
        if column in out.columns:
            out[column] = out[column].map(lambda code: level_name(code, names, language))
    return out


@cache
def reference_level_names() -> dict[str, Label]:
    """The levels' names of the reference (data/reference/levels.csv, what `init` stores in `levels`), for a
    computation that reads no database (a report's table)."""
    from workbench.reference import read_reference

    return {row.level_code: Label(row.name_fr, row.name_ar) for row in read_reference("levels").itertuples()}


def with_level_columns(frame: pd.DataFrame, names: dict[str, Label] | None = None) -> pd.DataFrame:
    """`frame` with `level_fr` and `level_ar` after its `level_code`: a bilingual report shows each reader the name
    in their language (catalogue.in_language keeps one of the pair)."""
    names = reference_level_names() if names is None else names
    at = list(frame.columns).index("level_code") + 1
    out = frame.copy()
    for offset, language in enumerate(("fr", "ar")):
        out.insert(at + offset, f"level_{language}",
                   [level_name(code, names, language) for code in frame["level_code"]])
    return out
