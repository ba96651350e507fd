"""The data-entry campaign's own parameter, the as-of date, in a module that imports nothing heavy
(`workbench run data-entry --help` reads it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.programme import RunParameters


@dataclass(frozen=True)
class DataEntryParameters(RunParameters):
    as_of: str = field(default="", metadata={
        "help": "date YYYY-MM-DD the completion is measured on; empty: today, within the school year"})
