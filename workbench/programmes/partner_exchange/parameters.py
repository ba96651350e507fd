"""The partner-exchange campaign's own parameter (one partner, or both), in a module that imports nothing heavy
(`workbench run partner-exchange --help` reads it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.programme import RunParameters


@dataclass(frozen=True)
class PartnerParameters(RunParameters):
    partner: str = field(default="", metadata={"help": "partner answered: CNSS or CMR; empty: both"})
