"""Synthetic school life for every demo school: a classroom per class (and a lab and a gym in secondary schools), a
teacher per class and subject, two groups per class, a conflict-free week covering the hours each level requires
(one deliberate conflict: in the first school with two classes, the second class's Monday 08:00 lesson is given to the
first class's teacher), hour slots consistent with the absence days already generated (the same days, slots and
causes), semester-1 marks partly entered, test dates, and a school sports association.

A large demo (the benchmarks' millions of pupils) gets this detail for its first schools only, in code order, up to
DETAIL_PUPILS pupils: `make demo` (50,000 pupils) has it for every school."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Connection, select

from workbench.bulk import insert_frame
from workbench.demo.generate import DemoData
from workbench.models import Absence, Enrolment
from workbench.programmes.school_life.models import (
    DAYS,
    SLOTS,
    TESTS,
    AbsenceSlot,
    GroupMember,
    Mark,
    Room,
    SportEvent,
    SportMember,
    SportParticipation,
    Teacher,
    TestDate,
    TimetableSlot,
)
from workbench.reference import read_reference

DETAIL_PUPILS = 60_000
# The subjects whose marks the demo enters, by their name in the subject reference (Massar's own codes and names,
# data/reference/school_life_subjects.csv): the demo follows the reference, never a code of its own.
MARKED_NAMES = ("Langue arabe", "Langue française", "Mathématiques")
LAGGING_MARKS_SCHOOLS = 1 / 6  # schools late with their marks (data-entry completion shows them)


def marked_codes() -> tuple[str, ...]:
    """The reference's codes of MARKED_NAMES (Arabic, French, mathematics: every level has them)."""
    subjects = read_reference("school_life_subjects").set_index("name_fr")["subject_code"]
    return tuple(subjects[name] for name in MARKED_NAMES)


LAST_NAMES = ("Alaoui", "Bennani", "Tazi", "Idrissi", "Fassi", "Chraibi", "Berrada", "Amrani", "Ouazzani", "Kettani")
FIRST_NAMES = ("Omar", "Sara", "Youssef", "Fatima", "Karim", "Nadia", "Hicham", "Khadija", "Rachid", "Meryem")
SPORTS = ("athlétisme", "football", "basketball", "handball", "volleyball", "cross-country")
GROUP_SUBJECT = {"primary": "0090", "lower_secondary": "0070", "upper_secondary": "0070"}
# Cells of the week in the order lessons fill them: slot 1 of every day, then slot 2, ...: a subject's hours spread
# over the days.
CELLS = pd.DataFrame([(day, slot) for slot in SLOTS for day in DAYS], columns=["day", "slot"])


def week_pattern(required: pd.DataFrame) -> pd.DataFrame:
    """Each level's week: its subjects' hours dealt round-robin over CELLS (level_code, day, slot, subject_code)."""
    hours = required.assign(hours=required["hours"].astype(int))
    lessons = hours.loc[hours.index.repeat(hours["hours"]), ["level_code", "subject_code"]]
    lessons["round"] = lessons.groupby(["level_code", "subject_code"]).cumcount()
    lessons = lessons.sort_values(["level_code", "round", "subject_code"]).reset_index(drop=True)
    lessons["position"] = lessons.groupby("level_code").cumcount()
    lessons = lessons[lessons["position"] < len(CELLS) - 2]  # two cells left for the groups
    cells = CELLS.iloc[lessons["position"].to_numpy()].reset_index(drop=True)
    return pd.concat([lessons[["level_code", "subject_code", "position"]].reset_index(drop=True), cells], axis=1)


def build_structures(rng: np.random.Generator, classes: pd.DataFrame, cycles: pd.Series, required: pd.DataFrame,
                     enrolments: pd.DataFrame) -> dict[str, pd.DataFrame]:
    classes = classes.sort_values(["school_code", "class_code"]).reset_index(drop=True)
    classes["number"] = classes.groupby("school_code").cumcount() + 1
    classes["room_code"] = "S" + classes["number"].astype(str).str.zfill(2)
    classes["cycle"] = classes["school_code"].map(cycles)
    secondary = cycles[cycles != "primary"].index
    rooms = pd.concat([
        classes[["school_code", "room_code"]].assign(kind="classroom", capacity=40),
        pd.DataFrame({"school_code": secondary, "room_code": "LAB", "kind": "lab", "capacity": 24}),
        pd.DataFrame({"school_code": secondary, "room_code": "GYM", "kind": "gym", "capacity": 60})],
        ignore_index=True)
    pattern = week_pattern(required[required["level_code"].isin(classes["level_code"].unique())])
    week = classes.merge(pattern, on="level_code")
    week["teacher_id"] = ("P" + week["number"].astype(str).str.zfill(2) + "-" + week["subject_code"])
    # Two groups per class for one subject, each one hour in the last two cells of the week.
    group_subject = classes["cycle"].map(GROUP_SUBJECT)
    split = classes.assign(subject_code=group_subject)
    last = CELLS.iloc[-2:].reset_index(drop=True)
    group_week = pd.concat([split.assign(group_code=split["class_code"] + "-G" + str(n + 1), day=last["day"][n],
                                         slot=last["slot"][n]) for n in range(2)], ignore_index=True)
    group_week["teacher_id"] = "P" + group_week["number"].astype(str).str.zfill(2) + "-" + group_week["subject_code"]
    columns = ["year", "school_code", "class_code", "group_code", "day", "slot", "subject_code", "teacher_id",
               "room_code"]
    timetable = pd.concat([week.assign(group_code=""), group_week], ignore_index=True)[columns]
    # The deliberate conflict: the second class of the first school with two classes takes the first class's teacher.
    two = classes.groupby("school_code")["number"].max()
    if (two >= 2).any():
        school = two[two >= 2].index[0]
        monday = (timetable["school_code"] == school) & (timetable["group_code"] == "") & (
            timetable["day"] == "mon") & (timetable["slot"] == 1)
        mine = classes[classes["school_code"] == school].set_index("number")["class_code"]
        teacher = timetable.loc[monday & (timetable["class_code"] == mine[1]), "teacher_id"].iloc[0]
        timetable.loc[monday & (timetable["class_code"] == mine[2]), "teacher_id"] = teacher
    teachers = timetable[["school_code", "teacher_id", "subject_code"]].drop_duplicates(["school_code", "teacher_id"])
    n = len(teachers)
    teachers = teachers.assign(last_name=rng.choice(LAST_NAMES, n), first_name=rng.choice(FIRST_NAMES, n))
    pupils = enrolments[enrolments["left_on"].isna()][["massar_code", "school_code", "class_code"]]
    pupils = pupils.merge(split[["school_code", "class_code", "subject_code"]])
    pupils["group_code"] = pupils["class_code"] + "-G" + (pupils.groupby(["school_code", "class_code"]).cumcount()
                                                          % 2 + 1).astype(str)
    return {"rooms": rooms, "teachers": teachers, "timetable": timetable, "classes": classes,
            "groups": pupils.assign(year=classes["year"].iloc[0] if len(classes) else "")}


def hour_slots(rng: np.random.Generator, days: pd.DataFrame) -> pd.DataFrame:
    """The absence days as hour slots: each day's `slots` consecutive slots from a random first one, its cause on
    each; deriving the days back gives the same rows."""
    count = days["slots"].to_numpy().astype(np.int64).clip(1, len(SLOTS))
    first = rng.integers(1, len(SLOTS) + 2 - count)
    row = np.repeat(np.arange(len(days)), count)
    offset = np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count)
    return pd.DataFrame({"massar_code": days["massar_code"].to_numpy()[row],
                         "absent_on": pd.to_datetime(days["absent_on"]).to_numpy()[row],
                         "slot": first[row] + offset, "justified": days["justified"].to_numpy().astype(bool)[row]})


def marks(rng: np.random.Generator, groups_of_pupils: pd.DataFrame, timetable: pd.DataFrame, year: str) -> pd.DataFrame:
    """Semester-1 marks of every pupil in the three subjects every level has (Arabic, French, mathematics), partly
    entered: a tenth of the class-subjects have no integrated activities yet; in a sixth of the schools, lagging, a
    third of the class-subjects have nothing at all (the others entered every test, as most schools do); 3 %
    justified absences."""
    taught = timetable[["school_code", "class_code", "subject_code"]].drop_duplicates()
    taught = taught[taught["subject_code"].isin(marked_codes())]
    schools = taught["school_code"].drop_duplicates()
    lagging = taught["school_code"].isin(schools[rng.random(len(schools)) < LAGGING_MARKS_SCHOOLS]).to_numpy()
    entered = rng.random(len(taught))
    taught = taught.assign(tests=np.where(lagging & (entered < 0.35), 0, np.where(entered < 0.10, 3, 4)))
    rows = groups_of_pupils[["massar_code", "school_code", "class_code"]].merge(taught)
    rows = rows.loc[rows.index.repeat(rows["tests"])].reset_index(drop=True)
    rows["test"] = np.array(TESTS)[rows.groupby(["massar_code", "subject_code"]).cumcount().to_numpy()]
    n = len(rows)
    absent = rng.random(n) < 0.03
    mark = np.clip(np.round(rng.normal(11.5, 3.5, n) * 4) / 4, 0, 20)
    return pd.DataFrame({"year": year, "massar_code": rows["massar_code"], "semester": 1,
                         "subject_code": rows["subject_code"], "test": rows["test"],
                         "mark": np.where(absent, np.nan, mark), "absent_justified": absent})


def test_dates(timetable: pd.DataFrame, year: str) -> pd.DataFrame:
    """Tests 1-3 of each class and marked subject in semester 1: mid-October, mid-November and mid-December, a class's
    subjects on successive days."""
    first = int(year[:4])
    taught = timetable[["school_code", "class_code", "subject_code"]].drop_duplicates()
    taught = taught[taught["subject_code"].isin(marked_codes())].reset_index(drop=True)  # the tests marks follow
    shift = taught.groupby(["school_code", "class_code"]).cumcount().to_numpy() % 10
    frames = []
    for test, month in (("1", 10), ("2", 11), ("3", 12)):
        day = pd.Timestamp(first, month, 13) + pd.to_timedelta(shift + shift // 6, unit="D")
        frames.append(taught.assign(test=test, held_on=day))
    return pd.concat(frames, ignore_index=True).assign(year=year)


def sports(rng: np.random.Generator, pupils: pd.DataFrame, year: str) -> tuple[pd.DataFrame, ...]:
    """A twentieth of the pupils licensed in their school's association; three events per school (two activities, a
    competition), each with about half of the members."""
    members = pupils[rng.random(len(pupils)) < 0.05][["school_code", "massar_code", "birth_date"]]
    members = members.reset_index(drop=True)
    age = int(year[:4]) - pd.to_datetime(members["birth_date"]).dt.year
    members = members.assign(year=year, licence_number=[f"L{year[2:4]}{i:06d}" for i in range(len(members))],
                             sport=rng.choice(SPORTS, len(members)),
                             category=np.select([age < 12, age < 14, age < 16], ["benjamins", "minimes", "cadets"],
                                                "juniors")).drop(columns="birth_date")
    schools = members["school_code"].drop_duplicates()
    first = int(year[:4])
    events = pd.concat([pd.DataFrame({"school_code": schools, "event_id": f"E{n}", "kind": kind,
                                      "sport": SPORTS[n], "name": name, "held_on": pd.Timestamp(first, 10 + n, 20)})
                        for n, (kind, name) in enumerate((("activity", "Journée sportive"), ("activity", "Cross"),
                                                          ("competition", "Championnat provincial")))],
                       ignore_index=True).assign(year=year)
    taking = members[["school_code", "massar_code"]].merge(events[["school_code", "event_id"]])
    taking = taking[rng.random(len(taking)) < 0.5].assign(year=year)
    return members, events, taking


def build(connection: Connection, data: DemoData) -> dict[str, int]:
    rng = np.random.default_rng([data.seed, 14])
    frames = data.frames
    sizes = frames.enrolments.groupby("school_code").size().sort_index()
    kept = sizes.index[(sizes.cumsum() <= DETAIL_PUPILS) | (np.arange(len(sizes)) == 0)].tolist()
    enrolments = frames.enrolments[frames.enrolments["school_code"].isin(kept)]
    classes = frames.classes[frames.classes["school_code"].isin(kept)]
    required = read_reference("school_life_hours").astype({"hours": float})
    cycles = frames.schools.set_index("code")["cycle"]
    made = build_structures(rng, classes, cycles[cycles.index.isin(kept)], required, enrolments)
    days = pd.read_sql(select(Absence.massar_code, Absence.absent_on, Absence.slots, Absence.justified).join(
        Enrolment, (Enrolment.massar_code == Absence.massar_code) & (Enrolment.year == data.year)).where(
        Enrolment.school_code.in_(kept)).order_by(Absence.massar_code, Absence.absent_on), connection)
    pupils = enrolments.merge(frames.pupils[["massar_code", "birth_date"]])
    pupils = pupils[pupils["left_on"].isna()]
    members, events, taking = sports(rng, pupils, data.year)
    return {
        "sl_rooms": insert_frame(connection, Room.__table__, made["rooms"]),
        "sl_teachers": insert_frame(connection, Teacher.__table__, made["teachers"]),
        "sl_groups": insert_frame(connection, GroupMember.__table__, made["groups"][
            ["year", "school_code", "group_code", "massar_code", "class_code", "subject_code"]]),
        "sl_timetable": insert_frame(connection, TimetableSlot.__table__, made["timetable"].assign(year=data.year)),
        "sl_absence_slots": insert_frame(connection, AbsenceSlot.__table__, hour_slots(rng, days)),
        "sl_marks": insert_frame(connection, Mark.__table__, marks(rng, pupils, made["timetable"], data.year)),
        "sl_test_dates": insert_frame(connection, TestDate.__table__, test_dates(made["timetable"], data.year)),
        "sl_sport_members": insert_frame(connection, SportMember.__table__, members),
        "sl_sport_events": insert_frame(connection, SportEvent.__table__, events),
        "sl_sport_participation": insert_frame(connection, SportParticipation.__table__, taking),
    }
