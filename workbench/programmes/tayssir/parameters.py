"""The tayssir-transfers campaign's own parameter, the payment period, in a module that imports nothing heavy
(`workbench run tayssir-transfers --help` reads it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.programme import RunParameters


@dataclass(frozen=True)
class TayssirParameters(RunParameters):
    period: str = field(default="", metadata={
        "help": "payment period (P1, P2, P3 or 2025-2026-P1); empty: the whole year"})
