"""Hand-built Tayssir households and absences: small enough to check by hand (see the expected values)."""

from handbuilt import pupil

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


def _every_sheet() -> list[dict]:
    """Every class of the hand-built pupils entered its absence sheet on every Monday to Saturday of the year: a
    period's months are complete (data-entry completion), so that issuing it is not stopped."""
    import pandas as pd
    from handbuilt import PUPILS

    classes = sorted({(row["school_code"], row["class_code"]) for row in [*PUPILS, *TAYSSIR_PUPILS]})
    days = pd.date_range("2025-09-01", "2026-06-30", freq="D")
    days = days[days.day_of_week < 6].strftime("%Y-%m-%d")
    return [{"year": "2025-2026", "school_code": school, "class_code": cls, "date": day}
            for school, cls in classes for day in days]


TAYSSIR_SHEETS = _every_sheet()
