"""What school sports reads, bounded by a scope (the teams' schools) and a school year (the competitions')."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from workbench import analytics
from workbench.models import Pupil, School
from workbench.programmes.school_sports.models import Competition, Result, Team, TeamMember
from workbench.scope import Scope


def _read(connection: Connection, query, scope: Scope) -> pd.DataFrame:
    return analytics.read_sql(scope.restrict(query, Team.school_code), connection)


def schools(connection: Connection, scope: Scope) -> pd.DataFrame:
    """The scope's schools with their names (what a report names, not codes)."""
    query = select(School.code.label("school_code"), School.name_fr, School.name_ar).order_by(School.code)
    return analytics.read_sql(scope.restrict(query, School.code), connection)


def competitions(connection: Connection, year: str) -> pd.DataFrame:
    """The year's competitions (not personal data: every scope reads them whole)."""
    frame = analytics.read_sql(select(Competition.__table__).where(Competition.year == year)
                               .order_by(Competition.held_on, Competition.competition_code), connection)
    return frame.assign(held_on=pd.to_datetime(frame["held_on"]))


def teams(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    query = (select(Team.__table__).join(Competition, Competition.competition_code == Team.competition_code)
             .where(Competition.year == year))
    return _read(connection, query, scope)


def members(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    query = (select(TeamMember.__table__)
             .join(Team, (Team.competition_code == TeamMember.competition_code)
                   & (Team.team_code == TeamMember.team_code))
             .join(Competition, Competition.competition_code == Team.competition_code)
             .where(Competition.year == year))
    return _read(connection, query, scope)


def results(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    query = (select(Result.__table__)
             .join(Team, (Team.competition_code == Result.competition_code) & (Team.team_code == Result.team_code))
             .join(Competition, Competition.competition_code == Team.competition_code)
             .where(Competition.year == year))
    return _read(connection, query, scope)


def team_pupils(connection: Connection, school: str, competition: str, team: str) -> pd.DataFrame:
    """A team's pupils with their names (personal data: the school's scope only, see outputs.write_team_lists)."""
    query = (select(TeamMember.massar_code, Pupil.last_name_ar, Pupil.first_name_ar, Pupil.last_name_fr,
                    Pupil.first_name_fr, Pupil.sex)
             .join(Pupil, Pupil.massar_code == TeamMember.massar_code)
             .join(Team, (Team.competition_code == TeamMember.competition_code)
                   & (Team.team_code == TeamMember.team_code))
             .where(Team.school_code == school, TeamMember.competition_code == competition,
                    TeamMember.team_code == team))
    return pd.read_sql(query, connection)




def pupil_names(connection: Connection, codes: list[str]) -> pd.DataFrame:
    """These pupils' names (a school's own results, in its app)."""
    query = select(Pupil.massar_code, Pupil.last_name_ar, Pupil.first_name_ar, Pupil.last_name_fr, Pupil.first_name_fr)
    found = [pd.read_sql(query.where(Pupil.massar_code.in_(codes[i : i + 900])), connection)
             for i in range(0, len(codes), 900)]
    return pd.concat(found, ignore_index=True) if found else pd.read_sql(query.where(Pupil.massar_code.in_([])),
                                                                         connection)
