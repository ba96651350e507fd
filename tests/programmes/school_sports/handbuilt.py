"""School sports' hand-built data (tests/handbuilt.py's map and pupils, and four more), chosen so that every figure
is known (docs/programmes/school_sports.md's rules):

- P-ATH-1, the province's athletics (minimes, 10 March 2026): 11111A's mixed team ATH-A (A000000001, D000000004)
  and 22222B's girls' team ATH-B (D000000001, D000000002). Results: ATH-B 1st as a team (20 points); D000000001 1st
  (10 points), A000000001 3rd (6 points), D000000004 5th (no points).
- N-FOOT-1, the national football championship (cadets, 20 May 2026): 22222B's boys' team FOOT-B (A000000003,
  D000000003), 4th (3 points).

So, by school, sport, team sex and level:
- 11111A athletics mixed province: 1 team, 2 pupils, 1 podium (A000000001's 3rd), 6 points;
- 22222B athletics girls province: 1 team, 2 pupils, 2 podiums (the team's 1st and D000000001's), 30 points;
- 22222B football boys national: 1 team, 2 pupils, 0 podiums, 3 points.
"""

from handbuilt import PUPILS, pupil

YEAR = "2025-2026"
EXTRA = [pupil("D000000001", school="22222B", cls="1APIC-1", born="2013-01-01", sex="F"),
         pupil("D000000002", school="22222B", cls="1APIC-1", born="2013-01-02", sex="F"),
         pupil("D000000003", school="22222B", cls="1APIC-1", born="2013-01-03", sex="M"),
         pupil("D000000004", born="2019-01-04", sex="M")]
ALL_PUPILS = [*PUPILS, *EXTRA]
COMPETITIONS = [
    {"year": YEAR, "competition_code": "P-ATH-1", "level": "provincial", "sport": "Athlétisme", "category": "minimes",
     "date": "10/03/2026"},
    {"year": "2025/2026", "competition_code": "N-FOOT-1", "level": "وطني", "sport": "Football", "category": "cadets",
     "date": "2026-05-20"}]
TEAMS = [
    {"school_code": "11111A", "competition_code": "P-ATH-1", "team_code": "ATH-A", "sex": "mixte",
     "category": "minimes", "massar_codes": "A000000001; D000000004"},
    {"school_code": "22222B", "competition_code": "P-ATH-1", "team_code": "ATH-B", "sex": "إناث",
     "category": "minimes", "massar_codes": "D000000001,D000000002"},
    {"school_code": "22222B", "competition_code": "N-FOOT-1", "team_code": "FOOT-B", "sex": "M",
     "category": "cadets", "massar_codes": "a000000003 ; D000000003"}]
RESULTS = [
    {"competition_code": "P-ATH-1", "team_code": "ATH-B", "massar_code": "", "rank": "1", "points": "20"},
    {"competition_code": "P-ATH-1", "team_code": "", "massar_code": "D000000001", "rank": "1", "points": "10"},
    {"competition_code": "P-ATH-1", "team_code": "ATH-A", "massar_code": "A000000001", "rank": "3", "points": "6"},
    {"competition_code": "P-ATH-1", "team_code": "", "massar_code": "D000000004", "rank": "5", "points": ""},
    {"competition_code": "N-FOOT-1", "team_code": "FOOT-B", "massar_code": "", "rank": "4", "points": "3"}]
# (school, sport, sex, level) -> teams, pupils, podiums, points
EXPECTED = [("11111A", "Athlétisme", "mixed", "province", 1, 2, 1, 6.0),
            ("22222B", "Athlétisme", "F", "province", 1, 2, 2, 30.0),
            ("22222B", "Football", "M", "national", 1, 2, 0, 3.0)]
