"""Imports of school sports (docs/programmes/school_sports.md): the competitions (`workbench import
sports-competitions FILE`), the teams schools enter with their pupils (`sports-teams`, the pupils' Massar codes in
one cell) and the results (`sports-results`, a team's or a pupil's place and points). Every row is checked first,
every problem of the file listed in one pass (exit 2, nothing written); then the whole file is written in the guarded
transaction (role, scope, validation locks, audit trail) through workbench.bulk."""

from __future__ import annotations

import re

import pandas as pd
from sqlalchemy import Connection, delete, select, tuple_

from workbench.access.guard import Write, active_write
from workbench.bulk import insert_frame, upsert_frame
from workbench.catalogue import Label, text
from workbench.codes import MASSAR_CODE
from workbench.exceptions import ImportRejected, Problem
from workbench.imports import columns as c
from workbench.imports import fields as f
from workbench.imports.base import ImportKind
from workbench.imports.table import ROW, SHEET, duplicate_problems, row_problems
from workbench.models import Enrolment, Pupil, School
from workbench.programmes.school_sports.models import (
    LEVELS,
    WHOLE_TEAM,
    Competition,
    Result,
    Team,
    TeamMember,
)
from workbench.reference import ensure_years

NS = "school_sports"
DATASET = "school_life"  # a school's teams are its sports association's data, validated with its school life
_CHUNK = 400


def what(key: str) -> Label:
    return text(f"{NS}.what.{key}")


def reason(key: str, **values: object) -> Label:
    return text(f"{NS}.problem.{key}", **values)


COMPETITION = c.Column("competition_code", c.code(32, what("competition_code")),
                       aliases=("compétition", "competition", "code compétition", "code competition", "المنافسة",
                                "رمز المنافسة"))
TEAM = c.Column("team_code", c.code(32, what("team_code")),
                aliases=("équipe", "equipe", "code équipe", "code equipe", "الفريق", "رمز الفريق"))
SPORT = c.Column("sport", c.text(60), aliases=("discipline", "الرياضة", "النوع الرياضي"))
CATEGORY = c.Column("category", c.text(30), aliases=("catégorie", "categorie", "الفئة"))
LEVEL_WORDS = {**{level: level for level in LEVELS}, "établissement": "school", "etablissement": "school",
               "école": "school", "مؤسسة": "school", "المؤسسة": "school", "محلي": "school",
               "provincial": "province", "إقليمي": "province", "الإقليم": "province", "إقليمية": "province",
               "régional": "region", "regional": "region", "région": "region", "جهوي": "region", "الجهة": "region",
               "جهوية": "region", "nationale": "national", "وطني": "national", "وطنية": "national"}
SEX_WORDS = {"M": "M", "F": "F", "mixed": "mixed", "ذكور": "M", "ذكر": "M", "إناث": "F", "اناث": "F", "أنثى": "F",
             "garçons": "M", "garcons": "M", "filles": "F", "G": "M", "mixte": "mixed", "مختلط": "mixed"}
SEPARATORS = re.compile(r"[;,،؛\s]+")


def massar_codes() -> c.Parser:
    """Massar codes in one cell, separated by `;` or `,` (or the Arabic ، ؛): kept as 'A;B;C', each code checked."""
    def parse(values: pd.Series) -> c.Parsed:
        raw = values.astype("string").str.strip()
        codes = raw.map(lambda v: [p.upper() for p in SEPARATORS.split(v) if p] if isinstance(v, str) else None)
        bad = codes.map(lambda found: [code for code in found if not MASSAR_CODE.fullmatch(code)]
                        if found is not None else [])
        reasons = pd.Series([reason("bad_codes", codes=", ".join(b)) if b else None for b in bad], index=values.index,
                            dtype=object)
        empty = codes.map(lambda found: found is not None and not found)
        reasons = reasons.where(~empty, pd.Series([reason("no_codes")] * len(values), index=values.index,
                                                  dtype=object))
        return codes.map(lambda found: ";".join(dict.fromkeys(found)) if found else None).astype("string"), reasons
    return parse


def _frame(connection: Connection, *columns) -> pd.DataFrame:
    return pd.read_sql(select(*columns), connection)


def _in_chunks(connection: Connection, query, column, values: list) -> pd.DataFrame:
    found = [pd.read_sql(query.where(column.in_(values[i : i + 900])), connection) for i in range(0, len(values), 900)]
    return pd.concat(found, ignore_index=True) if found else pd.read_sql(query.where(column.in_([])), connection)


def competitions(connection: Connection, codes) -> pd.DataFrame:
    """(competition_code, year, level, held_on) of these competitions."""
    query = select(Competition.competition_code, Competition.year, Competition.level, Competition.held_on)
    return _in_chunks(connection, query, Competition.competition_code, sorted(set(codes.dropna())))


def _unknown_competition(frame: pd.DataFrame, known: pd.DataFrame, file: str) -> list[Problem]:
    bad = frame["competition_code"].notna() & ~frame["competition_code"].isin(known["competition_code"])
    return row_problems(frame[bad], file, "competition_code", reason("unknown_competition"))


def _problem(row: dict, file: str, column: str, value: object, why: Label) -> Problem:
    return Problem(file, why, row=int(row[ROW]), column=column, value=None if value is None else str(value),
                   sheet=row[SHEET])


class CompetitionsImport(ImportKind):
    """The year's competitions. Declared by whoever organises them: a province team (a school's or a province's
    competition), a region team (and a region's), an administrator (and the national championship); never a school's
    director (a competition has no school to scope it)."""

    spec = c.TableSpec(kind="sports-competitions", key=("competition_code",), columns=(
        f.YEAR, COMPETITION,
        c.Column("level", c.choice(LEVEL_WORDS, what("level")), aliases=("niveau", "المستوى")),
        SPORT, CATEGORY, c.Column("date", c.date(), aliases=("date", "التاريخ")),
    ))

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        """A date outside its school year (1 September to 31 August)."""
        first = frame["year"].str[:4].astype("int64")
        starts = pd.to_datetime(first.astype(str) + "-09-01")
        ends = pd.to_datetime((first + 1).astype(str) + "-08-31")
        outside = (frame["date"] < starts) | (frame["date"] > ends)
        return row_problems(frame[outside], file, "date", lambda r: reason("outside_year", year=r["year"]))

    def check_access(self, write: Write, frame: pd.DataFrame, file: str) -> None:
        """Who organises what: a director none, a province team up to a province's competition, a region team up
        to a region's, the national championship an administrator (each row refused is named)."""
        scope, role = write.actor.scope, write.actor.role
        write.scoped = True
        national_ok = role == "administrator" or scope.level == "all"
        allowed = {"school", "province", "region", "national"} if national_ok else (
            set() if scope.school else {"school", "province"} if scope.province else {"school", "province", "region"})
        refused = frame[~frame["level"].isin(allowed)]
        if len(refused):
            raise ImportRejected(row_problems(refused, file, "level",
                                              lambda r: reason("level_not_yours", user=write.actor.label)))

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        ensure_years(connection, frame["year"])
        rows = frame.rename(columns={"date": "held_on"})[["competition_code", "year", "level", "sport", "category",
                                                          "held_on"]]
        return {"ss_competitions": upsert_frame(connection, Competition.__table__, rows, ["competition_code"])}


class TeamsImport(ImportKind):
    """A school's teams in competitions, each with its pupils (their Massar codes in one cell): every pupil enrolled
    in the team's school in the competition's year (not gone before its date), of the team's sex unless it is
    mixed, and in one team only of a competition. A team in the file gets the file's pupils."""

    dataset = DATASET
    spec = c.TableSpec(kind="sports-teams", key=("competition_code", "team_code"), columns=(
        f.SCHOOL, COMPETITION, TEAM,
        c.Column("sex", c.choice(SEX_WORDS, what("sex")), aliases=("sexe", "الجنس", "النوع")),
        CATEGORY,
        c.Column("massar_codes", massar_codes(), aliases=("codes massar", "élèves", "eleves", "التلاميذ",
                                                          "رموز مسار", "رموز التلاميذ")),
    ))

    def prepare(self, connection: Connection, frame: pd.DataFrame) -> pd.DataFrame:
        """Each team's school year: its competition's (what the scope and the validation lock are judged on)."""
        known = competitions(connection, frame["competition_code"]).set_index("competition_code")
        return frame.assign(year=frame["competition_code"].map(known["year"]),
                            held_on=pd.to_datetime(frame["competition_code"].map(known["held_on"])))

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        known = competitions(connection, frame["competition_code"])
        problems = _unknown_competition(frame, known, file)
        schools = set(_frame(connection, School.code)["code"])
        problems += row_problems(frame[~frame["school_code"].isin(schools)], file, "school_code",
                                 reason("unknown_school"))
        members = _members(frame[frame["year"].notna()])
        if members.empty:
            return problems
        query = (select(Enrolment.massar_code, Enrolment.year, Enrolment.school_code, Enrolment.left_on, Pupil.sex)
                 .join(Pupil, Pupil.massar_code == Enrolment.massar_code))
        enrolled = _in_chunks(connection, query, Enrolment.massar_code, sorted(set(members["massar_code"])))
        enrolled["left_on"] = pd.to_datetime(enrolled["left_on"])
        found = members.merge(enrolled, on=["massar_code", "year", "school_code"], how="left")
        there = found["sex"].notna() & ~(found["left_on"] < found["held_on"])
        sex = found["sex"].where(there)
        elsewhere = _stored_members(connection, members)
        for row in found[~there].to_dict("records"):
            problems.append(_problem(row, file, "massar_codes", row["massar_code"],
                                     reason("not_enrolled", school=row["school_code"], year=row["year"])))
        wrong = there & (found["team_sex"] != "mixed") & (sex != found["team_sex"])
        for row in found[wrong].to_dict("records"):
            problems.append(_problem(row, file, "massar_codes", row["massar_code"],
                                     reason("wrong_sex", sex=text(f"sex.{row['team_sex']}"))))
        twice = members[members.duplicated(["competition_code", "massar_code"], keep=False)]
        other = members.merge(elsewhere, on=["competition_code", "massar_code"], suffixes=("", "_stored"))
        other = other[other["team_code"] != other["team_code_stored"]]
        for row in twice.to_dict("records"):
            teams = sorted(set(twice.loc[(twice["competition_code"] == row["competition_code"])
                                         & (twice["massar_code"] == row["massar_code"]), "team_code"]))
            problems.append(_problem(row, file, "massar_codes", row["massar_code"],
                                     reason("two_teams", teams=", ".join(teams))))
        for row in other.to_dict("records"):
            problems.append(_problem(row, file, "massar_codes", row["massar_code"],
                                     reason("two_teams", teams=f"{row['team_code']}, {row['team_code_stored']}")))
        return problems

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        teams = frame[["competition_code", "team_code", "school_code", "sex", "category"]]
        written = {"ss_teams": upsert_frame(connection, Team.__table__, teams, ["competition_code", "team_code"])}
        _replace_members(connection, teams)
        members = _members(frame)[["competition_code", "team_code", "massar_code"]]
        written["ss_team_members"] = insert_frame(connection, TeamMember.__table__, members)
        return written


def _members(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (team, pupil) of the teams' `massar_codes` cells, keeping the row's place in the file."""
    exploded = frame.assign(massar_code=frame["massar_codes"].str.split(";")).explode("massar_code")
    exploded = exploded[exploded["massar_code"].notna() & (exploded["massar_code"] != "")]
    keep = [column for column in ("competition_code", "team_code", "school_code", "year", "held_on", "sex",
                                  "massar_code", ROW, SHEET) if column in exploded]
    return exploded[keep].rename(columns={"sex": "team_sex"}).reset_index(drop=True)


def _stored_members(connection: Connection, members: pd.DataFrame) -> pd.DataFrame:
    """(competition_code, massar_code, team_code) already stored for these pupils (the teams of the file aside)."""
    query = select(TeamMember.competition_code, TeamMember.massar_code, TeamMember.team_code)
    return _in_chunks(connection, query, TeamMember.massar_code, sorted(set(members["massar_code"])))


def _replace_members(connection: Connection, teams: pd.DataFrame) -> None:
    """Delete the stored pupils of the file's teams (a team in the file gets the file's pupils)."""
    table = TeamMember.__table__
    values = list(teams[["competition_code", "team_code"]].drop_duplicates().itertuples(index=False, name=None))
    write = active_write(connection)
    for start in range(0, len(values), _CHUNK):
        chunk = values[start : start + _CHUNK]
        replaced = (table.c.competition_code.in_(sorted({v[0] for v in chunk}))
                    & tuple_(table.c.competition_code, table.c.team_code).in_(chunk))
        if write is not None:  # the trail keeps what the file replaced
            write.removing(table, replaced)
        connection.execute(delete(table).where(replaced))


class ResultsImport(ImportKind):
    """A competition's places: a team's (team_code) or one of its pupils' (massar_code, in an individual event;
    the pupil must be in one of the competition's teams, the team named when given), with the organiser's points.
    A province or region team enters the results of its schools' teams; a director those of a school's
    competition, for their school."""

    spec = c.TableSpec(kind="sports-results", key=("competition_code", "team_code", "massar_code"), columns=(
        COMPETITION, f.optional(TEAM), f.optional(f.MASSAR, WHOLE_TEAM),
        c.Column("rank", c.number(1, integer=True), aliases=("place", "classement", "rang", "الرتبة", "الترتيب")),
        c.Column("points", c.number(0), required=False, aliases=("points", "النقط", "النقاط")),
    ))

    def extract(self, sheets, file):
        frame, problems = super().extract(sheets, file)
        if not frame.empty and {"team_code", "massar_code"} <= set(frame):
            neither = frame["team_code"].isna() & frame["massar_code"].fillna(WHOLE_TEAM).eq(WHOLE_TEAM)
            problems += row_problems(frame[neither], file, "team_code", reason("neither_team_nor_pupil"))
        return frame, problems

    def prepare(self, connection: Connection, frame: pd.DataFrame) -> pd.DataFrame:
        """A pupil's result gets the pupil's team in that competition (when the file leaves it out); the team's
        school and the competition's level are added for the scope."""
        if "team_code" not in frame or "massar_code" not in frame:
            return frame
        stored = _stored_members(connection, frame[frame["massar_code"].fillna(WHOLE_TEAM) != WHOLE_TEAM])
        single = stored.drop_duplicates(["competition_code", "massar_code"], keep=False)
        found = frame[["competition_code", "massar_code"]].merge(single, how="left")["team_code"]
        team = frame["team_code"].fillna(pd.Series(found.to_numpy(), index=frame.index))
        teams = _in_chunks(connection, select(Team.competition_code, Team.team_code, Team.school_code),
                           Team.competition_code, sorted(set(frame["competition_code"].dropna())))
        school = frame.assign(team_code=team)[["competition_code", "team_code"]].merge(teams, how="left")
        level = frame["competition_code"].map(competitions(connection, frame["competition_code"])
                                              .set_index("competition_code")["level"])
        return frame.assign(team_code=team, massar_code=frame["massar_code"].fillna(WHOLE_TEAM),
                            school_code=school["school_code"].to_numpy(), level=level)

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        problems = _unknown_competition(frame, competitions(connection, frame["competition_code"]), file)
        placed = frame[frame["team_code"].notna()]
        problems += duplicate_problems(placed, ("competition_code", "team_code", "massar_code"), file)
        known = frame["level"].notna()
        pupil = frame["massar_code"] != WHOLE_TEAM
        no_team = known & frame["school_code"].isna()
        problems += row_problems(frame[no_team & ~pupil], file, "team_code",
                                 lambda r: reason("unknown_team", competition=r["competition_code"]))
        stored = _stored_members(connection, frame[pupil])
        entered = frame[known & pupil].merge(stored, on=["competition_code", "massar_code"], how="left",
                                             suffixes=("", "_stored"))
        matched = entered[entered["team_code_stored"] == entered["team_code"]]
        ok = set(zip(matched[ROW], matched[SHEET]))
        rows = frame[known & pupil]
        rows = rows[[(r, s) not in ok for r, s in zip(rows[ROW], rows[SHEET])]]
        return problems + row_problems(rows, file, "massar_code",
                                       lambda r: reason("not_in_team", competition=r["competition_code"]))

    def check_access(self, write: Write, frame: pd.DataFrame, file: str) -> None:
        problems = []
        if write.actor.scope.school:
            problems += row_problems(frame[frame["level"] != "school"], file, "competition_code",
                                     reason("director_school_level", user=write.actor.label))
        outside = write.schools_outside(frame["school_code"].dropna().unique())
        write.scoped = True
        write.schools.update(frame["school_code"].dropna().unique())
        problems += row_problems(frame[frame["school_code"].isin(outside)], file, "team_code",
                                 lambda r: reason("team_outside", school=r["school_code"], user=write.actor.label))
        if problems:
            raise ImportRejected(problems)

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        rows = frame[["competition_code", "team_code", "massar_code", "rank"]].assign(
            rank=frame["rank"].astype("int64"),
            points=frame["points"].astype(float) if "points" in frame else None)
        return {"ss_results": upsert_frame(connection, Result.__table__, rows,
                                           ["competition_code", "team_code", "massar_code"])}


IMPORTS = (CompetitionsImport, TeamsImport, ResultsImport)
