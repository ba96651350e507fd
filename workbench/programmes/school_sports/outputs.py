"""A school's team lists, to print: one Arabic-first workbook per team (right to left; the team, its competition,
level, sport, category and date above the pupils' names and Massar codes). They name pupils: written for one school,
within the scope of whoever asks (workbench school_sports team-list, the school-life app), never beside a manager's
report."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection

from workbench.catalogue import Label, headers, text
from workbench.excel import Sheet, write_workbook
from workbench.programmes.school_sports import logic, queries
from workbench.scope import Scope

NS = "school_sports"
TEAM_HEADERS = headers(NS, "number", "massar_code", "pupil")
RESULT_HEADERS = headers(NS, "held_on", "competition_code", "level", "sport", "category", "team_code", "sex",
                         "entrant", "rank", "points")
CODES = {"sex": f"{NS}.sex", "level": f"{NS}.level"}
KEY_FIGURES = headers(NS, "teams", "pupils", "podiums", "points")


def label(key: str, **values: object) -> Label:
    return text(f"{NS}.{key}", **values)


def _safe(code: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", str(code))


def team_title(team: dict, competition: dict, school: dict, language: str) -> str:
    """'Team X — competition C (level, sport, category, date) — school' in one language."""
    level = label(f"level.{competition['level']}").of(language)
    sex = label(f"sex.{team['sex']}").of(language)
    return label("team_list.title", team=team["team_code"], sex=sex, category=team["category"],
                 competition=competition["competition_code"], level=level, sport=competition["sport"],
                 date=f"{pd.Timestamp(competition['held_on']):%Y-%m-%d}",
                 school=school.get(f"name_{language}") or school["school_code"]).of(language)


def team_lists(connection: Connection, school: str, year: str, competition: str | None = None,
               language: str = "ar") -> list[tuple[str, Sheet]]:
    """(file name, sheet) of each team of `school` in the year's competitions (or in one of them)."""
    found = queries.schools(connection, Scope(school=school))
    school_row = found.iloc[0].to_dict() if len(found) else {"school_code": school}
    comps = queries.competitions(connection, year).set_index("competition_code", drop=False)
    teams = queries.teams(connection, Scope(school=school), year)
    if competition:
        teams = teams[teams["competition_code"] == competition]
    titles = {column: title.of(language) for column, title in TEAM_HEADERS.items()}
    out = []
    for team in teams.sort_values(["competition_code", "team_code"]).to_dict("records"):
        pupils = queries.team_pupils(connection, school, team["competition_code"], team["team_code"])
        sheet = logic.team_sheet(pd.Series(team), pupils, language).rename(columns=titles)
        title = team_title(team, comps.loc[team["competition_code"]].to_dict(), school_row, language)
        name = f"team_{_safe(team['competition_code'])}_{_safe(team['team_code'])}.xlsx"
        out.append((name, Sheet(team["team_code"], sheet, title=title, header_row=2)))
    return out


def write_team_lists(connection: Connection, school: str, year: str, out_dir: Path, competition: str | None = None,
                     language: str = "ar") -> list[Path]:
    """team_<competition>_<team>.xlsx for each team of the school (right to left in Arabic)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, sheet in team_lists(connection, school, year, competition, language):
        write_workbook(out_dir / name, [sheet], right_to_left=language == "ar", width=30)
        written.append(out_dir / name)
    return written


def with_school_names(frame: pd.DataFrame, schools: pd.DataFrame) -> pd.DataFrame:
    """`school_name_fr` / `school_name_ar` beside the school code (a report names schools, not codes)."""
    names = schools.set_index("school_code")
    return frame.assign(school_name_fr=frame["school_code"].map(names["name_fr"]).fillna(frame["school_code"]),
                        school_name_ar=frame["school_code"].map(names["name_ar"]).fillna(frame["school_code"]))


def _paired(titles: dict[str, Label], *columns: str) -> dict[str, Label]:
    """Headers where a named column (`school_name`) is its French and Arabic pair of columns."""
    out: dict[str, Label] = {}
    for column, title in titles.items():
        if column in columns:
            out[f"{column}_fr"] = title
            out[f"{column}_ar"] = title
        else:
            out[column] = title
    return out


# The report's tables (school_life's notebook): a school by its names, never a pupil.
STANDING_HEADERS = _paired(headers(NS, "school_name", "sport", "sex", "level", "teams", "pupils", "podiums",
                                   "points"), "school_name")
LEVEL_HEADERS = headers(NS, "level", "sex", "teams", "pupils", "podiums", "points")


def school_results(connection: Connection, school: str, year: str, language: str) -> pd.DataFrame:
    """A school's results of the year, for its own staff (a pupil's result names the pupil): date, competition,
    level, sport, category, team, team sex, entrant (the team, or the pupil's name and Massar code), rank, points."""
    scope = Scope(school=school)
    comps = queries.competitions(connection, year)
    teams = queries.teams(connection, scope, year)
    results = queries.results(connection, scope, year)
    found = results.merge(teams[["competition_code", "team_code", "sex"]], on=["competition_code", "team_code"])
    found = found.merge(comps[["competition_code", "held_on", "level", "sport", "category"]], on="competition_code")
    pupils = queries.pupil_names(connection, found.loc[found["massar_code"] != "", "massar_code"].tolist())
    last, first = ("last_name_ar", "first_name_ar") if language == "ar" else ("last_name_fr", "first_name_fr")
    names = (pupils[last].fillna(pupils["last_name_ar"]) + " " + pupils[first].fillna(pupils["first_name_ar"])
             + " (" + pupils["massar_code"] + ")")
    entrant = found["massar_code"].map(dict(zip(pupils["massar_code"], names)))
    found = found.assign(entrant=entrant.fillna(label("whole_team").of(language)),
                         held_on=found["held_on"].dt.strftime("%Y-%m-%d"))
    return found.sort_values(["held_on", "competition_code", "rank"])[
        ["held_on", "competition_code", "level", "sport", "category", "team_code", "sex", "entrant", "rank",
         "points"]].reset_index(drop=True)


def team_list_bytes(connection: Connection, school: str, year: str, competition: str, team: str,
                    language: str = "ar") -> bytes:
    """One team's list as the workbook `write_team_lists` writes (the app's download)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for name, sheet in team_lists(connection, school, year, competition, language):
            if sheet.name == team:
                path = Path(folder) / name
                write_workbook(path, [sheet], right_to_left=language == "ar", width=30)
                return path.read_bytes()
    return b""


def record_team_lists(engine, school: str, year: str, competition: str | None = None, team: str | None = None) -> None:
    """Team lists name pupils: printing them is an audit event (who, when, the school, the pupils listed by code),
    refused outside the user's scope; called before the lists are written."""
    from sqlalchemy import select

    from workbench.access.guard import guarded_write
    from workbench.programmes.school_sports.models import Competition, Team, TeamMember

    with guarded_write(engine, "write sports team lists", file="team_*.xlsx") as write:
        write.check_scope([school])
        query = (select(TeamMember.__table__)
                 .join(Team, (Team.competition_code == TeamMember.competition_code)
                       & (Team.team_code == TeamMember.team_code))
                 .join(Competition, Competition.competition_code == Team.competition_code)
                 .where(Team.school_code == school, Competition.year == year))
        if competition:
            query = query.where(TeamMember.competition_code == competition)
        if team:
            query = query.where(TeamMember.team_code == team)
        rows = pd.read_sql(query, write.connection)
        write.capture(TeamMember.__table__, [], rows.head(1_000).astype(object).to_dict("records"), total=len(rows))
