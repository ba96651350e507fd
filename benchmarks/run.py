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

Every run but the partner target's starts with school life at national scale, in memory (benchmarks/school_life.py):
the timetable conflicts of 12,300 schools and a national month of absences by hour slot (absence days, notices), each
beside a reference.

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

from sqlalchemy import create_engine, text

from workbench.programmes.grants.compute import compute as grant_lists
from workbench.programmes.schoolbags.compute import compute as kit_needs
from workbench.programmes.overview.logic import compute
from workbench.programmes.tayssir.periods import compute_year
from workbench.db import make_engine, migrate
from workbench.demo import build_demo
from workbench.scope import resolve_scope

OUT = Path(__file__).parent / "out"
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
    from workbench.models import Commune, Enrolment, Guardian, Level, Province, Pupil, PupilGuardian, School, \
        SchoolClass
    from workbench.reference import ensure_year, load_reference
    from workbench.registry import import_columns, programmes

    with write_transaction(engine) as connection:
        load_reference(connection)
        spec = generate.DemoSpec(resolve_regions(connection, "all"), pupils, ensure_year(connection, YEAR))
        provinces, levels = pd.read_sql(select(Province), connection), pd.read_sql(select(Level), connection)
        communes, schools, sizes = generate.communes_and_schools(spec, provinces, levels)
        for column in import_columns("communes"):
            communes[column.name] = column.default
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
    under 2 s), measured on the state classes the apps draw, as the region's officer."""
    from sqlalchemy import select

    from workbench.access.users import list_users
    from workbench.programmes.grants.committee import GrantsCommittee
    from workbench.programmes.overview.explorer import OverviewExplorer
    from workbench.programmes.schoolbags.desk import SchoolbagsDesk
    from workbench.programmes.tayssir.desk import TayssirDesk
    from workbench.programmes.tayssir.models import TayssirEnrolment

    engine = make_engine(url)
    users = list_users(engine)
    officer = users[users["role"] == "region_officer"]["username"].iloc[0]
    with engine.connect() as connection:
        cin, code = connection.execute(select(TayssirEnrolment.guardian_cin, TayssirEnrolment.massar_code)
                                       .order_by(TayssirEnrolment.guardian_cin)).first()

    def label(what: str) -> str:
        return f"{backend} {pupils:>9,} app: {what}"

    explorer = timed(label("overview, first render (target 2 s)"), lambda: OverviewExplorer(db_url=url, user=officer),
                     rows)
    provinces = [v for v in explorer.param.province.objects.values() if v]
    timed(label("overview, another province (target 0.3 s)"),
          lambda: setattr(explorer, "province", provinces[-1]), rows)
    desk = timed(label("tayssir, first render (target 2 s)"), lambda: TayssirDesk(db_url=url, user=officer), rows)
    timed(label("tayssir, a family by CIN (target 0.3 s)"), lambda: setattr(desk, "cin", cin), rows)
    timed(label("tayssir, record absences (target 0.3 s)"), lambda: desk.record_absences(code, 10, 7), rows)
    others = [v for v in desk.param.province.objects.values() if v != desk.province]
    if others:
        timed(label("tayssir, dashboard of another province (target 0.3 s)"),
              lambda: setattr(desk, "province", others[0]), rows)
    bags = timed(label("schoolbags, first render (target 2 s)"), lambda: SchoolbagsDesk(db_url=url, user=officer),
                 rows)
    schools = [v for v in bags.param.school.objects.values() if v != bags.school]
    if schools:
        timed(label("schoolbags, another school (target 0.3 s)"), lambda: setattr(bags, "school", schools[0]), rows)
    committee = timed(label("grants, first render (target 2 s)"), lambda: GrantsCommittee(db_url=url, user=officer),
                      rows)
    timed(label("grants, one place more (simulation, target 0.3 s)"),
          lambda: setattr(committee, "places", committee.places + 1), rows)
    engine.dispose()


def main() -> int:
    rows: list = []
    import school_life  # benchmarks/school_life.py, beside this file

    if not os.environ.get("BENCH_SCALE", "").startswith("partner"):  # the partner target alone: nothing else runs
        print("school life, national scale, in memory", flush=True)
        school_life.run(timed, rows)
    for backend in backends():
        for scale, region, pupils in SCALES:
            print(f"{backend}, {scale}, {pupils:,} pupils", flush=True)
            with database(backend, f"{scale}_{pupils}") as url:
                engine = make_engine(url)
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
                with engine.connect() as connection:
                    scope = resolve_scope(connection, region=None if region == "all" else region)
                    if scale == "tayssir":
                        tayssir_transfers(backend, pupils, connection, scope, rows)
                        continue
                    if scale in ("partner", "partner-tables"):
                        partner_answers(backend, pupils, connection, rows)
                        continue
                    timed(f"{backend} {pupils:>9,} overview figures ({scope.label_fr})",
                          lambda: compute(connection, scope, YEAR), rows)
                    timed(f"{backend} {pupils:>9,} kit needs ({scope.label_fr})",
                          lambda: kit_needs(connection, scope, YEAR), rows)
                    tayssir_transfers(backend, pupils, connection, scope, rows)
                    lists = timed(f"{backend} {pupils:>9,} grant lists", lambda: grant_lists(connection, scope, YEAR),
                                  rows)
                    print(f"    ({len(lists.decisions):,} applications)", flush=True)
                    partner_answers(backend, pupils, connection, rows)
                    province = "0301"
                    timed(f"{backend} {pupils:>9,} overview figures (province {province})",
                          lambda: compute(connection, resolve_scope(connection, province=province), YEAR), rows)
                if scale in ("region", "national"):
                    campaign_paths(backend, pupils, url, rows)
                if scale == "region":
                    app_interactions(backend, pupils, url, rows)
                if pupils <= 50_000:
                    complaint_in_the_app(backend, pupils, url, rows)
                engine.dispose()
    print("\nsummary")
    for label, seconds in rows:
        print(f"{label:<60} {seconds:8.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
