"""The rules of school sports results, on frames (docs/programmes/school_sports.md says them so that a reader can
recompute every figure): per school, sport, team sex and competition level, the teams entered, the pupils in them,
the podiums (results ranked 1 to 3) and the points the organisers gave, summed."""

from __future__ import annotations

import pandas as pd

from workbench.programmes.school_sports.models import LEVELS, TEAM_SEXES

BY = ("school_code", "sport", "sex", "level")
FIGURES = ("teams", "pupils", "podiums", "points")
PODIUM = 3  # ranks 1, 2 and 3


def entries(competitions: pd.DataFrame, teams: pd.DataFrame) -> pd.DataFrame:
    """Each team with its competition's year, level, sport and date (a team's sex and category are its own)."""
    return teams.merge(competitions[["competition_code", "year", "level", "sport", "held_on"]], on="competition_code")


def standings(competitions: pd.DataFrame, teams: pd.DataFrame, members: pd.DataFrame, results: pd.DataFrame,
              by: tuple[str, ...] = BY) -> pd.DataFrame:
    """Per group of `by` (of school_code, sport, sex, level, competition_code, category, year): `teams` entered;
    `pupils` distinct pupils in them (a pupil in two teams of the group counts once); `podiums` result rows ranked
    1 to 3 (a team's own result and each of its pupils' individual results each count one); `points` the results'
    points summed (a result without points adds 0). Groups in the order of `by`, levels from school to national."""
    by = list(by)
    entered = entries(competitions, teams)
    key = ["competition_code", "team_code"]
    counted = entered.groupby(by, dropna=False).size().rename("teams").to_frame()
    pupils = members.merge(entered[key + by], on=key).drop_duplicates([*by, "massar_code"])
    counted = counted.join(pupils.groupby(by, dropna=False).size().rename("pupils"))
    placed = results.merge(entered[key + by], on=key)
    placed = placed.assign(podium=placed["rank"] <= PODIUM, points=placed["points"].astype(float).fillna(0.0))
    counted = counted.join(placed.groupby(by, dropna=False)[["podium", "points"]].sum()
                           .rename(columns={"podium": "podiums"}))
    frame = counted.reset_index().fillna({"pupils": 0, "podiums": 0, "points": 0.0})
    frame = frame.astype({"teams": "int64", "pupils": "int64", "podiums": "int64", "points": "float64"})
    order = {"level": {level: n for n, level in enumerate(LEVELS)}, "sex": {s: n for n, s in enumerate(TEAM_SEXES)}}
    keys = [frame[c].map(order[c]) if c in order else frame[c] for c in by]
    ranked = pd.DataFrame({f"_{n}": k for n, k in enumerate(keys)})
    frame = frame.loc[ranked.sort_values(list(ranked.columns)).index].reset_index(drop=True)
    return frame[[*by, *FIGURES]]


def totals(teams: pd.DataFrame, members: pd.DataFrame, results: pd.DataFrame) -> dict[str, object]:
    """The scope's figures: teams, distinct pupils in teams, podiums and points (as `standings`, all together)."""
    return {"teams": len(teams), "pupils": int(members["massar_code"].nunique()),
            "podiums": int((results["rank"] <= PODIUM).sum()),
            "points": float(results["points"].astype(float).fillna(0.0).sum())}


def team_sheet(team: pd.Series, pupils: pd.DataFrame, language: str) -> pd.DataFrame:
    """A team's pupils in name order: their Massar code and their name (Arabic, or French when asked and known)."""
    last, first = ("last_name_ar", "first_name_ar") if language == "ar" else ("last_name_fr", "first_name_fr")
    name = pupils[last].fillna(pupils["last_name_ar"]) + " " + pupils[first].fillna(pupils["first_name_ar"])
    shown = pupils.assign(pupil=name).sort_values(["pupil", "massar_code"]).reset_index(drop=True)
    return shown.assign(number=range(1, len(shown) + 1))[["number", "massar_code", "pupil"]]
