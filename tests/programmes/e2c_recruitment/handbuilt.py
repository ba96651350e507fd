"""Hand-built dropouts for the recruitment rules (year 2025-2026: ages on 1 September 2025; the year before is
2024-2025), on the shared map (11111A primary in 0301, 22222B collège in 0302), with the answers worked out by hand.

D01 left 22222B this year, 12 on the day itself (born 1 September 2013): listed.
D02 left this year, born 2 September 2013 (11 on 1 September): not listed.
D03 left this year, 18 on the day itself (born 1 September 2007): listed.
D04 left this year, 19: not listed.
D05 left 22222B the year before and has no enrolment since: listed (the previous year's dropouts count).
D06 left 22222B the year before, then enrolled at 11111A this year (a transfer, an enrolment elsewhere): not listed.
D07 left two years before: not listed (he is enrolled nowhere since, but it is older than the year before).
D08 left this year, but is a learner of a second-chance centre already: not listed.
D09 enrolled this year, not left: not listed.
D10 left 11111A this year, 14: listed (province 0301).
"""

from __future__ import annotations

YEAR = "2025-2026"


def _pupil(code, school, cls, born, year, left_on="", sex="M"):
    return {"massar_code": code, "school_code": school, "year": year, "class_code": cls, "last_name_ar": "الناصري",
            "first_name_ar": "يوسف", "last_name_fr": "Nasiri", "first_name_fr": "Youssef", "sex": sex,
            "birth_date": born, "birth_place": "مكناس", "left_on": left_on}


THIS_YEAR = [
    _pupil("D000000001", "22222B", "1APIC-1", "2013-09-01", "2025/2026", "2025-11-10", sex="F"),
    _pupil("D000000002", "22222B", "1APIC-1", "2013-09-02", "2025/2026", "2025-11-10"),
    _pupil("D000000003", "22222B", "3APIC-1", "2007-09-01", "2025/2026", "2026-02-01"),
    _pupil("D000000004", "22222B", "3APIC-1", "2006-09-01", "2025/2026", "2026-02-01"),
    _pupil("D000000006", "11111A", "6APG-1", "2012-05-05", "2025/2026"),
    _pupil("D000000008", "22222B", "2APIC-1", "2011-01-01", "2025/2026", "2025-10-01"),
    _pupil("D000000009", "22222B", "2APIC-1", "2011-01-01", "2025/2026"),
    _pupil("D000000010", "11111A", "6APG-1", "2011-03-03", "2025/2026", "2026-01-20", sex="F"),
]
YEAR_BEFORE = [
    _pupil("D000000005", "22222B", "1APIC-1", "2011-04-04", "2024/2025", "2025-03-01"),
    _pupil("D000000006", "22222B", "1APIC-1", "2012-05-05", "2024/2025", "2025-03-01"),
]
TWO_YEARS_BEFORE = [_pupil("D000000007", "22222B", "1APIC-1", "2011-06-06", "2023/2024", "2024-03-01")]

CENTRES = [  # 0302: A open with 28 places left, B open but full, C planned; 0301: F open with 10 places
    {"centre_code": "E2C-A", "province_code": "0302", "name_fr": "Centre A", "name_ar": "مركز أ", "opened_on":
     "2024-10-01", "capacity": "30"},
    {"centre_code": "E2C-B", "province_code": "0302", "name_fr": "Centre B", "name_ar": "مركز ب", "opened_on":
     "2024-10-01", "capacity": "1"},
    {"centre_code": "E2C-C", "province_code": "0302", "name_fr": "Centre C", "name_ar": "مركز ج", "opened_on": "",
     "capacity": "50"},
    {"centre_code": "E2C-F", "province_code": "0301", "name_fr": "Centre F", "name_ar": "مركز ف", "opened_on":
     "2025-09-15", "capacity": "10"},
]


def _learner(centre, number, massar="", left_on=""):
    return {"year": YEAR, "centre_code": centre, "learner_id": number, "massar_code": massar, "sex": "M",
            "birth_date": "2010-01-01", "enrolled_on": "2025-10-01", "stage": "qualification", "left_on": left_on}


LEARNERS = [_learner("E2C-A", "1", "D000000008"), _learner("E2C-A", "2"), _learner("E2C-A", "3", left_on="2026-01-01"),
            _learner("E2C-B", "1")]

# massar_code -> (last school, level, year left, age on 1 September 2025)
EXPECTED = {"D000000001": ("22222B", "1AC", "2025-2026", 12), "D000000003": ("22222B", "3AC", "2025-2026", 18),
            "D000000005": ("22222B", "1AC", "2024-2025", 14), "D000000010": ("11111A", "6AP", "2025-2026", 14)}
# centre -> places left (E2C-A: 30 - 2 learners not left; E2C-B full; E2C-C planned)
EXPECTED_PLACES = {"E2C-F": 10, "E2C-A": 28}
