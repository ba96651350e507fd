"""A small map and three pupils built by hand through the CLI, so that tests know every answer.

Pupils: A000000001 (girl, 1AP, rural school 11111A in province 0301, absent 6 and 7 October, the 7th justified),
A000000002 (boy, 2AP, same school, left on 15 December), A000000003 (boy, 1AC, urban school 22222B in 0302,
absent 3 November).
"""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import func, select

from workbench.cli import cli
from workbench.db import make_engine
from workbench.models import Absence, Commune, Enrolment, Guardian, Pupil, PupilGuardian, School, SchoolClass

TABLES = (Commune, School, SchoolClass, Pupil, Enrolment, Guardian, PupilGuardian, Absence)

COMMUNES = [
    {"commune_code": "0301001", "province_code": "0301", "name_fr": "Aïn Chkef", "name_ar": "عين الشقف",
     "milieu": "rural", "poverty_rate": "35.5", "tayssir_targeted": "1"},
    {"commune_code": "0302001", "province_code": "0302", "name_fr": "Meknès", "name_ar": "مكناس",
     "milieu": "urbain", "poverty_rate": "", "tayssir_targeted": "0"},
]
SCHOOLS = [
    {"school_code": "11111A", "commune_code": "0301001", "name_fr": "École Al Amal", "name_ar": "مدرسة الأمل",
     "cycle": "primary", "sector": "public"},
    {"school_code": "22222B", "commune_code": "0302001", "name_fr": "Collège Ibn Sina", "name_ar": "إعدادية ابن سينا",
     "cycle": "collège", "sector": "public", "boarding_capacity": "120"},
]


def pupil(code: str, school: str = "11111A", cls: str = "1APG-1", born: str = "2019-03-14", sex: str = "F",
          **extra) -> dict:
    return {"massar_code": code, "school_code": school, "year": "2025/2026", "class_code": cls,
            "last_name_ar": "العلوي", "first_name_ar": "سلمى", "last_name_fr": "Alaoui", "first_name_fr": "Salma",
            "sex": sex, "birth_date": born, "birth_place": "فاس", **extra}


PUPILS = [pupil("A000000001"), pupil("A000000002", cls="2APG-1", born="2018-01-02", sex="ذكر", left_on="15/12/2025"),
          pupil("A000000003", school="22222B", cls="1APIC-1", born="2013-05-05", sex="M")]


def counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as connection:
        result = {m.__tablename__: connection.execute(select(func.count()).select_from(m)).scalar_one()
                  for m in TABLES}
    engine.dispose()
    return result


def run(url: str, *args: str):
    return CliRunner().invoke(cli, ["--db", url, "--quiet", *map(str, args)])


ABSENCES = [{"massar_code": "A000000001", "date": "2025-10-06", "slots": "2", "justified": "0"},
            {"massar_code": "A000000001", "date": "07/10/2025", "slots": "", "justified": "oui"},
            {"massar_code": "A000000003", "date": "2025-11-03", "slots": "1", "justified": "0"}]

# One Million Schoolbags on the same map: three more 1AP pupils at 11111A (B100000003 excluded), and a kit.
MORE_PUPILS = [pupil("B100000001", born="2019-05-01"), pupil("B100000002", born="2019-06-01", sex="M"),
               pupil("B100000003", born="2019-07-01")]
KIT_ITEMS = [
    {"item_code": "TB-1AP-AR", "kind": "textbook", "subject": "Arabe", "name_fr": "Arabe 1AP", "name_ar": "العربية",
     "unit_cost_mad": "20"},
    {"item_code": "TB-1AC-MA", "kind": "manuel", "subject": "Maths", "name_fr": "Maths 1AC", "name_ar": "الرياضيات",
     "unit_cost_mad": "30"},
    {"item_code": "NB-48", "kind": "notebook", "subject": "", "name_fr": "Cahier 48", "name_ar": "دفتر",
     "unit_cost_mad": "2.5"},
    {"item_code": "BAG", "kind": "bag", "subject": "", "name_fr": "Cartable", "name_ar": "محفظة", "unit_cost_mad": "60"},
]
KIT_COMPOSITION = [
    {"year": "2025-2026", "level_code": "1AP", "milieu": "all", "item_code": "TB-1AP-AR", "quantity": "1"},
    {"year": "2025-2026", "level_code": "1AP", "milieu": "all", "item_code": "BAG", "quantity": "1"},
    {"year": "2025-2026", "level_code": "1AP", "milieu": "rural", "item_code": "NB-48", "quantity": "6"},
    {"year": "2025-2026", "level_code": "1AC", "milieu": "all", "item_code": "TB-1AC-MA", "quantity": "1"},
    {"year": "2025-2026", "level_code": "1AC", "milieu": "rural", "item_code": "NB-48", "quantity": "4"},
]
RETURNED_BOOKS = [
    {"year": "2025-2026", "school_code": "11111A", "item_code": "TB-1AP-AR", "returned": "5", "usable": "4"},
    {"year": "2025-2026", "school_code": "22222B", "item_code": "TB-1AC-MA", "returned": "3", "usable": "3"},
]
# Beneficiaries: 11111A 1AP rural = A000000001, B100000001, B100000002 (A000000002 left, B100000003 excluded);
# 22222B 1AC urban = A000000003. Hence, per school and item:
EXPECTED_KIT_NEEDS = (
    "school_code,item_code,required,usable_stock,to_order,surplus\n"
    "11111A,BAG,3,0,3,0\n"
    "11111A,NB-48,18,0,18,0\n"
    "11111A,TB-1AP-AR,3,4,0,1\n"
    "22222B,TB-1AC-MA,1,3,0,2\n"
)

# Tayssir on the same map (11111A: rural targeted commune, primary; 22222B: urban, not targeted, collège).
TAYSSIR_PUPILS = [pupil("F100000001", school="22222B", cls="1ASCG-1", born="2013-02-02", sex="M")] + [
    pupil(f"E00000000{i}", cls=cls, born=born) for i, cls, born in (
        (1, "1APG-1", "2019-01-10"), (2, "6APG-1", "2014-01-10"), (3, "5APG-1", "2015-01-10"),
        (4, "6APG-1", "2014-02-10"))] + [pupil("E000000005", school="22222B", cls="1ASCG-1", born="2013-01-10")]


def _registration(code, cin, enrolled_on="2025-09-10", ramed="0"):
    return {"year": "2025-2026", "guardian_cin": cin, "massar_code": code, "enrolled_on": enrolled_on,
            "ramed_or_rsu": ramed}


TAYSSIR_ENROLMENTS = [
    _registration("A000000001", "CA100001"),
    _registration("A000000002", "CA100002", enrolled_on="15/10/2025"),
    _registration("A000000003", "CB200001"),  # urban commune not targeted, no RAMED: never eligible
    _registration("F100000001", "CB200002", ramed="1"),
] + [_registration(f"E00000000{i}", "CA300001", enrolled_on="2025-09-01", ramed="1") for i in range(1, 6)]


def _days(code, days, justified="0"):
    return [{"massar_code": code, "date": day, "slots": "1", "justified": justified} for day in days]


TAYSSIR_ABSENCES = (
    _days("A000000001", ["2025-10-06", "2025-10-07", "2025-10-08", "2025-10-09"])  # 4: the limit, paid
    + _days("A000000001", ["2025-11-03", "2025-11-04", "2025-11-05", "2025-11-06", "2025-11-07"])  # 5: withheld
    + _days("A000000001", ["2025-12-01", "2025-12-02", "2025-12-03", "2025-12-04"])
    + _days("A000000001", ["2025-12-05"], justified="1")  # 4 + 1 justified: paid unless justified days count
    + _days("F100000001", [f"2025-10-{d:02d}" for d in (6, 7, 8, 9, 10, 11)])  # 6 in collège: paid
    + _days("F100000001", [f"2025-11-{d:02d}" for d in (3, 4, 5, 6, 7, 8, 10)])  # 7: withheld
)
# Household CA300001 has five children: 1AC 140 (E5), 6AP 100 (E2, E4), 5AP 100 (E3), 1AP 60 (E1). The three paid
# are E5 and the two 100s with the smaller codes (E2, E3); E4 and E1 are capped.
EXPECTED_P1_TRANSFERS = (
    "guardian_cin,period,pupils_paid,months_withheld,amount_mad\n"
    "CA100001,2025-2026-P1,1,1,180\n"
    "CA100002,2025-2026-P1,1,0,180\n"
    "CA300001,2025-2026-P1,3,0,1360\n"
    "CB200002,2025-2026-P1,1,1,420\n"
)

# Grants in province 0302: seven collège pupils ask for a canteen grant (5 places, so 1 waiting), two lycée pupils
# of a school with one boarding bed ask for a full boarding grant.
LYCEE = {"school_code": "33333C", "commune_code": "0302001", "name_fr": "Lycée Al Qods", "name_ar": "ثانوية القدس",
         "cycle": "upper_secondary", "sector": "public", "boarding_capacity": "1"}
GRANT_PUPILS = ([pupil(f"H00000000{i}", school="22222B", cls="1ASCG-1", born="2013-03-03") for i in range(1, 8)]
                + [pupil(f"L00000000{i}", school="33333C", cls="TCS-1", born="2010-03-03") for i in (1, 2)])


def _application(code, grant_type, income, distance, average, orphan="none", disability="0"):
    return {"year": "2025-2026", "massar_code": code, "grant_type": grant_type, "household_income_class": income,
            "distance_km": distance, "orphan": orphan, "disability": disability, "previous_average": average,
            "applied_on": "2025-07-01"}


# score = poverty 40 x (5 - class) / 4 + distance 25 x min(d, 30) / 30 + orphan + disability + average / 2
GRANT_APPLICATIONS = [
    _application("H000000001", "canteen", 3, 30, 20),  # 20 + 25 + 10 = 55
    _application("H000000002", "canteen", 3, 12, 16),  # 20 + 10 + 8 = 38, 12 km
    _application("H000000003", "canteen", 3, 12, 16),  # 38, 12 km, same class: the smaller code first
    _application("H000000004", "canteen", 3, 18, 6),  # 20 + 15 + 3 = 38, but 18 km: before H2 and H3
    _application("H000000005", "canteen", 2, 0, 16),  # 30 + 0 + 8 = 38, 0 km: after them
    _application("H000000006", "canteen", 3, 12, 0),  # 20 + 10 + 0 = 30, class 3
    _application("H000000007", "canteen", 4, 12, 20),  # 10 + 10 + 10 = 30, class 4: after H6
    _application("L000000001", "boarding_full", 1, 45, 16, orphan="both", disability="1"),  # 40+25+15+10+8 = 98
    _application("L000000002", "boarding_full", 1, 20, 12),  # 40 + 16.67 + 6 = 62.67: no bed left
    _application("L000000001", "lower_secondary", 1, 45, 16),  # a lycée pupil: not served
    _application("A000000001", "canteen", 1, 5, 15),  # a primary pupil: not served
]
GRANT_QUOTAS = [{"year": "2025-2026", "province_code": "0302", "grant_type": t, "places": p}
                for t, p in (("canteen", 5), ("boarding_full", 5), ("lower_secondary", 3))]
EXPECTED_CANTEEN = [("H000000001", 55.0, 1, "granted"), ("H000000004", 38.0, 2, "granted"),
                    ("H000000002", 38.0, 3, "granted"), ("H000000003", 38.0, 4, "granted"),
                    ("H000000005", 38.0, 5, "granted"), ("H000000006", 30.0, 6, "waiting_list"),
                    ("H000000007", 30.0, 7, "not_granted")]
