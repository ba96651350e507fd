"""Deterministic synthetic regions as frames: the same seed always gives the same pupils.

Everything is drawn per table with numpy, never pupil by pupil, so a national
demo (8 million pupils) is generated in the time it takes to write it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbench import calendar
from workbench.calendar import SCHOOL_MONTHS
from workbench.codes import year_bounds
from workbench.demo import names

# Share of pupils and average school size per cycle (public 2024-25: 3.72 M / 2.03 M / 1.24 M).
CYCLES = {
    "primary": (0.53, 320, 38),
    "lower_secondary": (0.29, 750, 36),
    "upper_secondary": (0.18, 900, 36),
}
CLASS_PREFIX = {
    "1AP": "1APG", "2AP": "2APG", "3AP": "3APG", "4AP": "4APG", "5AP": "5APG", "6AP": "6APG",
    "1AC": "1ASCG", "2AC": "2ASCG", "3AC": "3ASCG", "TC": "TCS", "1BAC": "1BACSE", "2BAC": "2BACSE",
}
HOUSEHOLD_SIZES = np.array([1, 2, 3, 4, 5, 6])
HOUSEHOLD_WEIGHTS = np.array([0.36, 0.30, 0.19, 0.09, 0.04, 0.02])
# Relative absence intensity per school month, September to June.
MONTH_FACTORS = np.array([0.5, 0.8, 0.9, 1.1, 1.0, 1.1, 1.0, 0.9, 1.1, 1.6])


@dataclass(frozen=True)
class DemoSpec:
    region_codes: tuple[str, ...]
    pupils: int
    year: str
    seed: int = 2026


@dataclass
class DemoFrames:
    communes: pd.DataFrame
    schools: pd.DataFrame
    classes: pd.DataFrame
    pupils: pd.DataFrame
    enrolments: pd.DataFrame
    guardians: pd.DataFrame
    pupil_guardians: pd.DataFrame
    # A uniform draw in [0, 1) per enrolment (in the order of `enrolments`), for a programme's demo to mark a share
    # of pupils with: drawn among the region's own draws, as it always was, so that a seed gives the same households.
    enrolment_draws: np.ndarray | None = None


@dataclass
class DemoData:
    """What a programme's demo hook builds on: the generated region, already written to the database."""

    spec: DemoSpec
    frames: DemoFrames
    levels: pd.DataFrame

    @property
    def seed(self) -> int:
        return self.spec.seed

    @property
    def year(self) -> str:
        return self.spec.year


def _pick(rng: np.random.Generator, table: list[tuple[str, str]], size: int) -> tuple[np.ndarray, np.ndarray]:
    index = rng.integers(0, len(table), size)
    arabic = np.array([a for a, _ in table], dtype=object)
    french = np.array([f for _, f in table], dtype=object)
    return arabic[index], french[index]


def _split(rng: np.random.Generator, total: int, parts: int) -> np.ndarray:
    """Split a total into `parts` positive counts of unequal but plausible sizes."""
    weights = rng.lognormal(0.0, 0.45, parts)
    counts = np.floor(weights / weights.sum() * total).astype(np.int64)
    counts[np.argsort(-weights)[: total - counts.sum()]] += 1
    return counts


def communes_and_schools(spec: DemoSpec, provinces: pd.DataFrame, levels: pd.DataFrame):
    """Communes of both milieus and schools per cycle, sized to hold `spec.pupils`."""
    rng = np.random.default_rng([spec.seed, 1])
    provinces = provinces[provinces["region_code"].isin(spec.region_codes)].reset_index(drop=True)
    per_province = _split(rng, spec.pupils, len(provinces))
    commune_rows, school_rows, size_rows = [], [], []
    used_codes = rng.permutation(100_000)
    next_code = 0
    for p, province in provinces.iterrows():  # loops over provinces (82 at most), never over pupils
        n_schools = {
            cycle: max(1, round(per_province[p] * share / size)) for cycle, (share, size, _) in CYCLES.items()
        }
        n_communes = max(4, sum(n_schools.values()) // 3)
        n_rural = max(1, round(n_communes * 0.6))
        n_communes = max(n_communes, n_rural + 1)
        head_ar, head_fr = _pick(rng, names.PLACE_HEAD, n_communes)
        tail_ar, tail_fr = _pick(rng, names.PLACE_TAIL, n_communes)
        milieu = np.where(np.arange(n_communes) < n_rural, "rural", "urban")
        poverty = np.where(milieu == "rural", rng.uniform(8, 48, n_communes), rng.uniform(2, 16, n_communes))
        codes = [f"{province.code}{i + 1:03d}" for i in range(n_communes)]
        commune_rows.append(
            pd.DataFrame(
                {
                    "code": codes,
                    "province_code": province.code,
                    "name_fr": [f"{h} {t} ({i + 1})" for i, (h, t) in enumerate(zip(head_fr, tail_fr))],
                    "name_ar": [f"{h} {t} ({i + 1})" for i, (h, t) in enumerate(zip(head_ar, tail_ar))],
                    "milieu": milieu,
                    "poverty_rate": poverty.round(1),
                }
            )
        )
        for cycle, count in n_schools.items():
            rural_share = 0.6 if cycle == "primary" else 0.35
            rural = rng.random(count) < rural_share
            commune_index = np.where(
                rural, rng.integers(0, n_rural, count), rng.integers(n_rural, n_communes, count)
            )
            patron_ar, patron_fr = _pick(rng, names.SCHOOL_PATRONS, count)
            kind_ar, kind_fr = names.SCHOOL_KIND[cycle]
            digits = used_codes[next_code : next_code + count]
            next_code += count
            letters = np.array(list("ABCDEFGHJKLMNPRSTUVWXYZ"))[rng.integers(0, 23, count)]
            private = rng.random(count) < np.where(rural, 0.02, 0.14)
            boarding = np.where(
                (cycle != "primary") & rural & (rng.random(count) < 0.4), rng.integers(4, 21, count) * 10, 0
            )
            school_codes = [f"{d:05d}{letter}" for d, letter in zip(digits, letters)]
            school_rows.append(
                pd.DataFrame(
                    {
                        "code": school_codes,
                        "commune_code": np.array(codes)[commune_index],
                        "name_fr": [f"{kind_fr} {n} {i + 1}" for i, n in enumerate(patron_fr)],
                        "name_ar": [f"{kind_ar} {n} {i + 1}" for i, n in enumerate(patron_ar)],
                        "cycle": cycle,
                        "sector": np.where(private, "private", "public"),
                        "boarding_capacity": boarding,
                    }
                )
            )
            share = CYCLES[cycle][0]
            cycle_pupils = round(per_province[p] * share)
            size_rows.append(pd.DataFrame({"school_code": school_codes, "pupils": _split(rng, cycle_pupils, count)}))
    communes = pd.concat(commune_rows, ignore_index=True)
    schools = pd.concat(school_rows, ignore_index=True)
    _one_private_school_per_province(schools, communes)
    sizes = pd.concat(size_rows, ignore_index=True)
    # Rounding per cycle may leave a few pupils over or under the total asked: settle them on the largest school.
    sizes.loc[sizes["pupils"].idxmax(), "pupils"] += spec.pupils - sizes["pupils"].sum()
    return communes, schools, sizes


def _one_private_school_per_province(schools: pd.DataFrame, communes: pd.DataFrame) -> None:
    """Even a small demo has a private school in each province: their data is approved by the province, not the
    region, which training sessions show. An upper-secondary school is chosen: no programme here counts it."""
    province = schools["commune_code"].map(communes.set_index("code")["province_code"])
    has_private = (schools["sector"] == "private").groupby(province).transform("any")
    candidates = schools[~has_private & (schools["cycle"] == "upper_secondary")]
    first = candidates.groupby(province[candidates.index]).head(1).index
    schools.loc[first, ["sector", "boarding_capacity"]] = ["private", 0]


def classes_and_places(spec: DemoSpec, schools: pd.DataFrame, sizes: pd.DataFrame, levels: pd.DataFrame):
    """Split each school's pupils over its cycle's levels and classes; one row per pupil place."""
    rng = np.random.default_rng([spec.seed, 2])
    frame = schools[["code", "cycle"]].merge(sizes, left_on="code", right_on="school_code")
    level_table = levels[["code", "cycle", "rank"]].rename(columns={"code": "level_code"})
    grid = frame.merge(level_table, on="cycle").sort_values(["school_code", "rank"]).reset_index(drop=True)
    # Higher levels are a little smaller (dropout); draw each school's split from those weights.
    grid["weight"] = 1.0 - 0.04 * grid.groupby("school_code").cumcount()
    grid["weight"] *= rng.uniform(0.85, 1.15, len(grid))
    grid["weight"] /= grid.groupby("school_code")["weight"].transform("sum")
    grid["count"] = np.floor(grid["weight"] * grid["pupils"]).astype(np.int64)
    shortfall = grid["pupils"] - grid.groupby("school_code")["count"].transform("sum")
    grid.loc[grid.groupby("school_code").cumcount() == 0, "count"] += shortfall
    class_size = grid["cycle"].map({c: v[2] for c, v in CYCLES.items()})
    grid["n_classes"] = np.maximum(1, np.ceil(grid["count"] / class_size)).astype(np.int64)

    places = grid.loc[grid.index.repeat(grid["count"]), ["school_code", "level_code", "n_classes"]]
    places = places.reset_index(drop=True)
    position = places.groupby(["school_code", "level_code"]).cumcount().to_numpy()
    places["class_code"] = (
        places["level_code"].map(CLASS_PREFIX) + "-" + (position % places["n_classes"].to_numpy() + 1).astype(str)
    )
    classes = places[["school_code", "class_code", "level_code"]].drop_duplicates().assign(year=spec.year)
    return classes.reset_index(drop=True), places.drop(columns="n_classes")


def _massar_codes(rng: np.random.Generator, letters: np.ndarray) -> np.ndarray:
    """Unique codes: the region's letter and nine digits, increasing by random gaps then shuffled."""
    digits = np.empty(len(letters), dtype=np.int64)
    for letter in np.unique(letters):
        mask = letters == letter
        count = int(mask.sum())
        gap = max(1, min(90, 999_999_999 // max(count, 1)))
        digits[mask] = rng.permutation(100_000_000 + np.cumsum(rng.integers(1, gap + 1, count)))
    return np.char.add(letters.astype("U1"), np.char.zfill(digits.astype("U9"), 9))


def pupils_and_households(spec, places, classes, schools, communes, provinces, levels) -> DemoFrames:
    rng = np.random.default_rng([spec.seed, 3])
    n = len(places)
    school_info = schools[["code", "commune_code"]].merge(
        communes[["code", "province_code"]].rename(columns={"code": "commune_code"}), on="commune_code"
    )
    places = places.merge(school_info.rename(columns={"code": "school_code"}), on="school_code", how="left")
    province_info = provinces.set_index("code")
    region_of = places["province_code"].map(province_info["region_code"]).to_numpy()
    letters = np.array([chr(ord("A") + int(r) - 1) for r in region_of], dtype="U1")
    massar = _massar_codes(rng, letters)

    # Households: pupils of one commune in random order, cut into groups of 1 to 6 siblings.
    order = np.lexsort((rng.random(n), places["commune_code"].to_numpy()))
    sizes = rng.choice(HOUSEHOLD_SIZES, size=n, p=HOUSEHOLD_WEIGHTS)
    run = np.repeat(np.arange(n), sizes)[:n]
    commune_sorted = places["commune_code"].to_numpy()[order]
    household = np.empty(n, dtype=np.int64)
    household[order] = pd.factorize(pd.Series(commune_sorted).astype(str) + ":" + run.astype(str))[0]
    n_households = int(household.max()) + 1

    family_ar, family_fr = _pick(rng, names.FAMILY, n_households)
    sex = np.where(rng.random(n) < 0.49, "F", "M")
    male_ar, male_fr = _pick(rng, names.MALE_FIRST, n)
    female_ar, female_fr = _pick(rng, names.FEMALE_FIRST, n)
    first_ar = np.where(sex == "F", female_ar, male_ar)
    first_fr = np.where(sex == "F", female_fr, male_fr)

    starts_on, ends_on = year_bounds(spec.year)
    rank = places["level_code"].map(levels.set_index("code")["rank"]).to_numpy()
    delay = rng.choice([0, 1, 2], size=n, p=[0.74, 0.19, 0.07])
    age = 5 + rank + delay
    born_before = pd.to_datetime(
        pd.DataFrame({"year": starts_on.year - age, "month": 9, "day": 1})
    ) - pd.to_timedelta(rng.integers(0, 365, n), unit="D")
    birth_place = places["province_code"].map(province_info["name_ar"]).to_numpy()

    left = rng.random(n) < 0.02
    school_days = (ends_on - starts_on).days
    left_on = pd.Series(pd.NaT, index=range(n), dtype="datetime64[s]")
    left_on[left] = pd.Timestamp(starts_on) + pd.to_timedelta(
        rng.integers(30, school_days - 30, int(left.sum())), unit="D"
    )

    pupils = pd.DataFrame(
        {
            "massar_code": massar,
            "last_name_ar": family_ar[household],
            "first_name_ar": first_ar,
            "last_name_fr": family_fr[household],
            "first_name_fr": first_fr,
            "sex": sex,
            "birth_date": born_before,
            "birth_place": birth_place,
        }
    )
    enrolments = pd.DataFrame(
        {
            "massar_code": massar,
            "year": spec.year,
            "school_code": places["school_code"].to_numpy(),
            "level_code": places["level_code"].to_numpy(),
            "class_code": places["class_code"].to_numpy(),
            "left_on": left_on,
        }
    )
    enrolment_draws = rng.random(n)

    # One guardian per household; CIN prefixes follow the province (two letters, six digits).
    first_member = pd.Series(np.arange(n)).groupby(household).min().to_numpy()
    hh_province = places["province_code"].to_numpy()[first_member]
    prefix = np.array(
        [chr(ord("A") + int(c[:2]) - 1) + chr(ord("A") + int(c[2:]) - 1) for c in hh_province], dtype="U2"
    )
    number = np.zeros(n_households, dtype=np.int64)
    for code in np.unique(prefix):
        mask = prefix == code
        count = int(mask.sum())
        gap = max(1, min(4, 999_998 // max(count, 1)))
        number[mask] = rng.permutation(np.cumsum(rng.integers(1, gap + 1, count)))
    cin = np.char.add(prefix, number.astype("U6"))
    relationship = rng.choice(["father", "mother", "tutor"], size=n_households, p=[0.8, 0.17, 0.03])
    g_male_ar, _ = _pick(rng, names.MALE_FIRST, n_households)
    g_female_ar, _ = _pick(rng, names.FEMALE_FIRST, n_households)
    g_first = np.where(relationship == "mother", g_female_ar, g_male_ar)
    phone = np.char.add(
        np.where(rng.random(n_households) < 0.6, "06", "07"),
        np.char.zfill(rng.integers(0, 100_000_000, n_households).astype("U8"), 8),
    )
    guardians = pd.DataFrame(
        {"cin": cin, "full_name": np.char.add(np.char.add(g_first.astype(str), " "), family_ar.astype(str)),
         "phone": phone}
    )
    pupil_guardians = pd.DataFrame(
        {"massar_code": massar, "guardian_cin": cin[household], "relationship": relationship[household]}
    )
    return DemoFrames(
        communes=communes, schools=schools, classes=classes, pupils=pupils, enrolments=enrolments,
        guardians=guardians, pupil_guardians=pupil_guardians, enrolment_draws=enrolment_draws,
    )


def school_days_by_month(year: str) -> dict[int, np.ndarray]:
    """School days of each month as day numbers since the epoch."""
    days = calendar.school_days(year)
    return {m: days[days.month == m].to_numpy().astype("datetime64[D]").astype(np.int64) for m in SCHOOL_MONTHS}


def absences(spec: DemoSpec, enrolments: pd.DataFrame, schools: pd.DataFrame, communes: pd.DataFrame,
             chunk: int = 0) -> pd.DataFrame:
    """A year of absence days: most pupils miss a few, some miss many, more in rural areas and in June; in the
    table's key order (Massar code, day)."""
    rng = np.random.default_rng([spec.seed, 4, chunk])
    n = len(enrolments)
    milieu = enrolments["school_code"].map(
        schools.set_index("code")["commune_code"].map(communes.set_index("code")["milieu"])
    ).to_numpy()
    cycle = enrolments["school_code"].map(schools.set_index("code")["cycle"]).to_numpy()
    propensity = rng.gamma(0.5, 1.2, n) * np.where(milieu == "rural", 1.3, 1.0)
    propensity *= np.where(cycle == "upper_secondary", 1.4, 1.0)
    days_by_month = school_days_by_month(spec.year)
    left_on = enrolments["left_on"].to_numpy().astype("datetime64[D]").astype(np.int64)
    has_left = enrolments["left_on"].notna().to_numpy()
    frames = []
    for m, month in enumerate(SCHOOL_MONTHS):  # ten months, each drawn for every pupil at once
        days = days_by_month[month]
        counts = np.minimum(rng.poisson(propensity * MONTH_FACTORS[m]), len(days))
        pupil = np.repeat(np.arange(n), counts)
        day = days[rng.integers(0, len(days), len(pupil))]
        keep = ~has_left[pupil] | (day < left_on[pupil])
        frames.append(pd.DataFrame({"pupil": pupil[keep], "day": day[keep]}))
    rows = pd.concat(frames, ignore_index=True).drop_duplicates()
    k = len(rows)
    drawn = pd.DataFrame(
        {
            "massar_code": enrolments["massar_code"].to_numpy()[rows["pupil"].to_numpy()],
            "absent_on": rows["day"].to_numpy().astype("datetime64[D]"),
            "slots": rng.choice([1, 2, 3, 4], size=k, p=[0.35, 0.3, 0.2, 0.15]),
            "justified": rng.random(k) < 0.25,
        }
    )
    # The same rows in the table's key order (code, day), sorted on integers: each pupil's rank among the codes.
    rank = np.empty(n, dtype=np.int64)
    rank[enrolments["massar_code"].reset_index(drop=True).argsort().to_numpy()] = np.arange(n)
    order = np.lexsort((rows["day"].to_numpy(), rank[rows["pupil"].to_numpy()]))
    return drawn.take(order).reset_index(drop=True)

