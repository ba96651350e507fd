"""Synthetic second-chance centres for the demo region: two or three per province, their learners (some of them
former pupils who left school, found by their Massar code), staff and each province's plan. Some centres are
incomplete on purpose (no association, no agreement end, learners without a birth date or stage, staff without
hours), one per province has an agreement ending within 90 days, and the last is still planned."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from workbench.bulk import insert_frame
from workbench.demo.generate import DemoData
from workbench.programmes.second_chance.models import (
    OUTCOMES,
    ROLES,
    STAGES,
    E2CCentre,
    E2CLearner,
    E2CPlan,
    E2CStaff,
)

TRADES = ("couture", "menuiserie", "coiffure", "cuisine", "électricité", "informatique", "plomberie")
ASSOCIATIONS = ("Association Ahli", "Association Nour", "Association Amal", "Association Tahadi")


def centres(rng: np.random.Generator, provinces: list[str], year: str, today: dt.date) -> pd.DataFrame:
    first = int(year[:4])
    rows = []
    for number, province in enumerate(provinces):
        for place in range(2 + number % 2):
            code = f"E2C-{province}-{place + 1:02d}"
            incomplete = place == 1  # the second centre of every province lacks some of its fields
            end = today + dt.timedelta(days=45) if place == 0 else dt.date(first + 2, 8, 31)
            rows.append({
                "centre_code": code, "province_code": province, "name_fr": f"Centre deuxième chance {code[-7:]}",
                "name_ar": None if incomplete else f"مركز الفرصة الثانية {code[-7:]}",
                "association": None if incomplete else ASSOCIATIONS[rng.integers(len(ASSOCIATIONS))],
                "agreement_start": dt.date(first - 1, 9, 1), "agreement_end": None if incomplete else end,
                "opened_on": None if place == 2 else dt.date(first, 10, 1 + int(rng.integers(0, 20))),
                "capacity": int(rng.choice([40, 60, 80])),
                "trades": None if incomplete else ";".join(rng.choice(TRADES, 2, replace=False)),
                "has_workshop": bool(rng.random() < 0.7), "has_computer_room": None if incomplete else bool(
                    rng.random() < 0.5)})
    frame = pd.DataFrame(rows)
    for column in ("agreement_start", "agreement_end", "opened_on"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def learners(rng: np.random.Generator, centres_: pd.DataFrame, year: str, former: np.ndarray) -> pd.DataFrame:
    """25-45 learners per opened centre, a fifth of them former pupils; incomplete centres miss some fields."""
    opened = centres_[centres_["opened_on"].notna()].reset_index(drop=True)
    sizes = rng.integers(25, 46, len(opened))
    codes = np.repeat(opened["centre_code"].to_numpy(), sizes)
    incomplete = np.repeat(opened["association"].isna().to_numpy(), sizes)
    n = len(codes)
    first = int(year[:4])
    born = pd.Timestamp(first - 18, 1, 1) + pd.to_timedelta(rng.integers(0, 365 * 7, n), unit="D")
    enrolled = pd.Timestamp(first, 9, 15) + pd.to_timedelta(rng.integers(0, 60, n), unit="D")
    left = rng.random(n) < 0.3
    left_on = pd.Series(enrolled + pd.to_timedelta(rng.integers(60, 240, n), unit="D")).where(left)
    outcome = pd.Series(rng.choice(OUTCOMES, n, p=[0.25, 0.25, 0.15, 0.1, 0.25])).where(left)
    massar = pd.Series(rng.choice(former, n) if len(former) else [None] * n).where(
        (rng.random(n) < 0.2) if len(former) else False)
    gaps = incomplete & (rng.random(n) < 0.3)
    return pd.DataFrame({
        "year": year, "centre_code": codes,
        "learner_id": [f"A{i:04d}" for i in pd.Series(codes).groupby(codes).cumcount() + 1],
        "massar_code": massar.to_numpy(), "sex": pd.Series(rng.choice(["F", "M"], n)).where(~gaps).to_numpy(),
        "birth_date": pd.Series(born).where(~gaps).to_numpy(), "enrolled_on": enrolled,
        "stage": pd.Series(rng.choice(STAGES, n, p=[0.5, 0.35, 0.15])).where(~(incomplete & (rng.random(n) < 0.2)))
        .to_numpy(), "trade": None, "left_on": left_on.to_numpy(),
        "outcome": outcome.where(~(incomplete & left & (rng.random(n) < 0.5))).to_numpy()}).drop_duplicates(
        ["year", "centre_code", "learner_id"])


def staff(rng: np.random.Generator, centres_: pd.DataFrame, year: str) -> pd.DataFrame:
    opened = centres_[centres_["opened_on"].notna()].reset_index(drop=True)
    sizes = rng.integers(3, 7, len(opened))
    codes = np.repeat(opened["centre_code"].to_numpy(), sizes)
    incomplete = np.repeat(opened["association"].isna().to_numpy(), sizes)
    n = len(codes)
    role = np.where(pd.Series(codes).groupby(codes).cumcount().to_numpy() < 2, "educator",
                    rng.choice(ROLES, n))
    return pd.DataFrame({"year": year, "centre_code": codes,
                         "staff_id": [f"P{i:03d}" for i in pd.Series(codes).groupby(codes).cumcount() + 1],
                         "role": role, "sex": rng.choice(["F", "M"], n),
                         "hours_per_week": pd.Series(rng.choice([20.0, 30.0, 40.0], n)).where(
                             ~(incomplete & (rng.random(n) < 0.5))).to_numpy()})


def plans(rng: np.random.Generator, centres_: pd.DataFrame, learners_: pd.DataFrame, year: str) -> pd.DataFrame:
    per_province = centres_.groupby("province_code", as_index=False).size()
    enrolled = learners_.merge(centres_[["centre_code", "province_code"]]).groupby("province_code").size()
    return pd.DataFrame({
        "year": year, "province_code": per_province["province_code"],
        "centres_planned": per_province["size"] + rng.integers(0, 2, len(per_province)),
        "learners_planned": (per_province["province_code"].map(enrolled).fillna(0) * rng.uniform(
            1.0, 1.4, len(per_province))).round().astype("int64")})


def build(connection: Connection, data: DemoData) -> dict[str, int]:
    """The demo region's centres, learners, staff and plans."""
    rng = np.random.default_rng([data.seed, 16])
    frames = data.frames
    provinces = sorted(frames.communes["province_code"].unique())
    made = centres(rng, provinces, data.year, dt.date.today())
    left = frames.enrolments[frames.enrolments["left_on"].notna()]["massar_code"].to_numpy()
    taught = learners(rng, made, data.year, left)
    return {"e2c_centres": insert_frame(connection, E2CCentre.__table__, made),
            "e2c_learners": insert_frame(connection, E2CLearner.__table__, taught),
            "e2c_staff": insert_frame(connection, E2CStaff.__table__, staff(rng, made, data.year)),
            "e2c_plans": insert_frame(connection, E2CPlan.__table__, plans(rng, made, taught, data.year))}


# What the demo committee wrote during its visit of a centre (seed 004: a visit to the centre of Taroudant).
VISIT_FINDINGS = {
    "premises": ("فضاءات مؤهلة: قاعتان وورشة", "الصباغة تحتاج إلى تجديد"),
    "equipment": ("آلات خياطة وحواسيب", "نقص في عدد الحواسيب"),
    "trades": ("الخياطة والنجارة", ""),
    "learners": ("حضور أغلب المستفيدين", ""),
    "tracking": ("", "مسك معلومات التتبع بنظام رائد متأخر"),
}


def filled_visit(engine, year: str, out_dir: Path) -> Path | None:
    """The demo committee's visit: the visit workbook of the first province with an open centre, written as the
    campaign writes it, with that centre's sheet filled in (the day of the visit, what was observed, comments) as a
    committee would on site; the path of the filled workbook (None when the demo has no open centre)."""
    from openpyxl import load_workbook

    from workbench.programmes.second_chance import outputs
    from workbench.programmes.second_chance.campaign import compute_scope
    from workbench.scope import Scope

    with engine.connect() as connection:
        result = compute_scope(connection, Scope(), year)
    opened = result.centres[result.centres["opened_on"].notna()]
    if opened.empty:
        return None
    centre = opened.iloc[0]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [p for p in outputs.write_visit_workbooks(result, out_dir)
               if p.name == f"e2c_visit_{centre['province_code']}.xlsx"][0]
    book = load_workbook(written)
    sheet = book[str(centre["centre_code"])]
    items = {str(row[0].value).split(" / ")[0]: row[0].row for row in sheet.iter_rows() if row[0].value}
    day = dt.date(int(year[:4]) + 1, 1, 16)  # a Thursday in January, as the seed's visit
    sheet.cell(items[outputs.label("visit.date").fr], 3, day.isoformat())
    for check, (observed, comment) in VISIT_FINDINGS.items():
        row = items[outputs.label(f"visit.check.{check}").fr]
        sheet.cell(row, 3, observed or None)
        sheet.cell(row, 4, comment or None)
    target = written.with_name(f"{written.stem}_filled.xlsx")
    book.save(target)
    return target
