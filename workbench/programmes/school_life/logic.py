"""The rules of school life (rules.md, "School life") on frames in memory: timetable conflicts, weekly hours against
the level's required hours, absence hours and days, notices to families, marks entry progress and means, absence
rates. Vectorised: nothing here loops over pupils."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from workbench.programmes.school_life.models import DAYS, TESTS, WHOLE_CLASS

DAY_RANK = {day: rank for rank, day in enumerate(DAYS)}
CONFLICT_COLUMNS = ["school_code", "day", "slot", "resource_kind", "resource", "classes"]
NOTICE_COLUMNS = ["school_code", "massar_code", "guardian_cin", "week_start", "hours", "dates", "message_ar",
                  "message_fr"]
KIND_RANK = {"teacher": 0, "room": 1, "class": 2}
_SLOT_KEY = ["year", "school_code", "day", "slot"]


def taught_unit(timetable: pd.DataFrame) -> pd.Series:
    """Who a timetable row teaches: its group's code, or its class's when the whole class is taught."""
    group = timetable["group_code"].fillna(WHOLE_CLASS)
    return group.where(group != WHOLE_CLASS, timetable["class_code"])


def _sorted_conflicts(found: pd.DataFrame) -> pd.DataFrame:
    if found.empty:
        return pd.DataFrame(columns=["year", *CONFLICT_COLUMNS])
    found = found.drop_duplicates().sort_values("unit")
    joined = found.groupby([*_SLOT_KEY, "resource_kind", "resource"], sort=False, observed=True)["unit"].agg(";".join)
    out = joined.rename("classes").reset_index()
    order = (out["day"].astype(str).map(DAY_RANK).astype("int64") * 100 + out["slot"].astype("int64") * 10
             + out["resource_kind"].astype(str).map(KIND_RANK).astype("int64"))
    out = out.assign(_order=order).sort_values(["year", "school_code", "_order", "resource"], kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)[["year", *CONFLICT_COLUMNS]]


def conflicts(timetable: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """Every resource booked twice in a school, year, day and slot, once per (resource, day, slot), with the class
    or group codes involved joined by ';' in code order: a teacher or a room given to two rows; a class taught as a
    whole while one of its groups (or a second row) is taught; two groups of a class sharing a pupil."""
    rows = timetable.assign(unit=taught_unit(timetable), group_code=timetable["group_code"].fillna(WHOLE_CLASS))
    columns = [*_SLOT_KEY, "resource_kind", "resource", "unit"]
    found = []
    for kind, column in (("teacher", "teacher_id"), ("room", "room_code")):
        busy = rows[rows.duplicated([*_SLOT_KEY, column], keep=False)]
        found.append(busy.assign(resource_kind=kind, resource=busy[column])[columns])
    per_class = [*_SLOT_KEY, "class_code"]
    whole = rows["group_code"] == WHOLE_CLASS
    keys = [rows[c] for c in per_class]
    crowded = (rows.groupby(keys, observed=True)["unit"].transform("size") > 1) & whole.groupby(
        keys, observed=True).transform("any")
    clash = rows[crowded]
    found.append(clash.assign(resource_kind="class", resource=clash["class_code"])[columns])
    split = rows.loc[~whole, [*per_class, "group_code"]]
    pairs = split.merge(split, on=per_class, suffixes=("_a", "_b"))
    pairs = pairs[pairs["group_code_a"] < pairs["group_code_b"]]
    members = groups[["year", "school_code", "class_code", "group_code", "massar_code"]].drop_duplicates()
    shared = members.merge(members, on=["year", "school_code", "class_code", "massar_code"], suffixes=("_a", "_b"))
    shared = shared.loc[shared["group_code_a"] < shared["group_code_b"],
                        ["year", "school_code", "class_code", "group_code_a", "group_code_b"]].drop_duplicates()
    pairs = pairs.merge(shared, on=["year", "school_code", "class_code", "group_code_a", "group_code_b"])
    for side in ("group_code_a", "group_code_b"):
        found.append(pairs.assign(resource_kind="class", resource=pairs["class_code"], unit=pairs[side])[columns])
    return _sorted_conflicts(pd.concat(found, ignore_index=True))


def weekly_hours(timetable: pd.DataFrame) -> pd.DataFrame:
    """Hours a week per class and subject: the whole-class slots, plus, where the class is split into groups for
    the subject, the hours of its least-served group (what every pupil of the class gets)."""
    key = ["year", "school_code", "class_code", "subject_code"]
    group = timetable["group_code"].fillna(WHOLE_CLASS)
    whole = timetable[group == WHOLE_CLASS].groupby(key, observed=True).size().rename("whole")
    split = timetable[group != WHOLE_CLASS].groupby([*key, "group_code"], observed=True).size().groupby(
        level=key, observed=True).min()
    hours = pd.concat([whole, split.rename("split")], axis=1).fillna(0)
    return (hours["whole"] + hours["split"]).astype("int64").rename("hours").reset_index()


def hours_against_required(timetable: pd.DataFrame, classes: pd.DataFrame, required: pd.DataFrame) -> pd.DataFrame:
    """For every class with a timetable and every subject its level requires (or that it is taught): the hours
    taught, required and missing (`short` when taught < required). `classes`: year, school_code, class_code,
    level_code; `required`: year, level_code, subject_code, hours, confirmed."""
    taught = weekly_hours(timetable)
    timetabled = classes.merge(timetable[["year", "school_code", "class_code"]].drop_duplicates())
    needed = timetabled.merge(required.rename(columns={"hours": "required"}), on=["year", "level_code"])
    key = ["year", "school_code", "class_code", "subject_code"]
    out = needed[[*key, "required", "confirmed"]].merge(taught, on=key, how="outer")
    out = out.merge(classes[["year", "school_code", "class_code", "level_code"]], how="left")
    out = out.assign(hours=out["hours"].fillna(0).astype("int64"), required=out["required"].fillna(0))
    out["missing"] = (out["required"] - out["hours"]).clip(lower=0)
    out["short"] = out["hours"] < out["required"]
    return out.sort_values(["year", "school_code", "class_code", "subject_code"]).reset_index(drop=True)[
        ["year", "school_code", "class_code", "level_code", "subject_code", "hours", "required", "missing", "short",
         "confirmed"]]


def absence_days(slots: pd.DataFrame) -> pd.DataFrame:
    """Absence days from absent hour slots (massar_code, absent_on, slot, justified): a date with at least one absent
    slot is an absence day; `slots` its hours; justified only when every absent slot of the day is. These are the
    rows of the core `absences` table that every campaign counts (Tayssir's monthly condition)."""
    if slots.empty:
        return pd.DataFrame({"massar_code": pd.Series(dtype=object), "absent_on": pd.Series(dtype="datetime64[ns]"),
                             "slots": pd.Series(dtype="int64"), "justified": pd.Series(dtype=bool)})
    days = slots.assign(justified=slots["justified"].astype(bool)).groupby(
        ["massar_code", "absent_on"], sort=True, observed=True).agg(slots=("slot", "size"),
                                                                    justified=("justified", "all"))
    return days.reset_index().astype({"slots": "int64", "justified": bool})


def week_start(dates: pd.Series) -> pd.Series:
    """The Monday of a date's school week (Monday to Saturday)."""
    dates = pd.to_datetime(dates)
    return dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")


def fill(template: str, frame: pd.DataFrame) -> pd.Series:
    """A text template's `{placeholders}` filled from the frame's columns of the same names, row by row at once."""
    out = pd.Series("", index=frame.index, dtype=object)
    for part in re.split(r"(\{\w+\})", template):
        if part.startswith("{") and part.endswith("}"):
            out = out + frame[part[1:-1]].astype(str)
        else:
            out = out + part
    return out


def notices(slots: pd.DataFrame, pupils: pd.DataFrame, threshold: int, message_fr: str,
            message_ar: str) -> pd.DataFrame:
    """One notice per pupil and school week whose unjustified absence hours reach `threshold`, with the dates
    (ISO, ';') and hours. `pupils`: massar_code, school_code, guardian_cin (empty when unknown); the messages are
    templates with {hours}, {dates}, {week_start}, {massar_code}."""
    unjustified = slots[~slots["justified"].astype(bool)]
    if unjustified.empty:
        return pd.DataFrame(columns=NOTICE_COLUMNS)
    dated = unjustified[["massar_code", "absent_on"]].assign(absent_on=pd.to_datetime(unjustified["absent_on"]))
    dated["week_start"] = week_start(dated["absent_on"])
    keys = ["massar_code", "week_start"]
    hours = dated.groupby(keys, observed=True)["absent_on"].transform("size")
    due_days = dated[(hours >= threshold).to_numpy()].assign(hours=hours[hours >= threshold].to_numpy())
    if due_days.empty:
        return pd.DataFrame(columns=NOTICE_COLUMNS)
    weekly = due_days.groupby(keys, sort=True, observed=True)["hours"].first().reset_index()
    due_days = due_days[[*keys, "absent_on"]].drop_duplicates().sort_values([*keys, "absent_on"])
    due_days["n"] = due_days.groupby(keys, observed=True).cumcount()
    due_days["day"] = due_days["absent_on"].dt.strftime("%Y-%m-%d")
    wide = due_days.pivot(index=keys, columns="n", values="day")
    dates = wide[0]
    for column in wide.columns[1:]:  # at most six school days a week: the dates joined column by column
        dates = dates + (";" + wide[column]).fillna("")
    due = weekly.merge(dates.rename("dates").reset_index(), on=keys)
    due = due.merge(pupils[["massar_code", "school_code", "guardian_cin"]], on="massar_code", how="left")
    due = due.assign(week_start=due["week_start"].dt.strftime("%Y-%m-%d"), guardian_cin=due["guardian_cin"].fillna(""),
                     hours=due["hours"].astype("int64"))
    due["message_ar"] = fill(message_ar, due)
    due["message_fr"] = fill(message_fr, due)
    return due.sort_values(["school_code", "massar_code", "week_start"]).reset_index(drop=True)[NOTICE_COLUMNS]


def marks_progress(marks: pd.DataFrame, pupils: pd.DataFrame, taught: pd.DataFrame, semester: int) -> pd.DataFrame:
    """How far each class's marks of a semester are entered, per subject: of its pupils × the four assessments
    (tests 1-3 and integrated activities), those with a mark or a justified absence. `pupils`: year, school_code,
    class_code, massar_code; `taught`: year, school_code, class_code, subject_code."""
    size = pupils.groupby(["year", "school_code", "class_code"], observed=True).size().rename("pupils")
    size = size.reset_index()
    frame = taught.drop_duplicates().merge(size, on=["year", "school_code", "class_code"])
    entered = marks[marks["semester"] == semester].merge(pupils, on=["year", "massar_code"])
    counted = entered.groupby(["year", "school_code", "class_code", "subject_code"], observed=True).size().rename(
        "entered")
    frame = frame.merge(counted.reset_index(), how="left").fillna({"entered": 0})
    frame = frame.assign(expected=frame["pupils"] * len(TESTS), entered=frame["entered"].astype("int64"))
    frame["entered_pct"] = percent(frame["entered"], frame["expected"])
    return frame.sort_values(["year", "school_code", "class_code", "subject_code"]).reset_index(drop=True)


def mean_marks(marks: pd.DataFrame, levels: pd.DataFrame, semester: int) -> pd.DataFrame:
    """Mean mark (one decimal) per level and subject of a semester; `levels`: year, massar_code, level_code."""
    given = marks[(marks["semester"] == semester) & marks["mark"].notna()].merge(levels, on=["year", "massar_code"])
    out = given.groupby(["level_code", "subject_code"], observed=True).agg(marks=("mark", "size"),
                                                                         mean=("mark", "mean"))
    return out.assign(mean=round_half_up(out["mean"], 1)).reset_index()


def round_half_up(values: pd.Series, decimals: int = 1) -> pd.Series:
    scale = 10 ** decimals
    return np.floor(values.astype(float) * scale + 0.5) / scale


def percent(part: pd.Series, whole: pd.Series) -> pd.Series:
    """part / whole in percent, one decimal; empty where whole is 0."""
    whole = whole.astype(float)
    return round_half_up(part.astype(float) * 100 / whole.where(whole > 0), 1)


def absence_rates(slots: pd.DataFrame, timetable: pd.DataFrame, enrolled: pd.DataFrame, days: pd.DatetimeIndex,
                  ) -> pd.DataFrame:
    """Absent hours and timetabled pupil-hours per class, subject, weekday and slot over the school days `days`:
    each timetable row counts its class's pupils once per such weekday; an absent slot counts where the pupil's class
    is timetabled on that weekday and slot (an absent slot outside the timetable counts under no subject).
    `enrolled`: year, school_code, class_code, level_code, massar_code."""
    weekdays = pd.Series(np.array(DAYS)[days.day_of_week]).value_counts()
    whole = timetable[timetable["group_code"].fillna(WHOLE_CLASS) == WHOLE_CLASS]
    size = enrolled.groupby(["year", "school_code", "class_code", "level_code"], observed=True).size().rename(
        "pupils").reset_index()
    planned = whole.merge(size, on=["year", "school_code", "class_code"])
    planned = planned.assign(pupil_hours=planned["pupils"] * planned["day"].map(weekdays).fillna(0).astype("int64"))
    key = ["year", "school_code", "class_code", "level_code", "subject_code", "day", "slot"]
    inside = slots[pd.to_datetime(slots["absent_on"]).isin(days)]
    absent = inside.merge(enrolled, on="massar_code").assign(
        day=lambda f: np.array(DAYS + ("sun",))[pd.to_datetime(f["absent_on"]).dt.day_of_week.to_numpy()])
    absent = absent.merge(whole[["year", "school_code", "class_code", "day", "slot", "subject_code"]], how="left",
                          on=["year", "school_code", "class_code", "day", "slot"]).fillna({"subject_code": ""})
    hours = absent.groupby(key, observed=True).size().rename("absent_hours")
    out = planned.groupby(key, observed=True)["pupil_hours"].sum().to_frame().join(hours, how="outer").fillna(0)
    return out.astype("int64").reset_index()


def rate_by(rates: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Absence rate (%) = absent hours / timetabled pupil-hours, summed over everything but `by`."""
    out = rates.groupby(by, sort=True, observed=True)[["absent_hours", "pupil_hours"]].sum().reset_index()
    out["rate_pct"] = percent(out["absent_hours"], out["pupil_hours"])
    return out


# --- the subject of a NotesCC file ----------------------------------------------------------------------------

TECHNICAL_CODE = re.compile(r"#?\s*([0-9A-Za-z]+)\s*#?")


def technical_code(cell: str | None) -> str | None:
    """The subject code Massar writes in the template's hidden cell K5 (`#0030#`), without its hashes."""
    found = TECHNICAL_CODE.fullmatch((cell or "").strip())
    return found.group(1) if found else None


def subject_of_title(title: str | None, subjects: pd.DataFrame) -> str | None:
    """The reference's code of a subject named `title` (cell O11) in Arabic or French, None when none is."""
    from workbench.imports.columns import header_key

    if not title:
        return None
    wanted = header_key(title)
    named = subjects[(subjects["name_ar"].map(lambda v: header_key(str(v))) == wanted)
                     | (subjects["name_fr"].map(lambda v: header_key(str(v))) == wanted)]
    return str(named["subject_code"].iloc[0]) if len(named) else None


def notes_subject_agrees(file_code: str | None, cell: str | None, title: str | None, subjects: pd.DataFrame) -> bool:
    """Whether a NotesCC file names one subject of the reference (`subjects`: subject_code, name_fr, name_ar) in
    its three places: the file name's code, the hidden cell K5 (`#0030#`) and the title O11 (the subject's name).
    K5 or O11 left empty does not disagree; the file name's code is required and must be in the reference."""
    if not file_code or file_code not in set(subjects["subject_code"]):
        return False
    if cell and technical_code(cell) != file_code:
        return False
    return not title or subject_of_title(title, subjects) == file_code
