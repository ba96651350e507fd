"""The DuckDB-on-Parquet reference of issue 17: the same campaign files as `workbench run`, computed by DuckDB SQL
on Parquet copies of the tables each campaign reads, and a checker that the two sets of files agree.

    python benchmarks/parquet_reference.py export URL DIR                 # the store's tables -> DIR/*.parquet
    python benchmarks/parquet_reference.py compute CAMPAIGN DIR OUT       # DIR/*.parquet -> OUT/*.csv
    python benchmarks/parquet_reference.py check CAMPAIGN OUT_WORKBENCH OUT_REFERENCE

The reference covers the whole store (no region or province scope), the year's first Tayssir period and a store
with no Tayssir period issued and no upheld complaint (it refuses otherwise: adjustments are not reproduced).
It is a yardstick for speed, not a second implementation of the rules: the rules are shared/domain/rules.md as the
programmes' logic.py implements them, re-read into SQL here; the school calendar (month starts, school days per
month, month names) is reference data and comes from `workbench.calendar`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

if TYPE_CHECKING:
    import duckdb

YEAR = "2025-2026"

# What each campaign reads: table -> columns.
TABLES = {
    "overview": {
        "enrolments": ["year", "massar_code", "school_code", "level_code", "left_on"],
        "pupils": ["massar_code", "sex"],
        "levels": ["code", "rank"],
        "schools": ["code", "commune_code", "sector"],
        "communes": ["code", "province_code", "milieu"],
        "provinces": ["code", "name_fr", "name_ar"],
        "absences": ["massar_code", "absent_on", "justified"],
    },
    "kit-needs": {
        "enrolments": ["year", "massar_code", "school_code", "level_code", "left_on"],
        "kit_exclusions": ["year", "massar_code"],
        "schools": ["code", "commune_code", "sector", "cycle"],
        "communes": ["code", "milieu"],
        "kit_composition": ["year", "level_code", "milieu", "item_code", "quantity"],
        "kit_items": ["item_code", "reusable"],
        "returned_books": ["year", "school_code", "item_code", "usable"],
    },
    "tayssir-transfers": {
        "tayssir_enrolments": ["year", "massar_code", "guardian_cin", "enrolled_on", "ramed_or_rsu"],
        "enrolments": ["year", "massar_code", "school_code", "level_code", "left_on"],
        "schools": ["code", "commune_code"],
        "tayssir_communes": ["commune_code", "targeted"],
        "tayssir_rules": ["year", "level_code", "monthly_amount_mad", "max_absences_per_month"],
        "tayssir_settings": ["year", "household_cap", "count_justified_absences"],
        "tayssir_periods": ["code", "year", "number", "first_month", "last_month", "issued_on"],
        "tayssir_overrides": ["year", "massar_code", "month"],
        "absence_months": ["massar_code", "month", "days", "unjustified_days"],
    },
    "grant-lists": {
        "grant_applications": ["year", "massar_code", "grant_type", "household_income_class", "rsu_score",
                               "distance_km", "orphan", "disability", "previous_average"],
        "enrolments": ["year", "massar_code", "school_code", "level_code"],
        "levels": ["code", "cycle"],
        "schools": ["code", "commune_code", "boarding_capacity"],
        "communes": ["code", "province_code"],
        "grant_quotas": ["year", "province_code", "grant_type", "places"],
        "grant_grids": ["*"],
        "grant_published": ["year"],
    },
}
# The files each campaign writes that the reference reproduces (its workbooks are not: see the README).
FILES = {
    "overview": ["overview_pupils.csv", "overview_absences.csv"],
    "kit-needs": ["kit_needs.csv"],
    "tayssir-transfers": ["tayssir_pupil_months.csv", "tayssir_transfers.csv"],
    "grant-lists": ["grant_list.csv", "grant_changes.csv"],
}
# Big tables come out in batches (their columns are never empty, so the first batch types them).
STREAMED = {"absences", "absence_months"}


# --- export ----------------------------------------------------------------------------------------------------------

def _adbc(url: str):
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        import adbc_driver_sqlite.dbapi

        return "sqlite", adbc_driver_sqlite.dbapi.connect(f"file:{Path(parsed.database).resolve()}?mode=ro",
                                                          autocommit=True)
    import adbc_driver_postgresql.dbapi

    options = parsed.query.get("options")
    uri = parsed.set(drivername="postgresql", query={}).render_as_string(hide_password=False)
    connection = adbc_driver_postgresql.dbapi.connect(uri, autocommit=True)
    if options and "search_path" in options:  # a bench schema: options=-csearch_path=NAME
        with connection.cursor() as cursor:
            cursor.execute(f"SET search_path TO {options.split('=', 1)[1]}")
    return "postgresql", connection


def export(url: str, out: Path, campaigns: list[str]) -> dict[str, int]:
    """Every table the campaigns read, written to out/<table>.parquet; rows per table."""
    out.mkdir(parents=True, exist_ok=True)
    wanted: dict[str, set[str]] = {}
    for campaign in campaigns:
        for table, columns in TABLES[campaign].items():
            wanted.setdefault(table, set()).update(columns)
    backend, connection = _adbc(url)
    rows = {}
    try:
        for table, columns in sorted(wanted.items()):
            select = "*" if "*" in columns else ", ".join(sorted(columns))
            with connection.cursor() as cursor:
                if backend == "sqlite":
                    batch = 1_000_000 if table in STREAMED else 1 << 30
                    cursor.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": str(batch)})
                cursor.execute(f"SELECT {select} FROM {table}")
                reader = cursor.fetch_record_batch()
                writer, count = None, 0
                for record in reader:
                    if writer is None:
                        writer = pq.ParquetWriter(out / f"{table}.parquet", _plain(record.schema))
                    writer.write_batch(pa.RecordBatch.from_arrays(
                        [_plain_array(c) for c in record.columns], schema=_plain(record.schema)))
                    count += record.num_rows
                if writer is None:
                    pq.write_table(reader.schema.empty_table().cast(_plain(reader.schema)), out / f"{table}.parquet")
                else:
                    writer.close()
                rows[table] = count
    finally:
        connection.close()
    return rows


def _plain(schema: pa.Schema) -> pa.Schema:
    """PostgreSQL's numeric arrives as an opaque extension type: stored as its text."""
    return pa.schema([pa.field(f.name, f.type.storage_type if isinstance(f.type, pa.ExtensionType) else f.type)
                      for f in schema])


def _plain_array(array: pa.Array) -> pa.Array:
    return array.storage if isinstance(array.type, pa.ExtensionType) else array


# --- compute ---------------------------------------------------------------------------------------------------------

def _views(db: duckdb.DuckDBPyConnection, parquet: Path, campaign: str) -> None:
    """One view per table, typed the same way whatever the store: dates as DATE, flags as BOOLEAN."""
    dates = {"left_on", "absent_on", "enrolled_on", "first_month", "last_month", "issued_on", "month"}
    flags = {"justified", "reusable", "ramed_or_rsu", "targeted", "count_justified_absences", "disability"}
    numbers = {"monthly_amount_mad", "max_absences_per_month", "rsu_score", "distance_km", "previous_average",
               "household_income_class", "boarding_capacity", "places", "quantity", "usable"}
    for table in TABLES[campaign]:
        path = parquet / f"{table}.parquet"
        columns = [r[0] for r in db.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()]
        typed = []
        for column in columns:
            if column in dates:
                typed.append(f"TRY_CAST({column} AS DATE) AS {column}")
            elif column in flags:
                typed.append(f"CAST({column} AS BOOLEAN) AS {column}")
            elif column in numbers:
                typed.append(f"TRY_CAST({column} AS DOUBLE) AS {column}")
            else:
                typed.append(f'"{column}"')
        db.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT {', '.join(typed)} FROM read_parquet('{path}')")


# Rounding to 2 decimals as numpy does (pandas' round): the value times 100, to the nearest even integer, over 100.
# DuckDB's round(x, 2) rounds the exact binary value instead: 50.725 (5072.5 once times 100) gives 50.73, not 50.72.


def _one(db: duckdb.DuckDBPyConnection, sql: str) -> tuple | None:
    rows = db.execute(sql).fetchall()
    return rows[0] if rows else None


def _copy(db: duckdb.DuckDBPyConnection, sql: str, path: Path) -> None:
    db.execute(f"COPY ({sql}) TO '{path}' (HEADER, DELIMITER ',')")


def overview(db: duckdb.DuckDBPyConnection, out: Path) -> None:
    from workbench import calendar
    from workbench.codes import year_bounds

    _copy(db, f"""
        SELECT pr.code AS province_code, pr.name_fr AS province_fr, pr.name_ar AS province_ar, e.level_code, p.sex,
               c.milieu, s.sector, count(*) AS pupils, count(e.left_on) AS "left"
        FROM enrolments e JOIN pupils p ON p.massar_code = e.massar_code JOIN levels l ON l.code = e.level_code
        JOIN schools s ON s.code = e.school_code JOIN communes c ON c.code = s.commune_code
        JOIN provinces pr ON pr.code = c.province_code
        WHERE e.year = '{YEAR}'
        GROUP BY pr.code, pr.name_fr, pr.name_ar, e.level_code, l.rank, p.sex, c.milieu, s.sector
        ORDER BY pr.code, l.rank, p.sex, c.milieu, s.sector""", out / "overview_pupils.csv")
    starts_on, ends_on = year_bounds(YEAR)
    months = pd.DataFrame({"month": list(calendar.SCHOOL_MONTHS), "position": range(len(calendar.SCHOOL_MONTHS)),
                           "month_start": calendar.month_starts(YEAR),
                           "school_days": calendar.school_days_per_month(YEAR).to_numpy(),
                           "month_fr": [calendar.MONTH_NAMES[m][0] for m in calendar.SCHOOL_MONTHS],
                           "month_ar": [calendar.MONTH_NAMES[m][1] for m in calendar.SCHOOL_MONTHS]})
    db.register("school_months", months)
    _copy(db, f"""
        WITH scoped AS (
            SELECT e.massar_code, e.left_on FROM enrolments e JOIN schools s ON s.code = e.school_code
            JOIN communes c ON c.code = s.commune_code JOIN provinces pr ON pr.code = c.province_code
            WHERE e.year = '{YEAR}'),
        absent AS (
            SELECT month(a.absent_on) AS month, count(*) AS absence_days,
                   sum(CASE WHEN a.justified THEN 1 ELSE 0 END) AS justified_days
            FROM absences a WHERE a.absent_on BETWEEN DATE '{starts_on}' AND DATE '{ends_on}'
              AND a.massar_code IN (SELECT massar_code FROM scoped)
            GROUP BY 1),
        enrolled AS (
            SELECT m.month, (SELECT count(*) FROM scoped)
                   - count(s.massar_code) AS enrolled
            FROM school_months m LEFT JOIN scoped s ON s.left_on < m.month_start GROUP BY m.month)
        SELECT m.month, m.month_fr, m.month_ar, n.enrolled, m.school_days,
               coalesce(a.absence_days, 0) AS absence_days, coalesce(a.justified_days, 0) AS justified_days,
               CASE WHEN n.enrolled * m.school_days > 0
                    THEN round_even(100 * coalesce(a.absence_days, 0) / (n.enrolled * m.school_days) * 100, 0) / 100
                    ELSE 0.0 END AS absence_rate_pct
        FROM school_months m JOIN enrolled n USING (month) LEFT JOIN absent a USING (month)
        ORDER BY m.position""", out / "overview_absences.csv")


def kit_needs(db: duckdb.DuckDBPyConnection, out: Path) -> None:
    _copy(db, f"""
        WITH beneficiaries AS (
            SELECT e.school_code, e.level_code, c.milieu, count(*) AS beneficiaries
            FROM enrolments e JOIN schools s ON s.code = e.school_code JOIN communes c ON c.code = s.commune_code
            WHERE e.year = '{YEAR}' AND e.left_on IS NULL AND s.sector = 'public'
              AND s.cycle IN ('primary', 'lower_secondary')
              AND NOT EXISTS (SELECT 1 FROM kit_exclusions x WHERE x.year = e.year AND x.massar_code = e.massar_code)
            GROUP BY 1, 2, 3),
        composition AS (SELECT * FROM kit_composition WHERE year = '{YEAR}'),
        kit AS (
            SELECT level_code, milieu, item_code, sum(quantity) AS quantity FROM (
                SELECT level_code, milieu, item_code, quantity FROM composition WHERE milieu IN ('rural', 'urban')
                UNION ALL SELECT level_code, m.milieu, item_code, quantity FROM composition
                    CROSS JOIN (VALUES ('rural'), ('urban')) m(milieu) WHERE composition.milieu = 'all')
            GROUP BY 1, 2, 3),
        required AS (
            SELECT b.school_code, k.item_code, sum(b.beneficiaries * k.quantity) AS required
            FROM beneficiaries b JOIN kit k ON k.level_code = b.level_code AND k.milieu = b.milieu GROUP BY 1, 2),
        stock AS (
            SELECT r.school_code, r.item_code, sum(r.usable) AS usable_stock
            FROM returned_books r JOIN kit_items i ON i.item_code = r.item_code AND i.reusable
            WHERE r.year = '{YEAR}' AND r.school_code IN (SELECT code FROM schools) GROUP BY 1, 2),
        needs AS (
            SELECT coalesce(q.school_code, s.school_code) AS school_code, coalesce(q.item_code, s.item_code)
                   AS item_code, CAST(coalesce(q.required, 0) AS BIGINT) AS required,
                   CAST(coalesce(s.usable_stock, 0) AS BIGINT) AS usable_stock
            FROM required q FULL OUTER JOIN stock s ON s.school_code = q.school_code AND s.item_code = q.item_code)
        SELECT school_code, item_code, required, usable_stock, greatest(required - usable_stock, 0) AS to_order,
               greatest(usable_stock - required, 0) AS surplus
        FROM needs WHERE required > 0 OR usable_stock > 0 ORDER BY school_code, item_code""", out / "kit_needs.csv")


def tayssir(db: duckdb.DuckDBPyConnection, out: Path) -> None:
    """The first period's pupil-months and transfers per household (a store with no period issued)."""
    from workbench import calendar

    issued = _one(db, f"SELECT count(*) FROM tayssir_periods WHERE year = '{YEAR}' AND issued_on IS NOT NULL")[0]
    overridden = _one(db, f"SELECT count(*) FROM tayssir_overrides WHERE year = '{YEAR}'")[0]
    if issued or overridden:
        raise SystemExit("the reference does not reproduce adjustments or upheld complaints: "
                         f"{issued} periods issued, {overridden} overrides")
    code, first, last = _one(db, f"SELECT code, first_month, last_month FROM tayssir_periods WHERE year = '{YEAR}' "
                                 "ORDER BY number LIMIT 1")
    starts = [s for s in calendar.month_starts(YEAR) if first <= s <= last]
    db.register("period_months", pd.DataFrame({"month_start": pd.to_datetime(starts)}))
    cap, count_justified = _one(db, f"SELECT household_cap, count_justified_absences FROM tayssir_settings "
                                    f"WHERE year = '{YEAR}'") or (3, False)
    days = "days" if count_justified else "unjustified_days"
    db.execute(f"""
        CREATE OR REPLACE TEMP TABLE months AS
        WITH programme AS (
            SELECT t.massar_code, t.guardian_cin, t.enrolled_on, t.ramed_or_rsu, e.left_on, c.targeted,
                   r.monthly_amount_mad AS amount, r.max_absences_per_month AS absence_limit
            FROM tayssir_enrolments t JOIN enrolments e ON e.massar_code = t.massar_code AND e.year = '{YEAR}'
            LEFT JOIN schools s ON s.code = e.school_code
            LEFT JOIN tayssir_communes c ON c.commune_code = s.commune_code
            LEFT JOIN tayssir_rules r ON r.level_code = e.level_code AND r.year = '{YEAR}'
            WHERE t.year = '{YEAR}'),
        absent AS (
            SELECT massar_code, month(month) AS month_number, sum({days}) AS days FROM absence_months
            WHERE month IN (SELECT CAST(month_start AS DATE) FROM period_months) GROUP BY 1, 2),
        rows AS (
            SELECT p.*, CAST(m.month_start AS DATE) AS month_start,
                   CASE WHEN p.left_on IS NOT NULL AND p.left_on < CAST(m.month_start AS DATE) THEN 1
                        WHEN p.amount IS NULL THEN 2
                        WHEN p.enrolled_on IS NULL OR p.enrolled_on > last_day(CAST(m.month_start AS DATE)) THEN 3
                        WHEN NOT (coalesce(p.targeted, false) OR coalesce(p.ramed_or_rsu, false)) THEN 4
                        WHEN coalesce(a.days, 0) > coalesce(p.absence_limit, 'infinity'::DOUBLE) THEN 5
                        ELSE 0 END AS reason
            FROM programme p CROSS JOIN period_months m
            LEFT JOIN absent a ON a.massar_code = p.massar_code AND a.month_number = month(m.month_start)),
        ranked AS (
            SELECT *, CASE WHEN reason = 0 THEN row_number() OVER (
                          PARTITION BY guardian_cin, month_start, reason = 0 ORDER BY amount DESC, massar_code)
                      END AS place
            FROM rows)
        SELECT massar_code, guardian_cin, strftime(month_start, '%Y-%m') AS month,
               CASE WHEN reason = 0 AND place <= {int(cap)} THEN CAST(amount AS BIGINT) ELSE 0 END AS amount_mad,
               CASE WHEN reason BETWEEN 1 AND 4 THEN 'ineligible' WHEN reason = 5 THEN 'withheld'
                    WHEN place > {int(cap)} THEN 'capped' ELSE 'paid' END AS status,
               CASE reason WHEN 1 THEN 'left_school' WHEN 2 THEN 'level_not_covered'
                    WHEN 3 THEN 'household_not_enrolled_yet' WHEN 4 THEN 'commune_not_targeted'
                    WHEN 5 THEN 'absences' ELSE CASE WHEN place > {int(cap)} THEN 'household_cap' ELSE '' END
               END AS reason
        FROM ranked""")
    _copy(db, "SELECT massar_code, month, amount_mad, status, nullif(reason, '') AS reason FROM months "  # unquoted
              "ORDER BY massar_code, month",
          out / "tayssir_pupil_months.csv")
    _copy(db, f"""
        SELECT guardian_cin, '{code}' AS period,
               count(DISTINCT CASE WHEN status = 'paid' THEN massar_code END) AS pupils_paid,
               count(*) FILTER (WHERE status = 'withheld') AS months_withheld, sum(amount_mad) AS amount_mad
        FROM months GROUP BY guardian_cin
        HAVING sum(amount_mad) <> 0 OR count(*) FILTER (WHERE status = 'withheld') > 0
            OR count(*) FILTER (WHERE status = 'paid') > 0
        ORDER BY guardian_cin""", out / "tayssir_transfers.csv")


SERVED = [("boarding_full", "lower_secondary"), ("boarding_full", "upper_secondary"),
          ("boarding_half", "lower_secondary"), ("boarding_half", "upper_secondary"),
          ("canteen", "lower_secondary"), ("canteen", "upper_secondary"), ("lower_secondary", "lower_secondary")]


def grants(db: duckdb.DuckDBPyConnection, out: Path) -> None:
    if _one(db, f"SELECT count(*) FROM grant_published WHERE year = '{YEAR}'")[0]:
        raise SystemExit("the reference does not reproduce the changes since a published list")
    grid = db.execute(f"SELECT * FROM grant_grids WHERE year = '{YEAR}'")
    g = dict(zip([d[0] for d in grid.description], grid.fetchall()[0], strict=True))
    g = {k: f"CAST({float(v)!r} AS DOUBLE)" for k, v in g.items() if k != "year"}  # never a DECIMAL literal
    served = ", ".join(f"('{t}', '{c}')" for t, c in SERVED)
    span = f"({g['rsu_score_richest']} - {g['rsu_score_poorest']})"
    order = "score DESC NULLS LAST, distance_km DESC NULLS LAST, income_order, massar_code"
    _copy(db, f"""
        WITH applications AS (
            SELECT a.*, e.school_code, l.cycle, c.province_code, s.boarding_capacity,
                   coalesce(a.household_income_class, 6) AS income_order
            FROM grant_applications a
            LEFT JOIN enrolments e ON e.massar_code = a.massar_code AND e.year = '{YEAR}'
            LEFT JOIN levels l ON l.code = e.level_code LEFT JOIN schools s ON s.code = e.school_code
            LEFT JOIN communes c ON c.code = s.commune_code
            WHERE a.year = '{YEAR}'),
        scored AS (
            SELECT *, CASE WHEN cycle IS NULL THEN 'not_enrolled'
                           WHEN (grant_type, cycle) NOT IN (VALUES {served}) THEN 'level_not_served' ELSE '' END
                      AS reason,
                   round_even((
                       {g['poverty_points']} * CASE WHEN household_income_class IS NOT NULL
                           THEN (5 - household_income_class) / 4
                           ELSE coalesce(least(greatest(({g['rsu_score_richest']} - rsu_score) / {span}, 0), 1), 0) END
                       + {g['distance_points']} * least(distance_km, {g['distance_cap_km']}) / {g['distance_cap_km']}
                       + CASE orphan WHEN 'one' THEN {g['orphan_one_points']} WHEN 'both' THEN {g['orphan_both_points']}
                                     ELSE CAST(0 AS DOUBLE) END
                       + {g['disability_points']} * CASE WHEN disability THEN 1.0 ELSE 0.0 END
                       + {g['average_points']} * previous_average / 20) * 100, 0) / 100 AS points
            FROM applications),
        ranked AS (
            SELECT *, CASE WHEN reason = '' THEN points END AS score,
                   CASE WHEN reason = '' THEN row_number() OVER (PARTITION BY province_code, grant_type, reason = ''
                        ORDER BY CASE WHEN reason = '' THEN points END DESC NULLS LAST, distance_km DESC NULLS LAST,
                                 income_order, massar_code) END AS rank,
                   CASE WHEN reason = '' THEN row_number() OVER (
                        PARTITION BY province_code, grant_type, school_code, reason = ''
                        ORDER BY CASE WHEN reason = '' THEN points END DESC NULLS LAST, distance_km DESC NULLS LAST,
                                 income_order, massar_code) - 1 END AS school_rank
            FROM scored),
        beds AS (
            SELECT r.*, coalesce(q.places, 0) AS places,
                   CASE WHEN r.reason = '' AND r.grant_type IN ('boarding_full', 'boarding_half')
                             AND r.school_rank >= coalesce(r.boarding_capacity, 0) THEN 'boarding_capacity'
                        ELSE r.reason END AS final_reason
            FROM ranked r LEFT JOIN grant_quotas q ON q.province_code = r.province_code
                AND q.grant_type = r.grant_type AND q.year = '{YEAR}'),
        placed AS (
            SELECT *, CASE WHEN final_reason = '' THEN row_number() OVER (
                          PARTITION BY province_code, grant_type, final_reason = '' ORDER BY {order}) - 1 END
                      AS position
            FROM beds)
        SELECT province_code, grant_type, massar_code, score, rank,
               CASE WHEN reason <> '' THEN 'ineligible' WHEN final_reason <> '' THEN 'not_granted'
                    WHEN position < places THEN 'granted'
                    WHEN position < places + floor(places * {g['waiting_list_share']}) THEN 'waiting_list'
                    ELSE 'not_granted' END AS decision
        FROM placed ORDER BY province_code NULLS LAST, grant_type NULLS LAST, rank NULLS LAST, massar_code""",
          out / "grant_list.csv")
    (out / "grant_changes.csv").write_text("province_code,grant_type,massar_code,published,now\n", encoding="utf-8")


CAMPAIGNS = {"overview": overview, "kit-needs": kit_needs, "tayssir-transfers": tayssir, "grant-lists": grants}


def compute(campaign: str, parquet: Path, out: Path) -> list[Path]:
    import duckdb  # the 'bench' extra: the checker below needs only pandas

    out.mkdir(parents=True, exist_ok=True)
    db = duckdb.connect()
    try:
        _views(db, parquet, campaign)
        CAMPAIGNS[campaign](db, out)
    finally:
        db.close()
    return [out / name for name in FILES[campaign]]


# --- check -----------------------------------------------------------------------------------------------------------

def compare(workbench: Path, reference: Path) -> list[str]:
    """How one CSV of the workbench and its reference differ: row counts, the sum of every numeric column, then
    every row once both are sorted on all columns; an empty list when they agree on all three."""
    ours = pd.read_csv(workbench, keep_default_na=False, na_values=[""], dtype=str)
    theirs = pd.read_csv(reference, keep_default_na=False, na_values=[""], dtype=str)
    name = workbench.name
    if list(ours.columns) != list(theirs.columns):
        return [f"{name}: columns {list(ours.columns)} != {list(theirs.columns)}"]
    problems = []
    if len(ours) != len(theirs):
        problems.append(f"{name}: {len(ours):,} rows != {len(theirs):,}")
    numeric = [c for c in ours.columns if pd.to_numeric(ours[c], errors="coerce").notna().sum()
               == ours[c].notna().sum() and ours[c].notna().any()]
    for column in numeric:
        left = pd.to_numeric(ours[column]).sum()
        right = pd.to_numeric(theirs[column], errors="coerce").sum()
        if abs(left - right) > 1e-6 * max(1.0, abs(left)):
            problems.append(f"{name}: sum of {column} {left:,.2f} != {right:,.2f}")
    if not problems:
        def rows(frame: pd.DataFrame) -> pd.DataFrame:
            frame = frame.copy()
            for column in numeric:  # 57.0 and 57 are one number
                frame[column] = pd.to_numeric(frame[column], errors="coerce")
            return frame.sort_values(list(frame.columns), na_position="last").reset_index(drop=True)

        a, b = rows(ours), rows(theirs)
        differ = ~((a == b) | (a.isna() & b.isna())).all(axis=1)
        if differ.any():
            columns = [c for c in a.columns if not ((a[c] == b[c]) | (a[c].isna() & b[c].isna())).all()]
            problems.append(f"{name}: {int(differ.sum()):,} sorted rows differ (columns {', '.join(columns)})")
    return problems


def check(campaign: str, workbench_out: Path, reference_out: Path) -> list[str]:
    problems = []
    for name in FILES[campaign]:
        problems += compare(workbench_out / name, reference_out / name)
    return problems


def main(argv: list[str]) -> int:
    command, *rest = argv
    start = time.perf_counter()
    if command == "export":
        url, out, *campaigns = rest
        rows = export(url, Path(out), campaigns or list(TABLES))
        print(f"exported {sum(rows.values()):,} rows of {len(rows)} tables in {time.perf_counter() - start:.2f} s")
    elif command == "compute":
        campaign, parquet, out = rest
        compute(campaign, Path(parquet), Path(out))
        print(f"{campaign}: {time.perf_counter() - start:.2f} s")
    elif command == "check":
        campaign, ours, theirs = rest
        problems = check(campaign, Path(ours), Path(theirs))
        same = sum((Path(ours) / n).read_bytes() == (Path(theirs) / n).read_bytes() for n in FILES[campaign])
        print("\n".join(problems) or f"{campaign}: agree (rows, sums, sorted rows; {same} of "
                                     f"{len(FILES[campaign])} files the same byte for byte)")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
