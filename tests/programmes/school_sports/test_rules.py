"""The rules of school sports on frames built by hand (handbuilt.py says every figure), then the same figures read
back from the database the imports wrote, and a school's team list."""

import pandas as pd
from openpyxl import load_workbook

from programmes.school_sports.handbuilt import EXPECTED, YEAR
from workbench.programmes.school_sports import logic

COMPETITIONS = pd.DataFrame({"competition_code": ["P-ATH-1", "N-FOOT-1"], "year": [YEAR, YEAR],
                             "level": ["province", "national"], "sport": ["Athlétisme", "Football"],
                             "category": ["minimes", "cadets"],
                             "held_on": pd.to_datetime(["2026-03-10", "2026-05-20"])})
TEAMS = pd.DataFrame({"competition_code": ["P-ATH-1", "P-ATH-1", "N-FOOT-1"], "team_code": ["ATH-A", "ATH-B", "FOOT-B"],
                      "school_code": ["11111A", "22222B", "22222B"], "sex": ["mixed", "F", "M"],
                      "category": ["minimes", "minimes", "cadets"]})
MEMBERS = pd.DataFrame({"competition_code": ["P-ATH-1"] * 4 + ["N-FOOT-1"] * 2,
                        "team_code": ["ATH-A", "ATH-A", "ATH-B", "ATH-B", "FOOT-B", "FOOT-B"],
                        "massar_code": ["A000000001", "D000000004", "D000000001", "D000000002", "A000000003",
                                        "D000000003"]})
RESULTS = pd.DataFrame({"competition_code": ["P-ATH-1"] * 4 + ["N-FOOT-1"],
                        "team_code": ["ATH-B", "ATH-B", "ATH-A", "ATH-A", "FOOT-B"],
                        "massar_code": ["", "D000000001", "A000000001", "D000000004", ""],
                        "rank": [1, 1, 3, 5, 4], "points": [20.0, 10.0, 6.0, None, 3.0]})


def _rows(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(r) for r in frame[[*logic.BY, *logic.FIGURES]].itertuples(index=False)]


def test_participation_and_results_by_school_sport_sex_and_level():
    assert _rows(logic.standings(COMPETITIONS, TEAMS, MEMBERS, RESULTS)) == EXPECTED
    assert logic.totals(TEAMS, MEMBERS, RESULTS) == {"teams": 3, "pupils": 6, "podiums": 3, "points": 39.0}


def test_a_pupil_in_two_teams_of_a_group_counts_once_and_a_result_without_points_adds_nothing():
    teams = pd.concat([TEAMS, TEAMS.iloc[[0]].assign(team_code="ATH-A2")], ignore_index=True)
    members = pd.concat([MEMBERS, pd.DataFrame({"competition_code": ["P-ATH-1"], "team_code": ["ATH-A2"],
                                                "massar_code": ["A000000001"]})], ignore_index=True)
    results = pd.concat([RESULTS, pd.DataFrame({"competition_code": ["P-ATH-1"], "team_code": ["ATH-A2"],
                                                "massar_code": [""], "rank": [2], "points": [None]})],
                        ignore_index=True)
    first = _rows(logic.standings(COMPETITIONS, teams, members, results))[0]
    assert first == ("11111A", "Athlétisme", "mixed", "province", 2, 2, 2, 6.0)


def test_by_level_alone_orders_school_to_national_and_keeps_empty_groups_out():
    by_level = logic.standings(COMPETITIONS, TEAMS, MEMBERS, RESULTS, by=("level",))
    assert by_level.to_dict("list") == {"level": ["province", "national"], "teams": [2, 1], "pupils": [4, 2],
                                        "podiums": [3, 0], "points": [36.0, 3.0]}
    assert logic.standings(COMPETITIONS, TEAMS.iloc[:0], MEMBERS.iloc[:0], RESULTS.iloc[:0]).empty


def test_the_database_gives_the_same_figures(sports):
    from workbench.db import make_engine
    from workbench.programmes.school_sports import queries
    from workbench.scope import Scope

    engine = make_engine(sports)
    with engine.connect() as connection:
        found = [queries.competitions(connection, YEAR), queries.teams(connection, Scope(), YEAR),
                 queries.members(connection, Scope(), YEAR), queries.results(connection, Scope(), YEAR)]
        school = queries.teams(connection, Scope(school="11111A"), YEAR)
    engine.dispose()
    assert _rows(logic.standings(*found)) == EXPECTED
    assert school["team_code"].tolist() == ["ATH-A"]


def test_a_schools_team_list_names_its_pupils_for_its_scope_only(sports, tmp_path):
    from handbuilt import run

    result = run(sports, "school_sports", "team-list", "--school", "22222B", "--year", YEAR, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in tmp_path.glob("*.xlsx"))
    assert files == ["team_N-FOOT-1_FOOT-B.xlsx", "team_P-ATH-1_ATH-B.xlsx"]
    sheet = load_workbook(tmp_path / files[1]).active
    assert sheet.sheet_view.rightToLeft
    assert "ATH-B" in sheet["A1"].value and "P-ATH-1" in sheet["A1"].value and "إعدادية ابن سينا" in sheet["A1"].value
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert [r[1] for r in rows] == ["D000000001", "D000000002"] and rows[0][2] == "العلوي سلمى"

    from workbench.access import users
    from workbench.db import make_engine

    engine = make_engine(sports)
    users.add_user(engine, "dir11111a", "secret-pass-1", "director", school="11111A")
    engine.dispose()
    refused = run(sports, "--user", "dir11111a", "school_sports", "team-list", "--school", "22222B", "--year", YEAR,
                  "--out", tmp_path / "other")
    assert refused.exit_code != 0 and not (tmp_path / "other").exists()


def test_printing_team_lists_is_an_audit_event_and_a_province_team_may(sports, tmp_path):
    from handbuilt import run
    from sqlalchemy import select

    from workbench.access import users
    from workbench.db import make_engine
    from workbench.models import AuditEvent

    engine = make_engine(sports)
    users.add_user(engine, "dp0302", "secret-pass-1", "province_officer", province="0302")
    engine.dispose()
    done = run(sports, "--user", "dp0302", "school_sports", "team-list", "--school", "22222b", "--year", YEAR,
               "--competition", "P-ATH-1", "--out", tmp_path)
    assert done.exit_code == 0, done.output
    assert [p.name for p in tmp_path.glob("*.xlsx")] == ["team_P-ATH-1_ATH-B.xlsx"]
    engine = make_engine(sports)
    with engine.connect() as connection:
        event = connection.execute(select(AuditEvent).where(AuditEvent.action == "write sports team lists")).one()
    engine.dispose()
    assert event.username == "dp0302" and event.school_codes == "22222B" and event.rows == 2
    assert "D000000001" in event.after and "العلوي" not in event.after
