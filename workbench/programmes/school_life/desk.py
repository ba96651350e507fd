"""State of the school-life app for a director and their staff: a class's week (edit a slot, conflicts flagged at
once), the daily class absence sheet (pupils down, hour slots across, a cause per pupil) with each pupil's absence
days of the month and the Tayssir consequence, marks entry progress and the notices to print.
apps/school_life.py only draws this object; every write goes through the guard."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import param
from sqlalchemy import delete, select

from workbench import calendar
from workbench.access.datasets import absences_dataset
from workbench.access.guard import guarded_write
from workbench.appstate import AppState
from workbench.bulk import insert_frame
from workbench.catalogue import named, text
from workbench.exceptions import InputError
from workbench.models import AbsenceMonth, Enrolment
from workbench.programmes.school_life import logic, queries
from workbench.programmes.school_life.imports import DATASET, write_slots
from workbench.programmes.school_life.models import DAYS, SLOTS, WHOLE_CLASS, Room, Teacher, TimetableSlot
from workbench.scope import Scope

NS = "school_life"


class SchoolLifeDesk(AppState):
    app_name = "school_life"

    school = param.Selector(default=None, objects=[], doc="The school shown")
    class_code = param.Selector(default=None, objects=[], doc="The class shown")
    on = param.String(default="", doc="Date of the class absence sheet (YYYY-MM-DD)")
    semester = param.Integer(default=1, bounds=(1, 2), doc="Semester of the marks progress")
    version = param.Integer(default=0, doc="Bumped after every write: the views redraw")

    def __init__(self, **params):
        super().__init__(**params)
        with self._engine.connect() as connection:
            schools = queries.schools(connection, self.actor.scope)
            self._subjects = queries.subjects(connection)
        self.schools = schools
        name = named("name", self.lang)  # a school by its name, its code after it
        self.param.school.objects = {f"{getattr(r, name)} ({r.school_code})": r.school_code
                                     for r in schools.itertuples()}
        self.has_schools = not schools.empty
        days = calendar.school_days(self.year)
        today = pd.Timestamp(dt.date.today())
        self.on = self.on or (today if today in days else days[min(len(days) - 1, 30)]).strftime("%Y-%m-%d")
        if self.has_schools:
            self.school = self.school or schools["school_code"].iloc[0]
            self._load_school()

    # --- reading ---------------------------------------------------------------------------------------------
    @param.depends("school", watch=True)
    def _load_school(self) -> None:
        scope = Scope(school=self.school)
        with self._engine.connect() as connection:
            self.classes = queries.classes(connection, scope, self.year)
            self.pupils = queries.enrolled(connection, scope, self.year)
            self.teachers = queries.teachers(connection, scope)
            self.rooms = queries.rooms(connection, scope)
        codes = self.classes["class_code"].tolist()
        self.param.class_code.objects = codes
        self.class_code = self.class_code if self.class_code in codes else (codes[0] if codes else None)
        self.version += 1

    def _read(self) -> dict[str, pd.DataFrame]:
        scope = Scope(school=self.school)
        with self._engine.connect() as connection:
            return {"timetable": queries.timetable(connection, scope, self.year),
                    "groups": queries.groups(connection, scope, self.year)}

    def conflicts(self) -> pd.DataFrame:
        found = self._read()
        return logic.conflicts(found["timetable"], found["groups"])

    def week(self) -> pd.DataFrame:
        """The class's lessons (its groups' too), each with `conflict` when its (day, slot) is in a conflict that
        involves the class or one of its groups."""
        found = self._read()
        timetable = found["timetable"]
        week = timetable[timetable["class_code"] == self.class_code].copy()
        conflicts = logic.conflicts(timetable, found["groups"])
        involved = conflicts.assign(unit=conflicts["classes"].str.split(";")).explode("unit")
        week["unit"] = logic.taught_unit(week)
        flagged = week[["day", "slot", "unit"]].merge(involved[["day", "slot", "unit"]].drop_duplicates(), how="left",
                                                       indicator=True)["_merge"].to_numpy() == "both"
        return week.assign(conflict=flagged)

    def subject_name(self, code: str) -> str:
        names = self._subjects.set_index("subject_code")[f"name_{'ar' if self.lang == 'ar' else 'fr'}"]
        return str(names.get(code, code))

    def teacher_name(self, teacher_id: str) -> str:
        found = self.teachers[self.teachers["teacher_id"] == teacher_id]
        return f"{found['last_name'].iloc[0]} {found['first_name'].iloc[0]}" if len(found) else teacher_id

    def sheet(self) -> pd.DataFrame:
        """The class absence sheet of the date: one row per pupil of the class, slots 1-8 (True when absent), the
        cause, the pupil's absence days of that month and the Tayssir consequence (withheld, within, not
        registered)."""
        pupils = self.pupils[(self.pupils["class_code"] == self.class_code) & self.pupils["left_on"].isna()]
        on = pd.Timestamp(self.on)
        codes = pupils["massar_code"].tolist()
        with self._engine.connect() as connection:
            slots = queries.absence_slots(connection, Scope(school=self.school), self.year)
            months = pd.read_sql(select(AbsenceMonth).where(AbsenceMonth.massar_code.in_(codes),
                                                            AbsenceMonth.month == on.replace(day=1).date()), connection)
            tayssir = tayssir_limits(connection, self.year, codes)
        today = slots[(slots["absent_on"] == on) & slots["massar_code"].isin(codes)]
        grid = today.pivot_table(index="massar_code", columns="slot", values="justified", aggfunc="size").reindex(
            index=codes, columns=list(SLOTS)).notna()
        grid.columns = [f"slot_{s}" for s in SLOTS]
        justified = today.groupby("massar_code")["justified"].all().reindex(codes)
        frame = pupils[["massar_code", "last_name_ar", "first_name_ar", "last_name_fr", "first_name_fr",
                        "level_code"]].set_index("massar_code").join(grid)
        frame["cause"] = justified.map({True: "justified", False: "unjustified"})
        frame = frame.join(tayssir)
        counted = months.set_index("massar_code").reindex(frame.index)
        every_day = frame["count_justified"].fillna(False).astype(bool)
        frame["month_days"] = counted["days"].where(every_day, counted["unjustified_days"]).fillna(0).astype("int64")
        frame["tayssir"] = "not_registered"
        registered = frame["max_absences_per_month"].notna()
        frame.loc[registered, "tayssir"] = "within"
        over = frame["month_days"] > frame["max_absences_per_month"].fillna(99)
        frame.loc[registered & over, "tayssir"] = "withheld"
        return frame.reset_index()

    def progress(self) -> pd.DataFrame:
        scope = Scope(school=self.school)
        with self._engine.connect() as connection:
            marks = queries.marks(connection, scope, self.year)
            timetable = queries.timetable(connection, scope, self.year)
        taught = timetable[["year", "school_code", "class_code", "subject_code"]]
        progress = logic.marks_progress(marks, self.pupils[["year", "school_code", "class_code", "massar_code"]],
                                        taught, self.semester)
        return progress.assign(subject=progress["subject_code"].map(self.subject_name))

    def test_dates(self) -> pd.DataFrame:
        """The class's tests of the year in date order, each subject by its name (the calendar families see)."""
        with self._engine.connect() as connection:
            dates = queries.test_dates(connection, Scope(school=self.school), self.year)
        dates = dates[dates["class_code"] == self.class_code].sort_values(["held_on", "subject_code", "test"])
        return dates.assign(subject=dates["subject_code"].map(self.subject_name),
                            held_on=pd.to_datetime(dates["held_on"]).dt.strftime("%Y-%m-%d")).reset_index(drop=True)

    def notices(self) -> pd.DataFrame:
        """The school's notices of the year, to print: pupil, guardian, week, hours, dates, the message."""
        scope = Scope(school=self.school)
        with self._engine.connect() as connection:
            slots = queries.absence_slots(connection, scope, self.year)
            threshold = queries.notice_hours(connection, self.year)
        message = text(f"{NS}.notice.message")
        sent = logic.notices(slots, self.pupils[["massar_code", "school_code", "guardian_cin"]], threshold,
                             message.fr, message.ar)
        names = self.pupils.set_index("massar_code")
        last, first = (("last_name_ar", "first_name_ar") if self.lang == "ar" else ("last_name_fr", "first_name_fr"))
        pupil = (names[last].fillna(names["last_name_ar"]) + " " + names[first].fillna(names["first_name_ar"]))
        return sent.assign(pupil=sent["massar_code"].map(pupil),
                           class_code=sent["massar_code"].map(names["class_code"]),
                           message=sent[f"message_{'ar' if self.lang == 'ar' else 'fr'}"])

    def sports(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The school's sports association: its licensed members (with their names and sex), and its activities
        and competitions with how many pupils took part."""
        with self._engine.connect() as connection:
            members, events, taking = queries.sports(connection, Scope(school=self.school), self.year)
        names = self.pupils.set_index("massar_code")
        last, first = (("last_name_ar", "first_name_ar") if self.lang == "ar" else ("last_name_fr", "first_name_fr"))
        members = members.assign(
            pupil=members["massar_code"].map(names[last].fillna(names["last_name_ar"]) + " "
                                             + names[first].fillna(names["first_name_ar"])),
            class_code=members["massar_code"].map(names["class_code"]), sex=members["massar_code"].map(names["sex"]))
        counted = taking.groupby("event_id").size().rename("participants")
        events = events.join(counted, on="event_id").fillna({"participants": 0}).astype({"participants": "int64"})
        return members.sort_values(["class_code", "pupil"]), events.sort_values("held_on")

    def sports_results(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The school's sports results of the year (school_sports): its teams, pupils in teams, podiums and points
        by sport, team sex and level, and each result (a pupil's names the pupil: the school's own staff see it)."""
        from workbench.programmes.school_sports import logic as sports_logic
        from workbench.programmes.school_sports import outputs as sports_outputs
        from workbench.programmes.school_sports import queries as sports_queries

        scope = Scope(school=self.school)
        with self._engine.connect() as connection:
            standings = sports_logic.standings(
                sports_queries.competitions(connection, self.year), sports_queries.teams(connection, scope, self.year),
                sports_queries.members(connection, scope, self.year),
                sports_queries.results(connection, scope, self.year), ("sport", "sex", "level"))
            results = sports_outputs.school_results(connection, self.school, self.year, self.lang)
        return standings, results

    def sports_teams(self) -> dict[str, str]:
        """The school's teams of the year, 'competition / team' -> 'competition|team' (the team list's choices)."""
        from workbench.programmes.school_sports import queries as sports_queries

        with self._engine.connect() as connection:
            teams = sports_queries.teams(connection, Scope(school=self.school), self.year)
        teams = teams.sort_values(["competition_code", "team_code"])
        return {f"{c} / {t}": f"{c}|{t}" for c, t in zip(teams["competition_code"], teams["team_code"])}

    def team_list(self, choice: str) -> bytes:
        """The chosen team's list to print (a right-to-left workbook in Arabic): the team, its competition, its
        pupils' names and Massar codes; the school is the desk's, within the user's scope."""
        from workbench.access.actor import acting_as
        from workbench.programmes.school_sports.outputs import record_team_lists, team_list_bytes

        competition, _, team = (choice or "").partition("|")
        with acting_as(self.actor):  # an audit event: the list names pupils
            record_team_lists(self._engine, self.school, self.year, competition, team)
        with self._engine.connect() as connection:
            return team_list_bytes(connection, self.school, self.year, competition, team, self.lang)

    # --- writing ---------------------------------------------------------------------------------------------
    def save_slot(self, day: str, slot: int, subject: str, teacher: str, room: str) -> bool:
        """Put a lesson of the whole class in a slot of its week (replacing what was there)."""
        def write() -> None:
            if day not in DAYS or slot not in SLOTS:
                raise InputError(text(f"{NS}.app.bad_slot"))
            with guarded_write(self._engine, "edit timetable slot") as guarded:
                connection = guarded.connection
                guarded.touch(DATASET, self.year, [self.school])
                known_teacher = connection.execute(select(Teacher.teacher_id).where(
                    Teacher.school_code == self.school, Teacher.teacher_id == teacher)).first()
                known_room = connection.execute(select(Room.room_code).where(
                    Room.school_code == self.school, Room.room_code == room)).first()
                if known_teacher is None or known_room is None:
                    raise InputError(text(f"{NS}.app.unknown_teacher_or_room"))
                connection.execute(delete(TimetableSlot).where(
                    TimetableSlot.year == self.year, TimetableSlot.school_code == self.school,
                    TimetableSlot.class_code == self.class_code, TimetableSlot.group_code == WHOLE_CLASS,
                    TimetableSlot.day == day, TimetableSlot.slot == slot))
                insert_frame(connection, TimetableSlot.__table__, pd.DataFrame([{
                    "year": self.year, "school_code": self.school, "class_code": self.class_code,
                    "group_code": WHOLE_CLASS,
                    "day": day, "slot": int(slot), "subject_code": subject, "teacher_id": teacher, "room_code": room}]))

        def done(_) -> object:
            flagged = self.week()
            here = flagged[(flagged["day"] == day) & (flagged["slot"] == slot)]
            return text(f"{NS}.app.conflict_now" if here["conflict"].any() else f"{NS}.app.slot_saved")

        return self.attempt(write, done, self._bump)

    def record_absences(self, massar_code: str, slots: list[int], justified: bool) -> bool:
        """The class sheet's line of a pupil for the sheet's date: the slots absent (none: present), one cause."""
        line = {"massar_code": massar_code, "justified": justified, **{f"slot_{s}": s in set(slots) for s in SLOTS}}
        return self._write_lines(pd.DataFrame([line]), text(f"{NS}.app.absences_saved"))

    def record_sheet(self, entered: pd.DataFrame) -> bool:
        """The whole class sheet of the date at once, as the grid holds it (massar_code, slot_1..slot_8 ticked when
        absent, justified): only the pupils whose line differs from what is stored are written, in one write."""
        stored = self.sheet().set_index("massar_code")
        lines = entered.set_index("massar_code")
        columns = [f"slot_{s}" for s in SLOTS]
        ticked = lines[columns].fillna(False).astype(bool)
        before = stored[columns].reindex(ticked.index).fillna(False).astype(bool)
        was_justified = stored["cause"].reindex(ticked.index).eq("justified")
        now_justified = lines["justified"].fillna(False).astype(bool)
        changed = (ticked != before).any(axis=1) | (ticked.any(axis=1) & (now_justified != was_justified))
        if not changed.any():
            self.message = f"ℹ {self.t(f'{NS}.app.sheet_unchanged')}"
            return False
        return self._write_lines(lines[changed].reset_index(),
                                 text(f"{NS}.app.sheet_saved", count=int(changed.sum())))

    def _write_lines(self, lines: pd.DataFrame, done) -> bool:
        """Write lines of the sheet of the date (massar_code, slot_1..slot_8, justified) in one guarded write: a
        pupil of another class, or a day without school, refuses them all."""
        on = pd.Timestamp(self.on)
        columns = [f"slot_{s}" for s in SLOTS]

        def write() -> None:
            if on not in calendar.school_days(self.year):
                raise InputError(text(f"{NS}.app.not_school_day"))
            with guarded_write(self._engine, "record class absences") as guarded:
                connection = guarded.connection
                codes = lines["massar_code"].tolist()
                enrolled = set(connection.scalars(select(Enrolment.massar_code).where(
                    Enrolment.year == self.year, Enrolment.massar_code.in_(codes),
                    Enrolment.class_code == self.class_code, Enrolment.school_code == self.school)))
                if set(codes) - enrolled:
                    raise InputError(text(f"{NS}.problem.not_in_class", cls=self.class_code, school=self.school,
                                          year=self.year))
                guarded.touch(absences_dataset(on.strftime("%Y-%m")), self.year, [self.school])
                absent = lines.melt(id_vars=["massar_code", "justified"], value_vars=columns, var_name="slot",
                                    value_name="absent")
                absent = absent[absent["absent"].fillna(False).astype(bool)]
                present = lines[~lines["massar_code"].isin(absent["massar_code"])]
                frame = pd.concat([
                    absent.assign(slot=absent["slot"].str.removeprefix("slot_").astype("int64")),
                    present.assign(slot=pd.NA)], ignore_index=True)[["massar_code", "slot", "justified"]]
                frame = frame.assign(date=on, slot=frame["slot"].astype("Int64"), year=self.year,
                                     school_code=self.school, class_code=self.class_code,
                                     justified=frame["justified"].fillna(False).astype(bool))
                write_slots(connection, frame.sort_values(["massar_code", "slot"]).reset_index(drop=True))

        return self.attempt(write, done, self._bump)

    def _bump(self) -> None:
        self.version += 1


def tayssir_limits(connection, year: str, codes: list[str]) -> pd.DataFrame:
    """For the Tayssir-registered pupils among `codes`: their level's monthly absence limit and whether justified
    days count (Tayssir's year settings); the others are absent from the frame."""
    from workbench.programmes.tayssir.models import TayssirEnrolment, TayssirRule, TayssirSettings

    count_justified = connection.execute(select(TayssirSettings.count_justified_absences).where(
        TayssirSettings.year == year)).scalar()
    query = (select(TayssirEnrolment.massar_code, TayssirRule.max_absences_per_month)
             .join(Enrolment, (Enrolment.massar_code == TayssirEnrolment.massar_code) & (Enrolment.year == year))
             .join(TayssirRule, (TayssirRule.level_code == Enrolment.level_code) & (TayssirRule.year == year))
             .where(TayssirEnrolment.year == year, TayssirEnrolment.massar_code.in_(codes)))
    found = pd.read_sql(query, connection).set_index("massar_code")
    return found.assign(count_justified=bool(count_justified))
