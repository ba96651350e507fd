"""Timings of the workbench at region and national scale, printed as a table.

    make bench                          # 50,000 and 1,000,000 pupils (Fès-Meknès), then the Tayssir target:
                                        # a country of 4,700,000 pupils, 2 million of them in the programme
    BENCH_SCALE=national make bench     # adds 8,000,000 pupils (all regions)
    BENCH_SCALE=tayssir make bench      # the Tayssir target only
    BENCH_BACKENDS=sqlite make bench    # one backend only
    BENCH_SCALE=partner make bench      # the partner-exchange target alone: 1,000,000 requests, national demo (8 M)
    BENCH_SCALE=partner-1000000 make bench  # the same on a smaller country (1 M pupils, 127,000 requests)
    BENCH_SCALE=partner-tables make bench   # the partner target on the national demo's pupils, guardians,
                                            # enrolments and requests only (no absences): a sixth of the load
    BENCH_SCALE=school-life make bench  # school life only: national timetable conflicts, a month of hourly absences
    BENCH_SCALE=portal make bench       # the families' portal only: 1,000 successive families log in, home rendered
    BENCH_SCALE=reference-1000000 make bench  # end to end only (`workbench run` beside DuckDB on Parquet), region
    BENCH_DB=sqlite:///path/national.db BENCH_SCALE=national-only make bench  # an existing demo: not built again
    BENCH_SCALE=whatif make bench       # the what-if's answer time on a 1,000,000-pupil region; with
                                        # BENCH_WHATIF_DB=sqlite:///path.db, on that database (e.g. a national demo
                                        # built before), read only, without generating one
    BENCH_SCALE=apps make bench         # the app interactions only (server side, then in Chromium: every app's first
                                        # render per role, the changes people wait on; benchmarks/browser.py), on a
                                        # region demo of 1,000,000 pupils kept in benchmarks/out/ (built the first
                                        # time: benchmarks/region_demo.py)

At national scale (and `reference-N`) every campaign is also run end to end as an operator runs it (`workbench run`,
a subprocess, its notebook kernel included) beside the DuckDB-on-Parquet reference of benchmarks/parquet_reference.py,
measured in the same run (wall time, peak memory of the process tree), their files checked to agree.

Every run but `reference-N` and the partner target's starts with school life at national scale, in memory
(benchmarks/school_life.py): the timetable conflicts of 12,300 schools and a national month of absences by hour slot
(absence days, notices), each beside a reference.

Databases are built in benchmarks/out/ (SQLite) or in a scratch PostgreSQL schema that is dropped afterwards.
At region and national scale each campaign is also run on the reference path (SQLAlchemy rows; pandas CSV and
openpyxl workbooks) beside the analytics and streaming paths, in the same run, and their files compared.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import browser  # benchmarks/browser.py, beside this file: every app in Chromium
from sqlalchemy import create_engine, text

from workbench.db import make_engine, migrate
from workbench.demo import build_demo
from workbench.programmes.data_entry.campaign import compute_scope as entry_completion
from workbench.programmes.grants.compute import compute as grant_lists
from workbench.programmes.overview.logic import compute
from workbench.programmes.schoolbags.compute import compute as kit_needs
from workbench.programmes.tayssir.periods import compute_year
from workbench.scope import resolve_scope

OUT = Path(__file__).parent / "out"
EXISTING = os.environ.get("BENCH_DB")  # the URL of a demo already built: its scale is BENCH_SCALE's single one
PG_URL = os.environ.get("WORKBENCH_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
YEAR = "2025-2026"
# Tayssir's target (30 s on SQLite) is for 2,000,000 programme pupils with a year of absences: a national demo of
# 4.7 million pupils registers about that many.
TAYSSIR_TARGET = ("tayssir", "all", 4_700_000)
SCALES = [("region", "03", 50_000), ("region", "03", 1_000_000), TAYSSIR_TARGET]
if os.environ.get("BENCH_SCALE") == "national":
    SCALES.append(("national", "all", 8_000_000))
elif os.environ.get("BENCH_SCALE") == "national-only":
    SCALES = [("national", "all", 8_000_000)]
elif os.environ.get("BENCH_SCALE") == "tayssir":
    SCALES = [TAYSSIR_TARGET]
elif os.environ.get("BENCH_SCALE") == "partner":  # the demo asks about one pupil in eight: 1,000,000 requests
    SCALES = [("partner", "all", 8_000_000)]
elif os.environ.get("BENCH_SCALE") == "school-life":
    SCALES = []
elif os.environ.get("BENCH_SCALE") == "portal":  # the portal's target: 1,000 families on the region demo
    SCALES = [("portal", "03", 50_000)]
elif os.environ.get("BENCH_SCALE", "").startswith("reference-"):  # e.g. reference-1000000: issue 17's end to end
    SCALES = [("reference", "03", int(os.environ["BENCH_SCALE"].split("-", 1)[1]))]
elif os.environ.get("BENCH_SCALE") == "whatif":
    SCALES = [("whatif", "03", 1_000_000)]
elif os.environ.get("BENCH_SCALE") == "partner-tables":  # the national tables the answers read, nothing else
    SCALES = [("partner-tables", "all", 8_000_000)]
elif os.environ.get("BENCH_SCALE", "").startswith("partner-"):  # e.g. partner-1000000: a smaller country
    SCALES = [("partner", "all", int(os.environ["BENCH_SCALE"].split("-", 1)[1]))]


def timed(label: str, action: Callable[[], object], rows: list) -> object:
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    rows.append((label, seconds))
    print(f"  {label:<58} {seconds:8.2f} s", flush=True)
    return result


@contextmanager
def database(backend: str, name: str):
    if EXISTING:  # a demo built before (BENCH_DB): measured as it is, never rebuilt nor deleted
        yield EXISTING
        return
    if backend == "sqlite":
        OUT.mkdir(exist_ok=True)
        path = OUT / f"{name}.db"
        for leftover in OUT.glob(f"{name}.db*"):
            leftover.unlink()
        yield f"sqlite:///{path}"
        return
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def backends() -> list[str]:
    if EXISTING:
        return ["sqlite" if EXISTING.startswith("sqlite") else "postgresql"]
    wanted = os.environ.get("BENCH_BACKENDS", "sqlite,postgresql").split(",")
    if "postgresql" in wanted:
        try:
            with create_engine(PG_URL, connect_args={"connect_timeout": 3}).connect():
                pass
        except Exception as exc:  # noqa: BLE001 - any failure means: skip that backend, say why
            print(f"PostgreSQL skipped: {PG_URL} not reachable ({type(exc).__name__})")
            wanted.remove("postgresql")
    return wanted


def tayssir_transfers(backend: str, pupils: int, connection, scope, rows: list) -> None:
    """The year's pupil-months and the first period's transfers per household, from the database."""
    start = time.perf_counter()
    state = compute_year(connection, scope, YEAR)
    transfers = state.transfers(state.periods["code"].iloc[0])
    seconds = time.perf_counter() - start
    label = (f"{backend} {pupils:>9,} Tayssir transfers, P1 ({len(state.programme):,} pupils, "
             f"{state.programme['guardian_cin'].nunique():,} households)")
    rows.append((label, seconds))
    print(f"  {label:<58} {seconds:8.2f} s ({len(transfers):,} transfers, {len(state.months):,} pupil-months)",
          flush=True)


def _load() -> str:
    """The machine's load (1 minute), printed beside a figure: other work shares these 2 cores."""
    return f"load {os.getloadavg()[0]:.1f}"


def partner_tables(engine, pupils: int) -> dict[str, int]:
    """The demo's schools, pupils, enrolments, guardians and both partners' requests (the tables partner answers
    read), generated by the demo's own code and seeds, so the same as in the whole demo, without the absences and
    the other programmes' data that take most of the demo's time; one transaction, statistics refreshed."""
    import pandas as pd
    from sqlalchemy import select

    from workbench.bulk import analyze, insert_frame
    from workbench.db import write_transaction
    from workbench.demo import generate
    from workbench.demo.build import resolve_regions
    from workbench.models import (
        Commune,
        Enrolment,
        Guardian,
        Level,
        Province,
        Pupil,
        PupilGuardian,
        School,
        SchoolClass,
    )
    from workbench.reference import ensure_year, load_reference
    from workbench.registry import programmes

    with write_transaction(engine) as connection:
        load_reference(connection)
        spec = generate.DemoSpec(resolve_regions(connection, "all"), pupils, ensure_year(connection, YEAR))
        provinces, levels = pd.read_sql(select(Province), connection), pd.read_sql(select(Level), connection)
        communes, schools, sizes = generate.communes_and_schools(spec, provinces, levels)
        classes, places = generate.classes_and_places(spec, schools, sizes, levels)
        frames = generate.pupils_and_households(spec, places, classes, schools, communes, provinces, levels)
        counts = {model.__tablename__: insert_frame(connection, model.__table__, frame) for model, frame in (
            (Commune, communes), (School, schools), (SchoolClass, classes), (Pupil, frames.pupils),
            (Enrolment, frames.enrolments), (Guardian, frames.guardians), (PupilGuardian, frames.pupil_guardians))}
        counts.update(programmes()["partner_exchange"].demo(connection, generate.DemoData(spec, frames, levels)))
        analyze(connection)
    return counts


def partner_answers(backend: str, pupils: int, connection, rows: list) -> None:
    """Every partner request of the year answered against the whole country (the rules, the decisions, the status)
    and the answer file's rows, read through the analytics path as `workbench run partner-exchange` reads;
    target: 1,000,000 requests against 8 million pupils in 60 s on SQLite. The reference, measured in the same run:
    reading the same inputs alone (the year's requests, every pupil's code, birth date and names, the guardians
    the requests name, the enrolments of the codes the requests give), which no matching can go below."""
    from workbench import analytics
    from workbench.programmes.partner_exchange import queries
    from workbench.programmes.partner_exchange.answers import compute as partner_compute
    from workbench.scope import Scope

    with analytics.reading(connection):
        start, cpu = time.perf_counter(), time.process_time()
        asked = queries.requests(connection, YEAR)
        everyone = queries.pupils(connection)
        queries.links(connection, YEAR)
        queries.enrolments(connection, YEAR, asked["massar_code"])
        reading, reading_cpu = time.perf_counter() - start, time.process_time() - cpu
        load = _load()
        del everyone
        label = f"{backend} {pupils:>9,} partner inputs read alone (reference)"
        rows.append((label, reading))
        print(f"  {label:<58} {reading:8.2f} s (CPU {reading_cpu:.1f} s, {load})", flush=True)

        start, cpu = time.perf_counter(), time.process_time()
        answers = partner_compute(connection, Scope(), YEAR)
        contract = answers.answer_file()
        seconds, used = time.perf_counter() - start, time.process_time() - cpu
    label = f"{backend} {pupils:>9,} partner answers ({len(contract):,} requests, target 60 s at 1 M)"
    rows.append((label, seconds))
    statuses = contract["status"].value_counts().to_dict()
    print(f"  {label:<58} {seconds:8.2f} s (CPU {used:.1f} s, {_load()}; {len(contract):,} requests answered, "
          f"{len(contract) / seconds:,.0f} a second, {seconds / max(reading, 1e-9):.1f} x reading alone; "
          f"{statuses})", flush=True)


def complaint_in_the_app(backend: str, pupils: int, url: str, rows: list) -> None:
    """Resolving a complaint in the Tayssir app (the write, the family and the province dashboard shown again),
    beside the reference of the same run: loading that province's dashboard from scratch."""
    from sqlalchemy import select

    from workbench.programmes.tayssir.complaints import PAYMENT_KINDS
    from workbench.programmes.tayssir.desk import TayssirDesk
    from workbench.programmes.tayssir.models import Complaint

    engine = make_engine(url)
    with engine.connect() as connection:
        complaint = connection.execute(select(Complaint).where(
            Complaint.state.in_(("new", "in_review")), Complaint.kind.in_(PAYMENT_KINDS),
            Complaint.massar_code.is_not(None)).order_by(Complaint.id)).first()
    if complaint is None:
        print("  (no open payment complaint in this demo)")
        return
    desk = TayssirDesk(db_url=url)
    desk.cin = complaint.guardian_cin
    timed(f"{backend} {pupils:>9,} Tayssir app: a province dashboard (reference)", desk._load_dashboard, rows)
    timed(f"{backend} {pupils:>9,} Tayssir app: resolve a complaint (target 0.3 s)",
          lambda: desk.resolve_complaint(complaint.id, "upheld", "benchmark"), rows)
    assert desk.message.startswith("✓"), desk.message
    engine.dispose()


def whatif_answers(backend: str, pupils: int, connection, scope, rows: list) -> None:
    """The what-if (policy simulator): its base read once, then the answer to a change of each programme's settings
    and to all of them at once (target under 2 s nationally), beside the reference measured in the same run: the
    three campaigns' own computations of the same budget and beneficiaries (Tayssir's year, kit needs, grant
    lists), which the what-if would otherwise have to run again for each change."""
    from workbench.programmes.whatif import changes, simulation

    def label(what: str) -> str:
        return f"{backend} {pupils:>9,} what-if: {what}"

    def campaigns():
        compute_year(connection, scope, YEAR)
        kit_needs(connection, scope, YEAR)
        grant_lists(connection, scope, YEAR)

    timed(label("the three campaigns computed (reference)"), campaigns, rows)
    base = timed(label("base read once per session"), lambda: simulation.load(connection, scope, YEAR), rows)
    current = base.current
    level = sorted(current.tayssir.amounts)[0]
    item = sorted(current.kits.unit_costs)[0]
    quota = current.grants.places.iloc[0]
    changed = {
        "household cap 2 and an amount": dict(household_cap=2, tayssir_amounts=f"{level}=999"),
        "a unit cost": dict(unit_costs=f"{item}=999"),
        "a province's places": dict(grant_places=f"{quota.province_code}/{quota.grant_type}=999"),
        "all three at once (target 2 s)": dict(household_cap=1, tayssir_amounts=f"{level}=1", unit_costs=f"{item}=1",
                                               grant_places=f"{quota.province_code}/{quota.grant_type}=1"),
    }
    for what, values in changed.items():
        settings = changes.apply(current, **values)
        comparison = timed(label(f"answer, {what}"),
                           lambda settings=settings: simulation.compare(base, settings), rows)
    if os.environ.get("BENCH_SCALE") == "whatif":
        whatif_at_national_size(base, label, rows)
    totals = comparison.totals().set_index("figure")
    print(f"    (Tayssir {int(totals.loc['tayssir_amount_mad', 'current']):,} MAD for "
          f"{int(totals.loc['tayssir_beneficiaries', 'current']):,} pupils; crowded pupil-months kept: "
          f"{len(base.tayssir.crowded['pupil']):,})", flush=True)


def whatif_at_national_size(base, label: Callable[[str], str], rows: list, times: int = 8) -> None:
    """Tayssir's answer (the part whose rows grow with the pupils) on the region's base repeated `times` times as
    distinct households and provinces, in memory: a country's worth of rows (8 x 1 M pupils) with the region's
    make-up, while no national demo is at hand."""
    import dataclasses

    import numpy as np
    import pandas as pd

    from workbench.programmes.whatif import tayssir

    one = base.tayssir
    crowded = one.crowded
    provinces, pupils = len(one.provinces), int(crowded["pupil"].max()) + 1 if len(crowded["pupil"]) else 0
    groups = int(crowded["group"].max()) + 1 if len(crowded["group"]) else 0
    raw = ("pupil", "group", "children", "province", "level", "forced", "days_all", "days_unjustified", "inside")
    offsets = {"pupil": pupils, "group": groups, "province": provinces}
    rows_copy = {name: np.concatenate([crowded[name] + offsets.get(name, 0) * k if name in offsets else crowded[name]
                                       for k in range(times)]) for name in raw}
    counts = {name: pd.concat([frame.assign(province=frame["province"] + provinces * k) for k in range(times)],
                              ignore_index=True) for name, frame in (("month_counts", one.month_counts),
                                                                    ("pupil_counts", one.pupil_counts))}
    country = dataclasses.replace(one, provinces=[f"{p}-{k}" for k in range(times) for p in one.provinces],
                                  crowded=tayssir._crowded(rows_copy), **counts)
    settings = base.current.tayssir
    for cap in (settings.household_cap, 1):
        changed = dataclasses.replace(settings, household_cap=cap,
                                      amounts={k: v + 1 for k, v in settings.amounts.items()})
        answer = timed(label(f"Tayssir answer x{times} (national size, cap {cap}; target 2 s)"),
                       lambda changed=changed: tayssir.simulate(country, changed), rows)
        region = tayssir.simulate(one, changed)[["beneficiaries", "paid_months", "amount_mad"]].sum()
        assert (answer[["beneficiaries", "paid_months", "amount_mad"]].sum() == region * times).all()
    print(f"    ({len(rows_copy['pupil']):,} crowded pupil-months)", flush=True)


def whatif_on_existing(url: str, rows: list) -> None:
    """The what-if measured on a database built before (read only: the what-if and the campaigns write nothing)."""
    engine = make_engine(url)
    with engine.connect() as connection:
        pupils = connection.execute(text("SELECT count(*) FROM pupils")).scalar_one()
        region = os.environ.get("BENCH_WHATIF_REGION")
        print(f"{engine.url.get_backend_name()}, what-if on {url} ({pupils:,} pupils)", flush=True)
        whatif_answers(engine.url.get_backend_name(), pupils, connection, resolve_scope(connection, region=region),
                       rows)
    engine.dispose()


# The campaigns measured on both paths: (programme, its run parameters).
CAMPAIGN_RUNS = [("overview", {}), ("schoolbags", {}), ("tayssir", {"period": "P1"}), ("grants", {})]


def _pandas_csv(frame, path, *, encoding: str = "utf-8"):
    """The reference CSV writer: what every CSV went through before the Arrow writer (pandas' to_csv)."""
    from workbench.exports import neutralise

    neutralise(frame).to_csv(path, index=False, encoding=encoding)
    return Path(path)


def _openpyxl_workbook(target, sheets, *, right_to_left: bool = True, width: int = 20, freeze_header: bool = True,
                       rows_limit=None):
    """The reference workbook writer: pandas with openpyxl, laid out as before (no row limit, no streaming)."""
    import pandas as pd

    from workbench.excel import sheet_name
    from workbench.exports import neutralise

    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        for sheet in sheets:
            name = sheet_name(sheet.name)
            neutralise(sheet.frame).to_excel(writer, sheet_name=name, index=False, startrow=sheet.header_row)
            page = writer.sheets[name]
            if sheet.title is not None:
                page["A1"] = sheet.title
            last = sheet.header_row + 1 + len(sheet.frame)
            for offset, (column, line) in enumerate(sheet.footer):
                page.cell(row=last + 2 + offset * 2, column=column + 1, value=line)
        for page in writer.book.worksheets:
            page.sheet_view.rightToLeft = right_to_left
            if freeze_header:
                page.freeze_panes = "A2"
            for column in page.columns:
                page.column_dimensions[column[0].column_letter].width = width
    return [sheet_name(s.name) for s in sheets]


@contextmanager
def reference_writers():
    """The programmes' outputs written by pandas' CSV writer and openpyxl, as before the streaming writers."""
    import importlib

    from workbench.registry import programmes

    patched = []
    for programme in programmes().values():
        try:
            module = importlib.import_module(f"workbench.programmes.{programme.id}.outputs")
        except ModuleNotFoundError:
            continue
        for name, reference in (("write_csv", _pandas_csv), ("write_workbook", _openpyxl_workbook)):
            if hasattr(module, name):
                patched.append((module, name, getattr(module, name)))
                setattr(module, name, reference)
    try:
        yield
    finally:
        for module, name, original in patched:
            setattr(module, name, original)


def _same_files(reference: list[Path], new: list[Path]) -> str:
    """'same' when every CSV is byte for byte the same and every workbook has the same rows; else what differs."""
    import pandas as pd

    for old, fresh in zip(sorted(reference), sorted(new), strict=True):
        if old.suffix == ".csv":
            if old.read_bytes() != fresh.read_bytes():
                return f"{old.name} differs"
        else:
            before = pd.read_excel(old, sheet_name=None, header=None)
            after = pd.read_excel(fresh, sheet_name=None, header=None)
            if [len(f) for f in before.values()] != [len(f) for f in after.values()]:
                return f"{old.name} rows differ"
    return "same"


def campaign_paths(backend: str, pupils: int, url: str, rows: list) -> None:
    """Each campaign's read and computation, and its files, on the reference path (SQLAlchemy rows; pandas CSV and
    openpyxl) beside the analytics and streaming paths, measured in the same run, their results compared."""
    from workbench.run_context import open_run

    previous = os.environ.get("WORKBENCH_READER")
    try:
        for programme, params in CAMPAIGN_RUNS:
            seconds, computed = {}, None
            for reader in ("sqlalchemy", "arrow"):
                os.environ["WORKBENCH_READER"] = reader
                run = open_run(programme, db_url=url, year=YEAR, out_dir=str(OUT / "files" / programme), **params)
                with run.engine.connect() as connection:
                    start = time.perf_counter()
                    computed = run.compute(connection)
                    seconds[reader] = time.perf_counter() - start
                    if reader == "arrow":
                        files = {}
                        for writers in ("reference", "streaming"):
                            run.out_dir = OUT / "files" / programme / writers
                            run.out_dir.mkdir(parents=True, exist_ok=True)
                            start = time.perf_counter()
                            if writers == "reference":
                                with reference_writers():
                                    files[writers] = run.write_outputs(connection, computed)
                            else:
                                files[writers] = run.write_outputs(connection, computed)
                            seconds[writers] = time.perf_counter() - start
                run.engine.dispose()
            agree = _same_files(files["reference"], files["streaming"])
            for label, old, new in (("read + compute: SQLAlchemy rows -> Arrow (ADBC)", "sqlalchemy", "arrow"),
                                    ("files: pandas CSV + openpyxl -> Arrow CSV + xlsxwriter", "reference",
                                     "streaming")):
                line = f"{backend} {pupils:>9,} {programme:<10} {label}"
                rows.append((f"{line} (reference)", seconds[old]))
                rows.append((line, seconds[new]))
                print(f"  {line:<90} {seconds[old]:8.2f} s -> {seconds[new]:7.2f} s "
                      f"(ratio {seconds[new] / max(seconds[old], 1e-9):.2f})", flush=True)
            print(f"    files {agree}: {', '.join(p.name for p in files['streaming'])}", flush=True)
    finally:
        if previous is None:
            os.environ.pop("WORKBENCH_READER", None)
        else:
            os.environ["WORKBENCH_READER"] = previous


def app_interactions(backend: str, pupils: int, url: str, rows: list) -> None:
    """What a user waits for in the apps (issue target: under 0.3 s for a filter change or an edit, first render
    under 2 s), measured on the state classes the apps draw, as the region's officer. Each line shows the wall time,
    the CPU time of this process (the machine is shared: wall time includes waiting for a core) and the target; a
    change of province is shown beside its reference, the same view computed alone from the database."""
    from sqlalchemy import and_, exists, select

    from workbench.access.users import list_users
    from workbench.models import AbsenceMonth
    from workbench.programmes.grants.committee import GrantsCommittee
    from workbench.programmes.overview.explorer import OverviewExplorer
    from workbench.programmes.overview.logic import compute as overview_figures
    from workbench.programmes.schoolbags.desk import SchoolbagsDesk
    from workbench.programmes.tayssir import periods, summary
    from workbench.programmes.tayssir.desk import TayssirDesk
    from workbench.programmes.tayssir.models import TayssirEnrolment

    engine = make_engine(url)
    users = list_users(engine)
    officer = users[users["role"] == "region_officer"]["username"].iloc[0]
    october = __import__("datetime").date(int(YEAR[:4]), 10, 1)
    with engine.connect() as connection:  # a family whose child has no absence in October yet
        cin, code = connection.execute(select(TayssirEnrolment.guardian_cin, TayssirEnrolment.massar_code).where(
            TayssirEnrolment.year == YEAR,
            ~exists().where(and_(AbsenceMonth.massar_code == TayssirEnrolment.massar_code,
                                 AbsenceMonth.month == october)))
            .order_by(TayssirEnrolment.guardian_cin)).first()

    def measured(what: str, action: Callable[[], object], target: float) -> object:
        label = f"{backend} {pupils:>9,} app: {what}"
        wall, cpu = time.perf_counter(), time.process_time()
        result = action()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        rows.append((label, wall))
        print(f"  {label:<72} {wall:7.2f} s (cpu {cpu:5.2f} s)  target {target:.1f} s: "
              f"{'ok' if wall <= target else 'over'}", flush=True)
        return result

    def reference(what: str, action: Callable[[], object]) -> None:
        label = f"{backend} {pupils:>9,} app: {what} (reference: computed alone)"
        wall = time.perf_counter()
        action()
        wall = time.perf_counter() - wall
        rows.append((label, wall))
        print(f"  {label:<72} {wall:7.2f} s", flush=True)

    def alone(compute: Callable) -> Callable[[], object]:
        def run() -> object:
            with engine.connect() as connection:
                return compute(connection)
        return run

    if backend == "sqlite":  # as `workbench serve` does when the server starts (workbench/server_setup.py)
        from workbench import sqlite_reader

        timed(f"{backend} {pupils:>9,} app: analytics readers started with the server",
              lambda: [started.result() for started in sqlite_reader.warm()], rows)
    explorer = measured("overview, first render", lambda: OverviewExplorer(db_url=url, user=officer), 2)
    provinces = [v for v in explorer.param.province.objects.values() if v]
    measured("overview, another province", lambda: setattr(explorer, "province", provinces[-1]), 0.3)
    reference("overview, that province", alone(lambda c: overview_figures(
        c, resolve_scope(c, province=provinces[-1]), YEAR)))
    measured("overview, one of its schools", lambda: setattr(explorer, "school", [
        v for v in explorer.param.school.objects.values() if v][0]), 0.3)
    # The page opens on the family search while the scope's programme is read in the background; the Province tab
    # waits for that read when opened at once (the worst case: a user who opens it as the page appears).
    desk = measured("tayssir, first render (family search)", lambda: TayssirDesk(db_url=url, user=officer), 2)
    measured("tayssir, Province tab opened at once", desk.show_dashboard, 2)
    measured("tayssir, a family by CIN", lambda: setattr(desk, "cin", cin), 0.3)
    measured("tayssir, record absences", lambda: desk.record_absences(code, 10, 7), 0.3)
    assert desk.message.startswith("✓"), desk.message
    others = [v for v in desk.param.province.objects.values() if v != desk.province]
    if others:
        measured("tayssir, dashboard of another province, not prepared yet",
                 lambda: setattr(desk, "province", others[0]), 0.3)
        reference("tayssir, that dashboard", alone(lambda c: summary.summarise(c, periods.compute_year(
            c, resolve_scope(c, province=others[0]), YEAR), None)))
        largest = _largest_tayssir_province(engine)
        if largest in others[1:]:
            measured(f"tayssir, the largest province ({largest}), not prepared yet",
                     lambda: setattr(desk, "province", largest), 0.3)
        # The app prepares the other provinces in the background once its page has loaded (not a wait: the page
        # answers meanwhile); then choosing one is taking it.
        timed(f"{backend} {pupils:>9,} app: tayssir, every province prepared in the background",
              lambda: desk.prepare_dashboards().join(), rows)
        for province in others[1:3]:
            measured(f"tayssir, dashboard of province {province}, prepared",
                     lambda province=province: setattr(desk, "province", province), 0.3)
        # A write drops what was prepared; a province chosen at once is cut again from the scope's summary, with
        # the write applied to it, while the background prepares the others again.
        measured("tayssir, record absences, every province prepared", lambda: desk.record_absences(code, 11, 7), 0.3)
        assert desk.message.startswith("✓"), desk.message
        measured("tayssir, another province at once after that entry", lambda: setattr(desk, "province", others[-1]),
                 0.3)
    bags = measured("schoolbags, first render", lambda: SchoolbagsDesk(db_url=url, user=officer), 2)
    schools = [v for v in bags.param.school.objects.values() if v != bags.school]
    if schools:
        measured("schoolbags, another school", lambda: setattr(bags, "school", schools[0]), 0.3)
    from workbench.programmes.data_entry.desk import DataEntryDesk

    entry = measured("data entry, first render", lambda: DataEntryDesk(db_url=url, user=officer), 2)
    measured("data entry, one dataset (absences)", lambda: (setattr(entry, "dataset", "absences"), entry.shown()), 0.3)
    measured("data entry, late rows only", lambda: (setattr(entry, "status", "late"), entry.shown()), 0.3)
    late = entry.late_schools()
    measured("data entry, the late schools to remind", lambda: entry.late_schools(), 0.3)
    if late:
        measured("data entry, remind the first late school", lambda: entry.remind(late[:1]), 0.3)
    committee = measured("grants, first render", lambda: GrantsCommittee(db_url=url, user=officer), 2)
    measured("grants, one place more (simulation)", lambda: setattr(committee, "places", committee.places + 1),
             0.3)
    measured("grants, poverty weighs 5 points more (simulation)",
             lambda: setattr(committee, "poverty_points", committee.poverty_points + 5), 0.3)
    engine.dispose()


def _largest_tayssir_province(engine) -> str | None:
    """The province with the most pupils registered in Tayssir this year."""
    from sqlalchemy import func, select

    from workbench.models import Commune, Enrolment, School
    from workbench.programmes.tayssir.models import TayssirEnrolment

    with engine.connect() as connection:
        return connection.execute(
            select(Commune.province_code).select_from(TayssirEnrolment)
            .join(Enrolment, (Enrolment.massar_code == TayssirEnrolment.massar_code) & (Enrolment.year == YEAR))
            .join(School, School.code == Enrolment.school_code).join(Commune, Commune.code == School.commune_code)
            .where(TayssirEnrolment.year == YEAR).group_by(Commune.province_code)
            .order_by(func.count().desc())).scalars().first()


PORTAL_FAMILIES = 1_000


def portal_pages(backend: str, pupils: int, url: str, rows: list) -> None:
    """The families' portal (issue target: median under 0.5 s a page): codes issued for the region's first schools
    until 1,000 guardians hold one, then each guardian in turn logs in with their code (Argon2id check, session) and
    their home page is built (every holder-bound query, the whole Panel page). The reference, in the same run: a
    staff login (users' Argon2id check, session) and the staff home page, 50 times."""
    import importlib.util
    import statistics

    import pandas as pd
    from bokeh.document import Document
    from sqlalchemy import select

    from workbench.access import sessions
    from workbench.access.users import authenticate, list_users
    from workbench.home import HomeState
    from workbench.models import Enrolment
    from workbench.programmes.portal import codes, logins
    from workbench.programmes.portal.eservices import FamilyPortal

    spec = importlib.util.spec_from_file_location("app_eservices", Path(__file__).parents[1] / "apps" / "eservices.py")
    app = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(app)
    engine = make_engine(url)
    with engine.connect() as connection:
        schools = connection.scalars(select(Enrolment.school_code).where(Enrolment.year == YEAR).distinct()
                                     .order_by(Enrolment.school_code)).all()

    def issue() -> pd.DataFrame:
        found = []
        for school in schools:
            found.append(codes.issue_codes(engine, school, YEAR).codes)
            if sum((frame["holder_kind"] == "guardian").sum() for frame in found) >= PORTAL_FAMILIES:
                break
        return pd.concat(found, ignore_index=True)

    label = f"{backend} {pupils:>9,} portal"
    issued = timed(f"{label}: codes issued for {PORTAL_FAMILIES:,} families", issue, rows)
    guardians = issued[issued["holder_kind"] == "guardian"].head(PORTAL_FAMILIES)

    def page(identifier: str, code: str) -> None:
        token = logins.login(engine, "guardian", identifier, code, "10.9.0.1").token
        app.create_app(FamilyPortal(token, engine=engine, year=YEAR)).server_doc(Document())

    times = []
    for identifier, code in zip(guardians["identifier"], guardians["code"]):
        start = time.perf_counter()
        page(identifier, code)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    rows.append((f"{label}: login + home, median of {len(times):,} families (target 0.5 s)", median))
    print(f"  {rows[-1][0]:<58} {median:8.3f} s (95th percentile {statistics.quantiles(times, n=20)[-1]:.3f} s)",
          flush=True)
    admin = list_users(engine)["username"].iloc[0]
    from workbench import config

    reference = []
    for _ in range(50):
        start = time.perf_counter()
        authenticate(engine, admin, config.DEMO_PASSWORD.value())
        sessions.start(engine, admin, "10.9.0.2")
        HomeState(db_url=url, user=admin).links()
        reference.append(time.perf_counter() - start)
    rows.append((f"{label}: staff login + home, median of 50 (reference)", statistics.median(reference)))
    print(f"  {rows[-1][0]:<58} {rows[-1][1]:8.3f} s", flush=True)
    engine.dispose()
def kept_region_apps(rows: list) -> None:
    """BENCH_SCALE=apps: the app interactions only, on the region demo kept in benchmarks/out/ (built once by
    benchmarks/region_demo.py; BENCH_PUPILS sets its size, 1,000,000 by default)."""
    from region_demo import region_demo

    pupils = int(os.environ.get("BENCH_PUPILS", 1_000_000))
    print(f"sqlite, region demo kept in {OUT}, {pupils:,} pupils", flush=True)
    url = region_demo(pupils)
    app_interactions("sqlite", pupils, url, rows)
    browser.run(url, pupils, rows)


def main() -> int:
    rows: list = []
    if os.environ.get("BENCH_SCALE") == "apps":
        kept_region_apps(rows)
        return 0
    import school_life  # benchmarks/school_life.py, beside this file

    partner_only = os.environ.get("BENCH_SCALE", "").startswith("partner")  # the partner target alone
    if not partner_only and not all(scale == "reference" for scale, _, _ in SCALES):
        print("school life, national scale, in memory", flush=True)
        school_life.run(timed, rows)
    if os.environ.get("BENCH_SCALE") == "whatif" and os.environ.get("BENCH_WHATIF_DB"):
        whatif_on_existing(os.environ["BENCH_WHATIF_DB"], rows)
        SCALES.clear()
    for backend in backends():
        for scale, region, pupils in SCALES:
            print(f"{backend}, {scale}, {pupils:,} pupils", flush=True)
            with database(backend, f"{scale}_{pupils}") as url:
                engine = make_engine(url)
                if not EXISTING:
                    migrate(engine)
                    start, cpu = time.perf_counter(), time.process_time()
                    if scale == "partner-tables":
                        partner_tables(engine, pupils)
                    else:
                        build_demo(engine, region=region, pupils=pupils, year=YEAR, progress=False)
                    seconds = time.perf_counter() - start
                    label = f"{backend} {pupils:>9,} demo generation and load" + (
                        " (partner tables only)" if scale == "partner-tables" else "")
                    target = " target 10 min at 8 M," if pupils == 8_000_000 and scale != "partner-tables" else ""
                    rows.append((label, seconds))
                    print(f"  {label:<58} {seconds:8.2f} s ({seconds / 60:.1f} min,{target} CPU "
                          f"{time.process_time() - cpu:.0f} s, {_load()})", flush=True)
                if scale in ("reference", "national"):  # issue 17: end to end beside DuckDB on Parquet
                    import end_to_end  # benchmarks/end_to_end.py, beside this file

                    end_to_end.run(url, OUT / "end_to_end" / f"{backend}_{pupils}", backend, pupils, rows)
                    if scale == "reference":
                        engine.dispose()
                        continue
                with engine.connect() as connection:
                    scope = resolve_scope(connection, region=None if region == "all" else region)
                    if scale == "tayssir":
                        tayssir_transfers(backend, pupils, connection, scope, rows)
                        continue
                    if scale == "portal":
                        portal_pages(backend, pupils, url, rows)
                        continue
                    if scale == "whatif":
                        whatif_answers(backend, pupils, connection, scope, rows)
                        continue
                    if scale in ("partner", "partner-tables"):
                        partner_answers(backend, pupils, connection, rows)
                        continue
                    timed(f"{backend} {pupils:>9,} overview figures ({scope.label_fr})",
                          lambda scope=scope: compute(connection, scope, YEAR), rows)
                    timed(f"{backend} {pupils:>9,} kit needs ({scope.label_fr})",
                          lambda scope=scope: kit_needs(connection, scope, YEAR), rows)
                    timed(f"{backend} {pupils:>9,} data-entry completion ({scope.label_fr})",
                          lambda scope=scope: entry_completion(connection, scope, YEAR,
                                                               __import__("datetime").date(int(YEAR[5:]), 6, 30)),
                          rows)
                    tayssir_transfers(backend, pupils, connection, scope, rows)
                    lists = timed(f"{backend} {pupils:>9,} grant lists",
                                  lambda scope=scope: grant_lists(connection, scope, YEAR), rows)
                    print(f"    ({len(lists.decisions):,} applications)", flush=True)
                    partner_answers(backend, pupils, connection, rows)
                    whatif_answers(backend, pupils, connection, scope, rows)
                    province = "0301"
                    timed(f"{backend} {pupils:>9,} overview figures (province {province})",
                          lambda province=province: compute(connection, resolve_scope(connection, province=province),
                                                            YEAR), rows)
                if scale in ("region", "national"):
                    campaign_paths(backend, pupils, url, rows)
                if scale == "region":
                    app_interactions(backend, pupils, url, rows)
                    if backend == "sqlite":  # what the user waits for in Chromium, on the same database
                        browser.run(url, pupils, rows)
                if pupils <= 50_000:
                    complaint_in_the_app(backend, pupils, url, rows)
                    portal_pages(backend, pupils, url, rows)
                engine.dispose()
    print("\nsummary")
    for label, seconds in rows:
        print(f"{label:<60} {seconds:8.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
