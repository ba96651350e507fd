"""Operators exclude a pupil from One Million Schoolbags (kit received elsewhere, family declined...)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine, select, update

from workbench.db import require_schema, write_transaction
from workbench.exceptions import InputError
from workbench.models import Enrolment


def set_exclusion(engine: Engine, year: str, massar_codes: Iterable[str], excluded: bool = True) -> int:
    """Flag (or unflag) pupils enrolled that year; an unknown pupil fails the whole call and changes nothing."""
    require_schema(engine)
    codes = sorted({code.strip().upper() for code in massar_codes})
    if not codes:
        raise InputError("Give at least one Massar code.")
    with write_transaction(engine) as connection:
        found = set(connection.scalars(select(Enrolment.massar_code).where(
            Enrolment.year == year, Enrolment.massar_code.in_(codes))))
        missing = [code for code in codes if code not in found]
        if missing:
            raise InputError(f"Not enrolled in {year}: {', '.join(missing)}. Nothing was changed.")
        connection.execute(update(Enrolment).where(Enrolment.year == year, Enrolment.massar_code.in_(codes))
                           .values(kit_excluded=excluded))
    return len(codes)
