"""School sports results (ministerial letter 410/14: Massar holds the school sports associations' activity): the
competitions (a school's own, a province's, a region's or the national championship), the teams schools enter in
them with their pupils, and each team's or pupil's result. A change here is a new migration in
workbench/migrations/versions/, and every stored column has words in the programme's labels.csv."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, ForeignKeyConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from workbench.models.base import Base

LEVELS = ("school", "province", "region", "national")
TEAM_SEXES = ("M", "F", "mixed")
WHOLE_TEAM = ""  # the massar_code of a team's own result (a pupil's result names the pupil)


def _within(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Competition(Base):
    """A competition of a school year: its code is unique across years (the teams' and results' files name it
    alone)."""

    __tablename__ = "ss_competitions"
    __table_args__ = (CheckConstraint(_within("level", LEVELS), name="level"),)
    competition_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"))
    level: Mapped[str] = mapped_column(String(10))
    sport: Mapped[str] = mapped_column(String(60))
    category: Mapped[str] = mapped_column(String(30))
    held_on: Mapped[dt.date] = mapped_column(Date)


class Team(Base):
    """A school's team entered in a competition (an individual sport's entrants form their school's team too)."""

    __tablename__ = "ss_teams"
    __table_args__ = (CheckConstraint(_within("sex", TEAM_SEXES), name="sex"),)
    competition_code: Mapped[str] = mapped_column(ForeignKey("ss_competitions.competition_code"), primary_key=True)
    team_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"))
    sex: Mapped[str] = mapped_column(String(5))
    category: Mapped[str] = mapped_column(String(30))


class TeamMember(Base):
    """A pupil of a team (enrolled in the team's school in the competition's year)."""

    __tablename__ = "ss_team_members"
    __table_args__ = (ForeignKeyConstraint(["competition_code", "team_code"],
                                           ["ss_teams.competition_code", "ss_teams.team_code"],
                                           name="fk_ss_team_members_team"),)
    competition_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    team_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    massar_code: Mapped[str] = mapped_column(ForeignKey("pupils.massar_code"), primary_key=True)


class Result(Base):
    """A team's place in a competition (`massar_code` empty), or one of its pupils' (an individual event), with the
    points the organiser gave."""

    __tablename__ = "ss_results"
    __table_args__ = (ForeignKeyConstraint(["competition_code", "team_code"],
                                           ["ss_teams.competition_code", "ss_teams.team_code"],
                                           name="fk_ss_results_team"),
                      CheckConstraint("rank >= 1", name="rank"),
                      CheckConstraint("points IS NULL OR points >= 0", name="points"))
    competition_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    team_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    massar_code: Mapped[str] = mapped_column(String(10), primary_key=True, default=WHOLE_TEAM)
    rank: Mapped[int] = mapped_column(Integer)
    points: Mapped[float | None] = mapped_column(Float)
