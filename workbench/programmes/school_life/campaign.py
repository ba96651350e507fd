"""The school-life campaign: every figure of a scope and year computed once (rules.md, "School life"), kept in one
result that the report, the files and the app read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection

from workbench import calendar
from workbench.catalogue import text
from workbench.programmes.school_life import logic, queries
from workbench.programmes.school_sports import logic as sports_logic
from workbench.programmes.school_sports import queries as sports_queries
from workbench.run_context import RunContext
from workbench.scope import Scope

SEMESTER = 1  # the marks the report follows (semester 1; the app picks either)


@dataclass
class SchoolLifeResult:
    year: str
    scope: Scope
    schools: pd.DataFrame
    classes: pd.DataFrame
    enrolled: pd.DataFrame
    timetable: pd.DataFrame
    groups: pd.DataFrame
    required: pd.DataFrame
    slots: pd.DataFrame  # absent hour slots
    marks: pd.DataFrame
    test_dates: pd.DataFrame
    members: pd.DataFrame
    events: pd.DataFrame
    participation: pd.DataFrame
    competitions: pd.DataFrame  # school sports results (the school_sports programme): the year's competitions,
    teams: pd.DataFrame  # the scope's teams in them,
    team_members: pd.DataFrame  # their pupils
    sport_results: pd.DataFrame  # and their places and points
    threshold: int
    conflicts: pd.DataFrame
    hours: pd.DataFrame
    notices: pd.DataFrame

    def days(self) -> pd.DatetimeIndex:
        """The school days up to the last recorded absent slot (the period the absence rates cover)."""
        all_days = calendar.school_days(self.year)
        if self.slots.empty:
            return all_days[:0]
        return all_days[all_days <= self.slots["absent_on"].max()]

    def rates(self) -> pd.DataFrame:
        return logic.absence_rates(self.slots, self.timetable, self.enrolled, self.days())

    def coverage(self) -> pd.DataFrame:
        """Per school: classes, those with a timetable, required class-subjects and those short, conflicts."""
        per_class = self.classes.groupby("school_code").size().rename("classes")
        timetabled = self.timetable.groupby("school_code")["class_code"].nunique().rename("timetabled")
        required = self.hours[self.hours["required"] > 0]
        needed = required.groupby("school_code").size().rename("class_subjects")
        short = required[required["short"]].groupby("school_code").size().rename("short")
        taught = required.assign(given=required[["hours", "required"]].min(axis=1)).groupby("school_code")[
            ["given", "required"]].sum()
        conflicts = self.conflicts.groupby("school_code").size().rename("conflicts")
        frame = self.schools[["school_code", "name_fr", "name_ar"]].set_index("school_code").join(
            [per_class, timetabled, needed, short, conflicts]).fillna(0)
        counts = ["classes", "timetabled", "class_subjects", "short", "conflicts"]
        frame[counts] = frame[counts].astype("int64")
        frame["coverage_pct"] = logic.percent(taught["given"], taught["required"]).reindex(frame.index)
        return frame.reset_index()

    def progress(self, semester: int = SEMESTER) -> pd.DataFrame:
        taught = self.timetable[["year", "school_code", "class_code", "subject_code"]]
        return logic.marks_progress(self.marks, self.enrolled[["year", "school_code", "class_code", "massar_code"]],
                                    taught, semester)

    def means(self, semester: int = SEMESTER) -> pd.DataFrame:
        return logic.mean_marks(self.marks, self.enrolled[["year", "massar_code", "level_code"]], semester)

    def notices_by_school(self) -> pd.DataFrame:
        counted = self.notices.groupby("school_code").agg(notices=("massar_code", "size"),
                                                          pupils=("massar_code", "nunique"))
        return self.schools[["school_code", "name_fr", "name_ar"]].merge(counted.reset_index(), how="inner")

    def sports_by_sex(self) -> pd.DataFrame:
        """Licensed members and pupils who took part in an activity or competition, by sex."""
        sex = self.enrolled.set_index("massar_code")["sex"]
        members = self.members["massar_code"].map(sex).value_counts().rename("members")
        kinds = self.participation.merge(self.events[["year", "school_code", "event_id", "kind"]])
        took_part = kinds.drop_duplicates(["massar_code", "kind"]).assign(sex=lambda f: f["massar_code"].map(sex))
        by_kind = took_part.groupby(["sex", "kind"]).size().unstack(fill_value=0)
        frame = pd.DataFrame(index=pd.Index(["F", "M"], name="sex")).join(members).join(by_kind).fillna(0)
        for kind in ("activity", "competition"):
            frame[kind] = frame.get(kind, 0)
        return frame[["members", "activity", "competition"]].astype("int64").reset_index()

    def sports_results(self, by: tuple[str, ...] = sports_logic.BY) -> pd.DataFrame:
        """Teams, pupils in teams, podiums and points by school, sport, team sex and competition level (school_sports'
        rules), each school by its names."""
        found = sports_logic.standings(self.competitions, self.teams, self.team_members, self.sport_results, by)
        if "school_code" not in by:
            return found
        names = self.schools.set_index("school_code")
        return found.assign(school_name_fr=found["school_code"].map(names["name_fr"]),
                            school_name_ar=found["school_code"].map(names["name_ar"]))

    def sports_totals(self) -> dict[str, object]:
        return sports_logic.totals(self.teams, self.team_members, self.sport_results)

    def totals(self) -> dict[str, object]:
        progress = self.progress()
        days = logic.absence_days(self.slots)
        return {"schools": len(self.schools), "classes": len(self.classes),
                "timetabled": int(self.timetable["class_code"].groupby(self.timetable["school_code"]).nunique().sum())
                if len(self.timetable) else 0,
                "conflicts": len(self.conflicts), "short": int(self.hours["short"].sum()),
                "absence_hours": len(self.slots), "absence_days": len(days), "notices": len(self.notices),
                "entered_pct": logic.percent(pd.Series([progress["entered"].sum()]),
                                             pd.Series([progress["expected"].sum()])).iloc[0],
                "members": len(self.members)}


def compute_scope(connection: Connection, scope: Scope, year: str) -> SchoolLifeResult:
    enrolled = queries.enrolled(connection, scope, year)
    timetable = queries.timetable(connection, scope, year)
    groups = queries.groups(connection, scope, year)
    classes = queries.classes(connection, scope, year)
    required = queries.required_hours(connection, year)
    slots = queries.absence_slots(connection, scope, year)
    threshold = queries.notice_hours(connection, year)
    message = text("school_life.notice.message")
    members, events, participation = queries.sports(connection, scope, year)
    competitions = sports_queries.competitions(connection, year)
    return SchoolLifeResult(
        year=year, scope=scope, schools=queries.schools(connection, scope), classes=classes, enrolled=enrolled,
        timetable=timetable, groups=groups, required=required, slots=slots,
        marks=queries.marks(connection, scope, year),
        test_dates=queries.test_dates(connection, scope, year), members=members, events=events,
        participation=participation, competitions=competitions, teams=sports_queries.teams(connection, scope, year),
        team_members=sports_queries.members(connection, scope, year),
        sport_results=sports_queries.results(connection, scope, year), threshold=threshold,
        conflicts=logic.conflicts(timetable, groups),
        hours=logic.hours_against_required(timetable, classes, required),
        notices=logic.notices(slots, enrolled[["massar_code", "school_code", "guardian_cin"]], threshold,
                              message.fr, message.ar))


def compute(connection: Connection, run: RunContext) -> SchoolLifeResult:
    return compute_scope(connection, run.scope, run.year)


def write_outputs(connection: Connection, result: SchoolLifeResult, run: RunContext) -> list[Path]:
    from workbench.programmes.school_life import outputs

    return outputs.write_outputs(connection, result, run.out_dir)
