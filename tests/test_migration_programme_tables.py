"""Migration 0017 moves programme data out of the core tables (a commune's Tayssir targeting, a pupil's exclusion from
One Million Schoolbags) without losing a value, on both databases, and back again."""

from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import inspect, text

from workbench.db import _alembic_config, make_engine, migrate, schema_is_current

COMMUNES = [("0301001", "rural", True), ("0301002", "rural", False), ("0301003", "urban", True),
            ("0301004", "urban", False)]
# Pupils A..F enrolled in 2024-2025 and 2025-2026; excluded: A and C in 2025-2026, B in 2024-2025 only (one of them
# has left, which the exclusion outlives).
YEARS = ("2024-2025", "2025-2026")
PUPILS = "ABCDEF"
EXCLUDED = {("2025-2026", "A000000001"), ("2025-2026", "C000000001"), ("2024-2025", "B000000001")}


def _at(engine, revision: str, way=command.upgrade) -> None:
    with engine.begin() as connection:
        way(_alembic_config(connection), revision)


def _fill_before(engine) -> None:
    """A database at revision 0016, its values in the columns that 0017 drops."""
    statements = [
        ("INSERT INTO regions (code, name_fr, name_ar) VALUES ('03', 'Fès-Meknès', 'فاس مكناس')", {}),
        ("INSERT INTO provinces (code, region_code, name_fr, name_ar) VALUES ('0301', '03', 'Meknès', 'مكناس')", {}),
        ("INSERT INTO levels (code, cycle, year_in_cycle, rank, name_fr, name_ar) "
         "VALUES ('1AP', 'primary', 1, 1, '1re année', 'الأولى')", {}),
    ]
    for code, milieu, targeted in COMMUNES:
        statements.append(("INSERT INTO communes (code, province_code, name_fr, name_ar, milieu, poverty_rate, "
                           "tayssir_targeted) VALUES (:code, '0301', :code, :code, :milieu, 20.5, :targeted)",
                           {"code": code, "milieu": milieu, "targeted": targeted}))
    statements.append(("INSERT INTO schools (code, commune_code, name_fr, name_ar, cycle, sector, boarding_capacity) "
                       "VALUES ('11111A', '0301001', 'École', 'مدرسة', 'primary', 'public', 0)", {}))
    for year in YEARS:
        start = int(year[:4])
        statements += [
            ("INSERT INTO school_years (code, starts_on, ends_on) VALUES (:year, :starts, :ends)",
             {"year": year, "starts": dt.date(start, 9, 1), "ends": dt.date(start + 1, 6, 30)}),
            ("INSERT INTO classes (school_code, year, class_code, level_code) VALUES ('11111A', :year, '1APG-1', "
             "'1AP')", {"year": year}),
        ]
    for letter in PUPILS:
        statements.append(("INSERT INTO pupils (massar_code, last_name_ar, first_name_ar, sex, birth_date) "
                           "VALUES (:code, 'ا', 'ب', 'F', :born)", {"code": f"{letter}000000001",
                                                                     "born": dt.date(2018, 3, 1)}))
    for year in YEARS:
        for letter in PUPILS:
            code = f"{letter}000000001"
            statements.append((
                "INSERT INTO enrolments (massar_code, year, school_code, level_code, class_code, left_on, "
                "kit_excluded) VALUES (:code, :year, '11111A', '1AP', '1APG-1', :left_on, :excluded)",
                {"code": code, "year": year, "excluded": (year, code) in EXCLUDED,
                 "left_on": dt.date(int(year[:4]), 12, 1) if letter == "C" else None}))
    with engine.begin() as connection:
        for statement, values in statements:
            connection.execute(text(statement), values)


def _columns(engine, table: str) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns(table)}


def _index(engine) -> list[str]:
    return next(index["column_names"] for index in inspect(engine).get_indexes("enrolments")
                if index["name"] == "ix_enrolments_year_school")


def test_the_programmes_values_move_to_their_own_tables_and_back(db_url):
    engine = make_engine(db_url)
    _at(engine, "0016")
    _fill_before(engine)

    migrate(engine)  # 0016 -> head
    assert schema_is_current(engine)
    assert "tayssir_targeted" not in _columns(engine, "communes")
    assert "kit_excluded" not in _columns(engine, "enrolments")
    assert _index(engine) == ["year", "school_code", "level_code", "left_on", "massar_code"]
    with engine.connect() as connection:
        targeting = {code: bool(targeted) for code, targeted in connection.execute(
            text("SELECT commune_code, targeted FROM tayssir_communes"))}
        exclusions = set(map(tuple, connection.execute(text("SELECT year, massar_code FROM kit_exclusions"))))
        enrolments = connection.execute(text("SELECT count(*) FROM enrolments")).scalar_one()
        communes = connection.execute(text("SELECT count(*) FROM communes")).scalar_one()
    assert targeting == {code: targeted for code, _, targeted in COMMUNES}
    assert exclusions == EXCLUDED
    assert (enrolments, communes) == (len(YEARS) * len(PUPILS), len(COMMUNES))

    # The new tables' keys hold: an exclusion is of an enrolment, a targeting of a commune.
    with engine.connect() as connection:
        orphans = connection.execute(text(
            "SELECT count(*) FROM kit_exclusions x LEFT JOIN enrolments e ON e.year = x.year "
            "AND e.massar_code = x.massar_code WHERE e.massar_code IS NULL")).scalar_one()
    assert orphans == 0

    _at(engine, "0016", command.downgrade)  # and back: the columns hold the same values again
    with engine.connect() as connection:
        targeting = {code: bool(targeted) for code, targeted in connection.execute(
            text("SELECT code, tayssir_targeted FROM communes"))}
        exclusions = set(map(tuple, connection.execute(
            text("SELECT year, massar_code FROM enrolments WHERE kit_excluded"))))
    assert targeting == {code: targeted for code, _, targeted in COMMUNES}
    assert exclusions == EXCLUDED
    assert _index(engine) == ["year", "school_code", "level_code", "kit_excluded", "left_on", "massar_code"]
    assert "tayssir_communes" not in inspect(engine).get_table_names()
    engine.dispose()
