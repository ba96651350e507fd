"""Hand-built second-chance data, small enough to check every figure by hand (year 2025-2026: ages are taken on
1 September 2025; a centre counts as opened for the plan when it opened by 30 June 2026).

C1 (Fès 0301): every field of the centre given, every stage, learners outside 13-18, a leaver of each outcome
   and one whose outcome is not recorded, four staff (one without hours).
C2 (Fès 0301): French name, association, agreement end and trades missing; not opened yet (planned: not missing); a
   leaver who dropped out. No staff.
C3 (Meknès 0302): opened after 30 June (not counted as opened); two leavers, one back at school.
"""

from __future__ import annotations

import pandas as pd

YEAR = "2025-2026"

CENTRES = [
    {"centre_code": "E2C-FES-01", "province_code": "0301", "name_fr": "Centre Al Qods", "name_ar": "مركز القدس",
     "association": "Association Ahli", "agreement_start": "2024-09-01", "agreement_end": "2027-08-31",
     "opened_on": "2025-10-01", "capacity": "60", "trades": "couture;menuiserie", "has_workshop": "1",
     "has_computer_room": "oui"},
    {"centre_code": "E2C-FES-02", "province_code": "0301", "name_fr": "", "name_ar": "مركز الأمل", "association": "",
     "agreement_start": "2025-09-01", "agreement_end": "", "opened_on": "", "capacity": "40", "trades": "",
     "has_workshop": "0", "has_computer_room": "0"},
    {"centre_code": "E2C-MEK-01", "province_code": "0302", "name_fr": "Centre Meknès", "name_ar": "مركز مكناس",
     "association": "Association Nour", "agreement_start": "2023-01-01", "agreement_end": "2026-12-31",
     "opened_on": "2026-07-15", "capacity": "30", "trades": "coiffure", "has_workshop": "1",
     "has_computer_room": "1"},
]


def learner(centre: str, number: str, sex: str, born: str, stage: str, left_on: str = "", outcome: str = "",
            massar: str = "") -> dict:
    return {"year": "2025/2026", "centre_code": centre, "learner_id": number, "massar_code": massar, "sex": sex,
            "birth_date": born, "enrolled_on": "2025-09-15", "stage": stage, "trade": "", "left_on": left_on,
            "outcome": outcome}


LEARNERS = [
    learner("E2C-FES-01", "L1", "F", "2010-09-01", "qualification"),  # 15
    learner("E2C-FES-01", "L2", "M", "2012-09-02", "pre_vocational"),  # 12: turns 13 the day after
    learner("E2C-FES-01", "L3", "F", "2006-08-31", "follow_up", "2026-01-10", "school"),  # 19
    learner("E2C-FES-01", "L4", "M", "2007-09-01", "follow_up", "2026-02-01", "employment"),  # 18 that very day
    learner("E2C-FES-01", "L5", "F", "", "qualification", "2026-03-01", "dropped"),  # birth date missing
    learner("E2C-FES-01", "L6", "", "2011-01-01", "pre_vocational", "2026-03-15", "vocational_training"),  # 14
    learner("E2C-FES-01", "L7", "M", "2009-05-05", "", "2026-04-01", ""),  # 16, stage and outcome missing
    learner("E2C-FES-01", "L8", "F", "2010-01-01", "follow_up", "2026-05-01", "self_employment", "A000000003"),
    learner("E2C-FES-02", "M1", "F", "2011-06-01", "qualification"),  # 14
    learner("E2C-FES-02", "M2", "M", "2013-01-01", "qualification", "2026-02-01", "dropped"),  # 12
    learner("E2C-MEK-01", "N1", "F", "2010-03-03", "pre_vocational", "2026-01-05", "school"),
    learner("E2C-MEK-01", "N2", "M", "2010-03-03", "pre_vocational", "2026-01-05", "dropped"),
    learner("E2C-MEK-01", "N3", "M", "2009-03-03", "follow_up"),
    learner("E2C-MEK-01", "N4", "F", "2009-03-03", "follow_up"),
]
STAFF = [
    {"year": YEAR, "centre_code": "E2C-FES-01", "staff_id": "S1", "role": "educator", "sex": "F",
     "hours_per_week": "30"},
    {"year": YEAR, "centre_code": "E2C-FES-01", "staff_id": "S2", "role": "formateur", "sex": "M",
     "hours_per_week": "20"},
    {"year": YEAR, "centre_code": "E2C-FES-01", "staff_id": "S3", "role": "director", "sex": "M",
     "hours_per_week": "40"},
    {"year": YEAR, "centre_code": "E2C-FES-01", "staff_id": "S4", "role": "social_worker", "sex": "F",
     "hours_per_week": ""},
    {"year": YEAR, "centre_code": "E2C-MEK-01", "staff_id": "S5", "role": "educator", "sex": "F",
     "hours_per_week": "35"},
]
PLAN = [
    {"year": YEAR, "province_code": "0301", "centres_planned": "3", "learners_planned": "20"},
    {"year": YEAR, "province_code": "0302", "centres_planned": "1", "learners_planned": "10"},
]

# C1: 8 learners (girls L1 L3 L5 L8, boys L2 L4 L7; L6 has no sex); birth date known for 7, of whom 5 are 13-18
# (L1 15, L4 18, L6 14, L7 16, L8 15) -> 71.4; 6 left, 4 integrated -> 66.7; 2 educators -> 8 / 2 = 4.0;
# fields: centre 11/11, learners 24 + 6 outcomes = 30 with 4 missing (L5 birth, L6 sex, L7 stage and outcome),
# staff 12 with 1 missing (S4 hours) -> 48 / 53 = 90.6.
# C2: 2 learners, 1 of 2 aged 13-18 -> 50.0; 1 left, none integrated -> 0.0; no educator -> empty;
# fields: centre 7/11 (name_fr, association, agreement_end, trades), learners 6 + 1 outcome -> 14 / 18 = 77.8.
# C3: 4 learners all 13-18 (15, 15, 16, 16) -> 100.0; 2 left, 1 integrated -> 50.0; 1 educator -> 4.0;
# fields: 11 + 12 + 2 + 3 = 28, all filled -> 100.0.
EXPECTED_INDICATORS = (
    "centre_code,province_code,learners,girls,boys,aged_13_18_pct,qualification,pre_vocational,follow_up,left,"
    "integrated,integration_rate_pct,staff,learners_per_educator,completeness_pct\n"
    "E2C-FES-01,0301,8,4,3,71.4,2,2,3,6,4,66.7,4,4.0,90.6\n"
    "E2C-FES-02,0301,2,1,1,50.0,2,0,0,1,0,0.0,0,,77.8\n"
    "E2C-MEK-01,0302,4,2,2,100.0,0,2,2,2,1,50.0,1,4.0,100.0\n"
)
# Fès (C1 + C2), recomputed from the sums: 6 of 9 aged 13-18 -> 66.7 (the centres' mean would be 60.7);
# 4 integrated of 7 left -> 57.1 (mean 33.3); 10 learners / 2 educators -> 5.0; 62 / 71 fields -> 87.3 (mean 84.2).
EXPECTED_FES = {"centres": 2, "learners": 10, "aged_13_18_pct": 66.7, "integration_rate_pct": 57.1,
                "learners_per_educator": 5.0, "completeness_pct": 87.3}
# Plan: Fès opened 1 of 3 (C2 not opened) -> 33.3, 10 of 20 learners -> 50.0; Meknès 0 of 1 (C3 opened on
# 15 July 2026, after 30 June) -> 0.0, 4 of 10 learners -> 40.0.
EXPECTED_PLAN = (
    "province_code,centres_planned,centres_opened,centres_achieved_pct,learners_planned,learners_enrolled,"
    "learners_achieved_pct\n"
    "0301,3,1,33.3,20,10,50.0\n"
    "0302,1,0,0.0,10,4,40.0\n"
)


def frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The rows above as the queries return them (empty cells missing, dates parsed, words as stored)."""
    def clean(rows: list[dict]) -> pd.DataFrame:
        return pd.DataFrame(rows).replace("", None)

    centres = clean(CENTRES).assign(
        region_code="03", has_workshop=lambda f: f["has_workshop"].map({"1": True, "0": False}),
        has_computer_room=lambda f: f["has_computer_room"].map({"1": True, "oui": True, "0": False}),
        capacity=lambda f: f["capacity"].astype("Int64"))
    for column in ("agreement_start", "agreement_end", "opened_on"):
        centres[column] = pd.to_datetime(centres[column])
    learners = clean(LEARNERS).assign(year=YEAR)
    for column in ("birth_date", "enrolled_on", "left_on"):
        learners[column] = pd.to_datetime(learners[column])
    staff = clean(STAFF).assign(role=lambda f: f["role"].replace({"formateur": "trainer"}),
                                hours_per_week=lambda f: pd.to_numeric(f["hours_per_week"]))
    plan = clean(PLAN).astype({"centres_planned": "int64", "learners_planned": "int64"})
    return centres, learners, staff, plan
