"""Operators exclude a pupil from One Million Schoolbags (kit received elsewhere, family declined...)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine, delete, select

from workbench.access.guard import guarded_write
from workbench.bulk import upsert_rows
from workbench.catalogue import text
from workbench.db import require_schema
from workbench.exceptions import InputError
from workbench.models import Enrolment
from workbench.programmes.schoolbags.models import KitExclusion


def set_exclusion(engine: Engine, year: str, massar_codes: Iterable[str], excluded: bool = True) -> int:
    """Exclude (or include again) pupils enrolled that year: a row of `kit_exclusions` each, added or removed; an
    unknown pupil fails the whole call and changes nothing."""
    require_schema(engine)
    codes = sorted({code.strip().upper() for code in massar_codes})
    if not codes:
        raise InputError(text("error.no_massar_code"))
    with guarded_write(engine, "exclude from schoolbags") as write:
        connection = write.connection
        found = set(connection.scalars(select(Enrolment.massar_code).where(
            Enrolment.year == year, Enrolment.massar_code.in_(codes))))
        missing = [code for code in codes if code not in found]
        if missing:
            raise InputError(text("error.not_enrolled_list", year=year, codes=", ".join(missing)))
        write.touch("schoolbags", year, connection.scalars(select(Enrolment.school_code).distinct().where(
            Enrolment.year == year, Enrolment.massar_code.in_(codes))))
        table = KitExclusion.__table__
        if excluded:  # the audit trail keeps the rows added (and those already there, as they were)
            upsert_rows(connection, table, [{"year": year, "massar_code": code} for code in codes],
                        ["year", "massar_code"], replace=False)
        else:  # and the rows removed, as they were
            condition = (table.c.year == year) & table.c.massar_code.in_(codes)
            write.removing(table, condition)
            connection.execute(delete(table).where(condition))
    return len(codes)
