"""A year's Tayssir settings: household cap, whether justified absences count, amounts and limits per level."""

from __future__ import annotations

from sqlalchemy import Engine, select, update

from workbench.access.guard import guarded_write
from workbench.catalogue import text
from workbench.db import require_schema
from workbench.exceptions import InputError
from workbench.programmes.tayssir.models import (
    TayssirPeriod,
    TayssirRule,
    TayssirSettings,
)
from workbench.reference import ensure_year


def update_settings(engine: Engine, year: str, *, household_cap: int | None = None,
                    count_justified: bool | None = None, level: str | None = None, amount: int | None = None,
                    max_absences: int | None = None) -> None:
    require_schema(engine)
    if (amount is not None or max_absences is not None) and not level:
        raise InputError(text("tayssir.error.level_needed"))
    if household_cap is not None and household_cap < 1:
        raise InputError(text("tayssir.error.cap_below_one"))
    if any(v is not None and v < 0 for v in (amount, max_absences)):
        raise InputError(text("tayssir.error.negative"))
    changes = [household_cap, count_justified, amount, max_absences]
    with guarded_write(engine, "change tayssir settings") as write:
        connection = write.connection
        year = ensure_year(connection, year)
        if all(v is None for v in changes):
            write.scoped = True  # reading them is everyone's
            return
        write.require_national()
        issued = connection.execute(select(TayssirPeriod.code).where(
            TayssirPeriod.year == year, TayssirPeriod.issued_on.is_not(None))).first()
        if issued:
            raise InputError(text("tayssir.error.settings_frozen", period=issued.code, year=year))
        values = {k: v for k, v in (("household_cap", household_cap),
                                    ("count_justified_absences", count_justified)) if v is not None}
        if values:
            before = connection.execute(select(TayssirSettings).where(TayssirSettings.year == year)).mappings().one()
            connection.execute(update(TayssirSettings).where(TayssirSettings.year == year).values(**values))
            write.change("tayssir_settings", {"year": year}, {k: before[k] for k in values}, values)
        if level:
            rule = {k: v for k, v in (("monthly_amount_mad", amount), ("max_absences_per_month", max_absences))
                    if v is not None}
            before = connection.execute(select(TayssirRule).where(
                TayssirRule.year == year, TayssirRule.level_code == level.upper())).mappings().first()
            if before is None:
                raise InputError(text("tayssir.error.level_without_amount", level=level, year=year))
            connection.execute(update(TayssirRule).where(
                TayssirRule.year == year, TayssirRule.level_code == level.upper()).values(**rule))
            write.change("tayssir_rules", {"year": year, "level_code": level.upper()},
                         {k: before[k] for k in rule}, rule)


def describe(engine: Engine, year: str) -> str:
    with engine.connect() as connection:
        settings = connection.execute(select(TayssirSettings).where(TayssirSettings.year == year)).first()
        rules = connection.execute(select(TayssirRule).where(TayssirRule.year == year).order_by(
            TayssirRule.level_code)).all()
    lines = [f"Tayssir {year}: household cap {settings.household_cap}; justified absences "
             f"{'count' if settings.count_justified_absences else 'do not count'}."]
    lines += [f"  {r.level_code}: {r.monthly_amount_mad} MAD a month, at most {r.max_absences_per_month} absence days"
              for r in rules]
    return "\n".join(lines)
