"""Single edits made in the schoolbags app, validated like an import and written in one transaction each."""

from __future__ import annotations

from sqlalchemy import Engine, select

from workbench.access.guard import guarded_write
from workbench.bulk import upsert_rows
from workbench.catalogue import Label, text
from workbench.exceptions import InputError
from workbench.models import Level, School
from workbench.programmes.schoolbags.models import KitComposition, KitItem, ReturnedBook

MILIEUX = ("rural", "urban", "all")


def _whole(value: object, what: Label) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(text("schoolbags.error.whole_number", what=what, value=value)) from None
    if not number.is_integer() or number < 0:
        raise InputError(text("schoolbags.error.whole_number", what=what, value=value))
    return int(number)


def record_returned_books(engine: Engine, year: str, school_code: str, item_code: str, returned: object,
                          usable: object, expected_version: int | None = None) -> int:
    """Returned and usable copies of a textbook at a school (usable can never exceed returned).

    `expected_version` is the version of the count the user edited (0 if there was none): a count changed by
    someone else since is not overwritten. Returns the new version."""
    returned_count = _whole(returned, text("schoolbags.returned"))
    usable_count = _whole(usable, text("schoolbags.usable"))
    if usable_count > returned_count:
        raise InputError(text("schoolbags.error.usable_over_returned", usable=usable_count, returned=returned_count))
    with guarded_write(engine, "record returned books") as write:
        connection = write.connection
        if connection.execute(select(School.code).where(School.code == school_code)).first() is None:
            raise InputError(text("error.unknown_school", school=school_code))
        write.touch("schoolbags", year, [school_code])
        reusable = connection.execute(select(KitItem.reusable).where(KitItem.item_code == item_code)).scalar()
        if reusable is None:
            raise InputError(text("schoolbags.error.unknown_item", item=item_code))
        if not reusable:
            raise InputError(text("schoolbags.error.consumable", item=item_code))
        return write.save_versioned(ReturnedBook.__table__,
                                    {"year": year, "school_code": school_code, "item_code": item_code},
                                    {"returned": returned_count, "usable": usable_count}, expected_version)


def set_kit_quantity(engine: Engine, year: str, level_code: str, milieu: str, item_code: str,
                     quantity: object) -> None:
    """How many of an item each beneficiary of a level and milieu receives that year."""
    count = _whole(quantity, text("schoolbags.quantity"))
    if milieu not in MILIEUX:
        raise InputError(text("schoolbags.error.milieu", milieu=milieu))
    with guarded_write(engine, "set kit quantity", national=True) as write:
        connection = write.connection
        if connection.execute(select(Level.code).where(Level.code == level_code)).first() is None:
            raise InputError(text("error.unknown_level", level=level_code))
        if connection.execute(select(KitItem.item_code).where(KitItem.item_code == item_code)).first() is None:
            raise InputError(text("schoolbags.error.unknown_item", item=item_code))
        upsert_rows(connection, KitComposition.__table__, [{
            "year": year, "level_code": level_code, "milieu": milieu, "item_code": item_code, "quantity": count}],
            ["year", "level_code", "milieu", "item_code"])
