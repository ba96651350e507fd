"""The demo is valid Massar-shaped data, deterministic, and written the same way on both databases."""

import hashlib
import tempfile

import pandas as pd
import pytest
from sqlalchemy import func, select

from workbench.codes import CIN, MASSAR_CODE, SCHOOL_CODE
from workbench.db import make_engine, migrate
from workbench.demo import build as demo_build
from workbench.demo import build_demo
from workbench.exceptions import InputError
from workbench.models import Absence, Enrolment, Level, Pupil, PupilGuardian, School, SchoolClass

YEAR = "2025-2026"


def _frame(engine, query):
    with engine.connect() as connection:
        return pd.read_sql(query, connection)


def test_demo_writes_a_plausible_region(engine):
    counts = build_demo(engine, region="Fès-Meknès", pupils=3_000, year=YEAR, progress=False)
    assert counts["pupils"] == counts["enrolments"] == counts["pupil_guardians"] == 3_000
    for table in ("kit_items", "kit_composition", "returned_books", "deliveries", "distributions",
                  "tayssir_enrolments", "complaints", "grant_applications", "grant_quotas"):
        assert counts[table] > 0, table
    pupils = _frame(engine, select(Pupil))
    assert pupils["massar_code"].str.fullmatch(MASSAR_CODE.pattern).all()
    assert set(pupils["sex"]) == {"M", "F"}
    assert pupils["last_name_ar"].notna().all() and pupils["first_name_fr"].notna().all()
    schools = _frame(engine, select(School))
    assert schools["code"].str.fullmatch(SCHOOL_CODE.pattern).all()
    assert set(schools["cycle"]) == {"primary", "lower_secondary", "upper_secondary"}
    links = _frame(engine, select(PupilGuardian))
    assert links["guardian_cin"].str.fullmatch(CIN.pattern).all()
    siblings = links.groupby("guardian_cin").size()
    assert siblings.min() >= 1 and siblings.max() <= 6 and (siblings > 1).any()


def test_birth_dates_fit_the_level(engine):
    build_demo(engine, region="03", pupils=2_000, year=YEAR, progress=False)
    frame = _frame(engine, select(Pupil.birth_date, Level.rank).select_from(Pupil)
                   .join(Enrolment, Enrolment.massar_code == Pupil.massar_code)
                   .join(Level, Level.code == Enrolment.level_code))
    age = (pd.Timestamp("2025-09-01") - pd.to_datetime(frame["birth_date"])).dt.days // 365.25
    offset = age - frame["rank"]  # 1st primary (rank 1) starts at 5 to 6 years old
    assert offset.between(4, 7).all()


def test_absences_fall_on_school_days_while_enrolled(engine):
    build_demo(engine, region="03", pupils=2_000, year=YEAR, progress=False)
    frame = _frame(engine, select(Absence.absent_on, Enrolment.left_on).join(
        Enrolment, Enrolment.massar_code == Absence.massar_code))
    days = pd.to_datetime(frame["absent_on"])
    assert len(frame) > 2_000
    assert days.between("2025-09-01", "2026-06-30").all()
    assert (days.dt.dayofweek < 6).all()
    left = pd.to_datetime(frame["left_on"])
    assert (left.isna() | (days < left)).all()


def test_every_pupil_sits_in_a_class_of_their_level(engine):
    build_demo(engine, region="03", pupils=2_000, year=YEAR, progress=False)
    frame = _frame(engine, select(Enrolment.level_code, SchoolClass.level_code.label("class_level")).join(
        SchoolClass, (SchoolClass.school_code == Enrolment.school_code) & (SchoolClass.year == Enrolment.year)
        & (SchoolClass.class_code == Enrolment.class_code)))
    assert len(frame) == 2_000 and (frame["level_code"] == frame["class_level"]).all()


def _fingerprint(engine) -> str:
    frame = _frame(engine, select(Pupil).order_by(Pupil.massar_code))
    return hashlib.sha256(frame.to_csv(index=False).encode()).hexdigest()


def test_same_seed_same_pupils_and_replace_is_required(engine):
    build_demo(engine, region="03", pupils=1_500, year=YEAR, seed=7, progress=False)
    first = _fingerprint(engine)
    with pytest.raises(InputError, match="--replace"):
        build_demo(engine, region="03", pupils=1_500, year=YEAR, seed=7, progress=False)
    build_demo(engine, region="03", pupils=1_500, year=YEAR, seed=7, replace=True, progress=False)
    assert _fingerprint(engine) == first
    build_demo(engine, region="03", pupils=1_500, year=YEAR, seed=8, replace=True, progress=False)
    assert _fingerprint(engine) != first


def test_all_regions(engine):
    counts = build_demo(engine, region="all", pupils=5_000, year=YEAR, progress=False)
    with engine.connect() as connection:  # programmes may add pupils of earlier years (partner exchange)
        assert counts["pupils"] == connection.execute(select(func.count()).select_from(Enrolment)).scalar_one() == 5_000
    regions = _frame(engine, select(func.substr(Pupil.massar_code, 1, 1).label("letter")).distinct())
    assert len(regions) == 12


@pytest.mark.parametrize("region, pupils, message", [
    ("Atlantis", 1_000, "Région « Atlantis » inconnue"), ("03", 10, "entre 1,000 et 8,000,000"),
])
def test_bad_demo_requests(engine, region, pupils, message):
    with pytest.raises(InputError, match=message):
        build_demo(engine, region=region, pupils=pupils, year=YEAR, progress=False)


def _absence_tables(url: str) -> dict[str, pd.DataFrame]:
    engine = make_engine(url)
    with engine.connect() as connection:
        tables = {name: pd.read_sql(f"SELECT * FROM {name} ORDER BY rowid", connection)
                  for name in ("absences", "absence_months", "absence_school_months")}
    engine.dispose()
    return tables


def test_absences_drawn_in_a_helper_process_are_the_ones_drawn_in_line(tmp_path, monkeypatch):
    """A large SQLite demo draws and stages its absences in a helper process, in parts, while the build copies
    (workbench.demo.absence_load); a small one draws them itself. Both write the same rows in the same order."""
    monkeypatch.setattr(demo_build, "ABSENCE_CHUNK", 700)  # 4 chunks, drawn in 2 parts
    scratch = tmp_path / "scratch"  # where this process and the helper stage (and must leave nothing)
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setenv("TMPDIR", str(scratch))
    urls = {}
    for way, threshold in (("in line", 10**9), ("aside", 0)):
        monkeypatch.setattr(demo_build, "ASIDE_ENROLMENTS", threshold)
        urls[way] = f"sqlite:///{tmp_path / way.replace(' ', '_')}.db"
        engine = make_engine(urls[way])
        migrate(engine)
        counts = build_demo(engine, region="03", pupils=2_500, year=YEAR, progress=False)
        engine.dispose()
        assert counts["absences"] > 2_500
    drawn, aside = _absence_tables(urls["in line"]), _absence_tables(urls["aside"])
    for name, frame in drawn.items():
        pd.testing.assert_frame_equal(aside[name], frame, obj=name)
    assert list(scratch.iterdir()) == []
