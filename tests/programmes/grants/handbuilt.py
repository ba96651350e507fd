"""Hand-built grant applications and quotas: small enough to check by hand (see the expected values)."""

from handbuilt import pupil

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
