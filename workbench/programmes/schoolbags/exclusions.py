"""Operators exclude a pupil from One Million Schoolbags (kit received elsewhere, family declined...)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine, select, update

from workbench.access.guard import guarded_write
from workbench.db import require_schema
from workbench.exceptions import InputError
from workbench.catalogue import text
from workbench.models import Enrolment


def set_exclusion(engine: Engine, year: str, massar_codes: Iterable[str], excluded: bool = True) -> int:
    """Flag (or unflag) pupils enrolled that year; an unknown pupil fails the whole call and changes nothing."""
    require_schema(engine)
    codes = sorted({code.strip().upper() for code in massar_codes})
    if not codes:
        raise InputError(text("error.no_massar_code"))
    with guarded_write(engine, "exclude from schoolbags") as write:
        connection = write.connection
        found = dict(connection.execute(select(Enrolment.massar_code, Enrolment.kit_excluded).where(
            Enrolment.year == year, Enrolment.massar_code.in_(codes))).all())
        missing = [code for code in codes if code not in found]
        if missing:
            raise InputError(text("error.not_enrolled_list", year=year, codes=", ".join(missing)))
        write.touch("schoolbags", year, connection.scalars(select(Enrolment.school_code).distinct().where(
            Enrolment.year == year, Enrolment.massar_code.in_(codes))))
        connection.execute(update(Enrolment).where(Enrolment.year == year, Enrolment.massar_code.in_(codes))
                           .values(kit_excluded=excluded))
        for code in codes:
            write.change("enrolments", {"year": year, "massar_code": code}, {"kit_excluded": found[code]},
                         {"kit_excluded": excluded})
    return len(codes)
