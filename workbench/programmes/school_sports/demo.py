"""School sports in the demo: the competitions of the demo's province (the one its accounts work in) and their
sequels up to the national championship, small and fast whatever the demo's size.

- a school's own handball tournament at the demo director's school: four class teams (mixed) of 6 pupils;
- the province's athletics meet (minimes): a girls' and a boys' team of 4 from each of up to 8 schools of the
  province (the demo director's first); team places with points 10, 8, 6, 5, 4, 3, 2, 1 and nothing below, and the
  first three girls and boys in the individual race (5, 3 and 1 points);
- the province's football cup (cadets): a boys' team of 8 from up to 6 schools, team places and points alike;
- the region's athletics meet: the province's first two girls' and boys' teams, again placed;
- the national cross-country championship: the region's winning girls' team, 5th (2 points).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Connection, select

from workbench.bulk import insert_frame
from workbench.demo.accounts import demo_accounts
from workbench.demo.generate import DemoData
from workbench.programmes.school_sports.models import WHOLE_TEAM, Competition, Result, Team, TeamMember

TEAM_POINTS = (10, 8, 6, 5, 4, 3, 2, 1)  # the organisers' points of places 1 to 8 (none below)
INDIVIDUAL_POINTS = (5, 3, 1)


def _points(rank: pd.Series, scale: tuple[int, ...]) -> pd.Series:
    return rank.map(lambda r: float(scale[r - 1]) if r <= len(scale) else np.nan)


def _placed(rng: np.random.Generator, teams: pd.DataFrame) -> pd.DataFrame:
    """Each competition's teams in a random order: rank 1 to n, the points of TEAM_POINTS."""
    out = []
    for _, group in teams.groupby("competition_code", sort=False):
        order = group.iloc[rng.permutation(len(group))].reset_index(drop=True)
        rank = pd.Series(range(1, len(order) + 1))
        out.append(pd.DataFrame({"competition_code": order["competition_code"], "team_code": order["team_code"],
                                 "massar_code": WHOLE_TEAM, "rank": rank, "points": _points(rank, TEAM_POINTS)}))
    return pd.concat(out, ignore_index=True)


def _team(rng: np.random.Generator, pupils: pd.DataFrame, size: int, sex: str | None) -> list[str]:
    pool = pupils if sex is None else pupils[pupils["sex"] == sex]
    return [] if len(pool) < size else pool["massar_code"].iloc[rng.choice(len(pool), size, replace=False)].tolist()


def plan(rng: np.random.Generator, data: DemoData) -> dict[str, pd.DataFrame]:
    """The demo's competitions, teams, members and results (frames shaped as their tables)."""
    frames, year = data.frames, data.year
    first = int(year[:4])
    accounts = demo_accounts(frames.schools, frames.communes)
    director = accounts.loc[accounts["role"] == "director", "school_code"].iloc[0]
    province = accounts["province_code"].dropna().iloc[0]
    region = province[:2]
    communes = frames.communes.set_index("code")["province_code"]
    schools = frames.schools[frames.schools["commune_code"].map(communes) == province]["code"].sort_values()
    schools = [director, *[s for s in schools if s != director]]
    pupils = frames.enrolments[frames.enrolments["left_on"].isna()][["massar_code", "school_code"]].merge(
        frames.pupils[["massar_code", "sex"]])
    by_school = {code: group for code, group in pupils[pupils["school_code"].isin(schools)].groupby("school_code")}
    yy = year[2:4]
    comps = pd.DataFrame([
        (f"S{director}-HB-{yy}", "school", "Handball", "toutes catégories", pd.Timestamp(first, 12, 6)),
        (f"P{province}-ATH-{yy}", "province", "Athlétisme", "minimes", pd.Timestamp(first + 1, 2, 14)),
        (f"P{province}-FOOT-{yy}", "province", "Football", "cadets", pd.Timestamp(first + 1, 3, 7)),
        (f"R{region}-ATH-{yy}", "region", "Athlétisme", "minimes", pd.Timestamp(first + 1, 4, 11)),
        (f"N-CROSS-{yy}", "national", "Cross-country", "minimes", pd.Timestamp(first + 1, 5, 16))],
        columns=["competition_code", "level", "sport", "category", "held_on"]).assign(year=year)
    code = dict(zip(comps["level"] + comps["sport"], comps["competition_code"]))
    teams, members = [], []

    def enter(competition: str, team: str, school: str, sex: str, category: str, codes: list[str]) -> None:
        if codes:
            teams.append((competition, team, school, sex, category))
            members.extend((competition, team, c) for c in codes)

    own = by_school.get(director, pupils.iloc[:0])
    for n in range(4):  # the school's tournament: four mixed class teams, no pupil twice
        chosen = _team(rng, own[~own["massar_code"].isin([m[2] for m in members])], 6, None)
        enter(code["schoolHandball"], f"{director}-HB{n + 1}", director, "mixed", "toutes catégories", chosen)
    for school in schools[:8]:
        here = by_school.get(school, pupils.iloc[:0])
        for sex in ("F", "M"):
            enter(code["provinceAthlétisme"], f"{school}-ATH-{sex}", school, sex, "minimes", _team(rng, here, 4, sex))
    for school in schools[:6]:
        here = by_school.get(school, pupils.iloc[:0])
        enter(code["provinceFootball"], f"{school}-FOOT", school, "M", "cadets", _team(rng, here, 8, "M"))
    teams = pd.DataFrame(teams, columns=["competition_code", "team_code", "school_code", "sex", "category"])
    members = pd.DataFrame(members, columns=["competition_code", "team_code", "massar_code"])
    results = _placed(rng, teams[teams["competition_code"] != code["schoolHandball"]])
    results = pd.concat([results, _placed(rng, teams[teams["competition_code"] == code["schoolHandball"]])])
    athletics = members[members["competition_code"] == code["provinceAthlétisme"]].merge(teams[["team_code", "sex"]])
    for sex in ("F", "M"):  # the individual race: the first three of each sex
        runners = athletics[athletics["sex"] == sex].sample(frac=1, random_state=rng.integers(1 << 31)).head(3)
        results = pd.concat([results, runners.assign(rank=range(1, len(runners) + 1),
                                                     points=[float(p) for p in INDIVIDUAL_POINTS[:len(runners)]])[
            ["competition_code", "team_code", "massar_code", "rank", "points"]]])
    province_places = results[(results["competition_code"] == code["provinceAthlétisme"])
                              & (results["massar_code"] == WHOLE_TEAM)].merge(teams[["team_code", "sex"]])
    sequel = province_places[province_places["rank"] <= 4].sort_values("rank").groupby("sex").head(2)
    region_teams = teams[teams["team_code"].isin(sequel["team_code"])].assign(
        competition_code=code["regionAthlétisme"])
    region_members = members[members["team_code"].isin(sequel["team_code"])].assign(
        competition_code=code["regionAthlétisme"])
    region_results = _placed(rng, region_teams)
    winners = region_results[region_results["rank"] == region_results["rank"].min()]["team_code"]
    national_teams = region_teams[region_teams["team_code"].isin(winners)].head(1).assign(
        competition_code=code["nationalCross-country"])
    national_members = region_members[region_members["team_code"].isin(national_teams["team_code"])].assign(
        competition_code=code["nationalCross-country"])
    national_results = national_teams[["competition_code", "team_code"]].assign(massar_code=WHOLE_TEAM, rank=5,
                                                                                 points=2.0)
    return {"competitions": comps,
            "teams": pd.concat([teams, region_teams, national_teams], ignore_index=True),
            "members": pd.concat([members, region_members, national_members], ignore_index=True),
            "results": pd.concat([results, region_results, national_results], ignore_index=True)}


def build(connection: Connection, data: DemoData) -> dict[str, int]:
    found = plan(np.random.default_rng([data.seed, 41]), data)
    results = found["results"].astype({"rank": "int64", "points": "float64"})
    return {"ss_competitions": insert_frame(connection, Competition.__table__, found["competitions"]),
            "ss_teams": insert_frame(connection, Team.__table__, found["teams"]),
            "ss_team_members": insert_frame(connection, TeamMember.__table__, found["members"]),
            "ss_results": insert_frame(connection, Result.__table__, results)}


def demo_school(engine) -> str:
    """The demo director's school whose team lists `make demo` prints: the first director's (by user name) with a
    team."""
    from workbench.exceptions import InputError
    from workbench.models import User

    with engine.connect() as connection:
        schools = connection.scalars(select(User.school_code).where(
            User.role == "director", User.school_code.is_not(None)).order_by(User.username)).all()
        for school in schools:
            if connection.scalar(select(Team.team_code).where(Team.school_code == school).limit(1)) is not None:
                return school
    raise InputError("No demo director's school has a sports team: run `workbench demo` first.")
