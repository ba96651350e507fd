"""The whatif campaign's parameters: the changes to simulate, in a module that imports nothing heavy
(`workbench run whatif --help` reads it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.programme import RunParameters


@dataclass(frozen=True)
class WhatIfParameters(RunParameters):
    tayssir_amounts: str = field(default="", metadata={
        "help": "Tayssir monthly amount per level, e.g. '1AP=80,2AP=80'; empty: the year's"})
    absence_limits: str = field(default="", metadata={
        "help": "absence days allowed a month per level, e.g. '1AC=8'; empty: the year's"})
    household_cap: int = field(default=0, metadata={
        "help": "children paid per household a month; 0: the year's"})
    count_justified: str = field(default="", metadata={
        "help": "'yes' or 'no': whether justified absences count; empty: the year's"})
    kit_quantities: str = field(default="", metadata={
        "help": "kit quantity per level, milieu and item, e.g. '1AP/all/NB-96=6'; empty: the year's kits"})
    unit_costs: str = field(default="", metadata={"help": "unit cost of kit items in MAD, e.g. 'BAG=55'"})
    grant_places: str = field(default="", metadata={
        "help": "places per province and grant type, e.g. '0301/canteen=120'"})
    grant_amounts: str = field(default="", metadata={
        "help": "amount per quarter per grant type in MAD, e.g. 'canteen=1000'"})
