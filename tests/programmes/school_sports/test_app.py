"""School sports in the school-life app (its state and the tab's view, without a browser): the school's standings and
results, and a team's list to download."""

import io

from openpyxl import load_workbook

from programmes.school_sports.handbuilt import YEAR


def test_the_school_life_desk_shows_a_schools_results_and_prints_a_team(sports):
    from workbench.programmes.school_life.desk import SchoolLifeDesk

    desk = SchoolLifeDesk(db_url=sports, year=YEAR)
    desk.school = "22222B"
    standings, results = desk.sports_results()
    assert standings[["sport", "sex", "level", "teams", "pupils", "podiums", "points"]].values.tolist() == [
        ["Athlétisme", "F", "province", 1, 2, 2, 30.0], ["Football", "M", "national", 1, 2, 0, 3.0]]
    assert results["entrant"].tolist()[:2] == ["الفريق كله", "العلوي سلمى (D000000001)"]
    assert list(desk.sports_teams()) == ["N-FOOT-1 / FOOT-B", "P-ATH-1 / ATH-B"]
    book = load_workbook(io.BytesIO(desk.team_list("P-ATH-1|ATH-B"))).active
    assert [row[1].value for row in book.iter_rows(min_row=4)] == ["D000000001", "D000000002"]
    desk.school = "11111A"
    assert list(desk.sports_teams()) == ["P-ATH-1 / ATH-A"]


def test_the_tab_draws_for_a_school_with_teams_and_a_year_without(sports):
    from apps.school_life import sports_results_view
    from workbench.programmes.school_life.desk import SchoolLifeDesk

    desk = SchoolLifeDesk(db_url=sports, year=YEAR)
    desk.school = "22222B"
    assert len(sports_results_view(desk).objects) == 7
    before = SchoolLifeDesk(db_url=sports, year="2024-2025")
    assert before.has_schools and len(sports_results_view(before).objects) == 1  # no team that year: said so
