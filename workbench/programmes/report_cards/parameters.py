"""The report-cards campaign's own parameter, the semester, in a module that imports nothing heavy
(`workbench run report-cards --help` reads it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.programme import RunParameters


@dataclass(frozen=True)
class ReportCardsParameters(RunParameters):
    semester: int = field(default=1, metadata={"help": "semester of the report cards: 1 or 2"})
