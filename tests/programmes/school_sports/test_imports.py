"""The imports sports-competitions, sports-teams and sports-results: every bad cell of a file listed in one pass, exit
code 2, nothing written; good files written once (a second import changes nothing)."""

import pytest
from handbuilt import counts, run
from massar_files import write_csv

from programmes.school_sports.handbuilt import COMPETITIONS, RESULTS, TEAMS, YEAR
from workbench.db import make_engine
from workbench.programmes.school_sports.models import Competition, Result, Team, TeamMember


def _count(url: str, model) -> int:
    return counts(url, (model,))[model.__tablename__]


def _located(output: str, *cells: tuple[str, str]) -> None:
    for line, column in cells:
        assert f"ligne {line}, colonne « {column} »" in output, output


def test_good_files_are_written_once(sports, tmp_path):
    counts = {m: _count(sports, m) for m in (Competition, Team, TeamMember, Result)}
    assert list(counts.values()) == [2, 3, 6, 5]
    for kind, rows in (("sports-competitions", COMPETITIONS), ("sports-teams", TEAMS), ("sports-results", RESULTS)):
        again = run(sports, "import", kind, write_csv(tmp_path / f"{kind}.csv", rows))
        assert again.exit_code == 0, again.output
    assert {m: _count(sports, m) for m in counts} == counts


def test_bad_competitions_are_each_named_and_nothing_is_written(pupils, tmp_path):
    def row(code="C1", level="province", date="2026-03-01", year=YEAR):
        return {"year": year, "competition_code": code, "level": level, "sport": "Handball", "category": "cadets",
                "date": date}

    rows = [row(), row("C2", level="mondial"), row("C3", date="2026-09-15"), row("C4", date="demain"),
            row("C5", year="2025")]
    result = run(pupils, "import", "sports-competitions", write_csv(tmp_path / "competitions.csv", rows))
    assert result.exit_code == 2, result.output
    _located(result.output, ("3", "level"), ("4", "date"), ("5", "date"), ("6", "year"))
    assert "ligne 2," not in result.output
    assert _count(pupils, Competition) == 0


def test_bad_teams_are_each_named_in_one_pass_and_nothing_is_written(pupils, tmp_path):
    assert run(pupils, "import", "sports-competitions",
               write_csv(tmp_path / "competitions.csv", COMPETITIONS)).exit_code == 0
    rows = [TEAMS[1],
            {**TEAMS[0], "team_code": "T2", "massar_codes": "A000000001;A000000003"},  # A000000003: 22222B's
            {**TEAMS[0], "team_code": "T3", "competition_code": "NOPE", "massar_codes": "D000000004"},
            {**TEAMS[2], "team_code": "T4", "massar_codes": "D000000001;D000000003"},  # a girl in a boys' team
            {**TEAMS[0], "team_code": "T5", "massar_codes": "A00000000X;Z"},  # not Massar codes
            {**TEAMS[0], "team_code": "T6", "massar_codes": "A000000002"},  # left 15 December, before the meet
            {**TEAMS[1], "team_code": "T7", "massar_codes": "D000000002"}]  # already in ATH-B
    result = run(pupils, "import", "sports-teams", write_csv(tmp_path / "teams.csv", rows))
    assert result.exit_code == 2, result.output
    _located(result.output, ("3", "massar_codes"), ("4", "competition_code"), ("5", "massar_codes"),
             ("6", "massar_codes"), ("7", "massar_codes"), ("8", "massar_codes"))
    assert "« A000000003 »" in result.output and "« D000000001 »" in result.output
    assert "A00000000X, Z" in result.output and "ATH-B, T7" in result.output
    assert "ligne 2, colonne « massar_codes », valeur « D000000002 »" in result.output  # both rows of the pupil
    assert _count(pupils, Team) == 0 and _count(pupils, TeamMember) == 0


def test_bad_results_are_each_named_and_nothing_is_written(sports, tmp_path):
    rows = [{"competition_code": "P-ATH-1", "team_code": "ATH-A", "massar_code": "", "rank": "2", "points": "8"},
            {"competition_code": "P-ATH-1", "team_code": "", "massar_code": "", "rank": "2", "points": ""},  # neither
            {"competition_code": "NOPE", "team_code": "ATH-A", "massar_code": "", "rank": "1", "points": ""},
            {"competition_code": "P-ATH-1", "team_code": "ZZZ", "massar_code": "", "rank": "1", "points": ""},
            {"competition_code": "P-ATH-1", "team_code": "", "massar_code": "A000000003", "rank": "2", "points": ""},
            {"competition_code": "P-ATH-1", "team_code": "ATH-B", "massar_code": "", "rank": "0", "points": "-1"}]
    before = _count(sports, Result)
    result = run(sports, "import", "sports-results", write_csv(tmp_path / "results.csv", rows))
    assert result.exit_code == 2, result.output
    _located(result.output, ("3", "team_code"), ("4", "competition_code"), ("5", "team_code"), ("6", "massar_code"),
             ("7", "rank"), ("7", "points"))
    assert "ligne 2," not in result.output
    assert _count(sports, Result) == before


@pytest.mark.parametrize("kind", ["sports-teams", "sports-results"])
def test_a_director_writes_only_their_schools_teams_and_school_results(sports, tmp_path, kind):
    from workbench.access import users

    engine = make_engine(sports)
    users.add_user(engine, "dir11111a", "secret-pass-1", "director", school="11111A")
    engine.dispose()
    rows = {"sports-teams": [TEAMS[1]], "sports-results": [RESULTS[0]]}[kind]  # 22222B's; a province's results
    refused = run(sports, "--user", "dir11111a", "import", kind, write_csv(tmp_path / "file.csv", rows))
    assert refused.exit_code == 2, refused.output


def test_who_declares_a_competition_depends_on_its_level(pupils, tmp_path):
    from workbench.access import users

    engine = make_engine(pupils)
    users.add_user(engine, "dp0302", "secret-pass-1", "province_officer", province="0302")
    users.add_user(engine, "aref03", "secret-pass-1", "region_officer", region="03")
    users.add_user(engine, "dir22222b", "secret-pass-1", "director", school="22222B")
    engine.dispose()
    province = write_csv(tmp_path / "province.csv", [COMPETITIONS[0]])
    national = write_csv(tmp_path / "national.csv", COMPETITIONS)
    refused = run(pupils, "--user", "dp0302", "import", "sports-competitions", national)
    assert refused.exit_code == 2 and "ligne 3, colonne « level »" in refused.output, refused.output
    assert run(pupils, "--user", "aref03", "import", "sports-competitions", national).exit_code == 2
    assert run(pupils, "--user", "dir22222b", "import", "sports-competitions", province).exit_code == 2
    assert _count(pupils, Competition) == 0
    assert run(pupils, "--user", "dp0302", "import", "sports-competitions", province).exit_code == 0
    assert run(pupils, "import", "sports-competitions", national).exit_code == 0  # the administrator
    teams = write_csv(tmp_path / "teams.csv", TEAMS[1:])
    assert run(pupils, "--user", "dir22222b", "import", "sports-teams", teams).exit_code == 0
    assert _count(pupils, TeamMember) == 4
