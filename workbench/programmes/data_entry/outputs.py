"""The files of the data-entry campaign (formats.md: entry_completion.csv and entry_reminders.csv, exactly their
columns) and the words of its rows: datasets, periods and statuses in words, and the reminders' messages in Arabic
and French, their numbers and dates kept left to right inside Arabic (Unicode isolates)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.catalogue import Label, headers, text
from workbench.exports import write_csv
from workbench.programmes.data_entry import logic

NS = "data_entry"
COMPLETION_CSV = "entry_completion.csv"
REMINDERS_CSV = "entry_reminders.csv"
LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate and its end: '2025-10-05' stays whole inside Arabic
THIN = "\u202f"  # the narrow no-break space of workbench.report.number: '87.5 %' never breaks

CODES = {"dataset": f"{NS}.dataset", "status": f"{NS}.status"}
COMPLETION_HEADERS = headers(NS, "school_code", "name_fr", "name_ar", "dataset", "period_fr", "period_ar",
                             "expected", "entered", "completion_pct", "due_on", "status")
PROVINCE_HEADERS = headers(NS, "province_fr", "province_ar", "dataset", "expected", "entered", "completion_pct")
DATASET_HEADERS = headers(NS, "dataset", "expected", "entered", "completion_pct")
BEHIND_HEADERS = headers(NS, "school_code", "name_fr", "name_ar", "province_fr", "province_ar", "late", "not_started",
                         ("expected", f"{NS}.sheets_expected"), ("entered", f"{NS}.sheets_entered"),
                         ("completion_pct", f"{NS}.sheets_pct"))
KEY_FIGURES = {name: text(f"{NS}.key.{name}") for name in ("schools", "completion_pct", "late", "reminders")}
TREND_HEADERS = {"period_fr": text(f"{NS}.report.month"), "period_ar": text(f"{NS}.report.month"),
                 **headers(NS, "expected", "entered", "completion_pct")}


def label(key: str, **values: object) -> Label:
    return text(f"{NS}.{key}", **values)


def isolated(values: pd.Series) -> pd.Series:
    return LRI + values.astype(str) + PDI


def period_words(periods: pd.Series) -> pd.DataFrame:
    """Each period in words, French and Arabic (columns period_fr, period_ar): the school year, a month
    ('octobre 2025', 'أكتوبر 2025'), a semester's test ('semestre 1, contrôle 2'); the figures of the Arabic
    isolated. Worded once per distinct period."""
    distinct = pd.Series(periods.unique(), dtype=object)
    words: dict[str, Label] = {}
    for period in distinct:
        if period.startswith("S"):
            semester, test = period[1:].split("-T")
            found = label("period.marks", semester=f"{LRI}{semester}{PDI}", test=f"{LRI}{test}{PDI}")
            words[period] = Label(label("period.marks", semester=semester, test=test).fr, found.ar)
        elif len(period) == 7:  # YYYY-MM
            month = text(f"month.{int(period[5:])}")
            words[period] = Label(label("period.month", month=month.fr.lower(), year=period[:4]).fr,
                                  label("period.month", month=month.ar, year=f"{LRI}{period[:4]}{PDI}").ar)
        else:
            words[period] = Label(label("period.year", year=period).fr,
                                  label("period.year", year=f"{LRI}{period}{PDI}").ar)
    return pd.DataFrame({"period_fr": periods.map({p: w.fr for p, w in words.items()}),
                         "period_ar": periods.map({p: w.ar for p, w in words.items()})}, index=periods.index)


def dataset_words(language: str) -> dict[str, str]:
    return {dataset: label(f"dataset.{dataset}").of(language) for dataset in logic.DATASETS}


def pct_text(values: pd.Series) -> pd.Series:
    """One decimal, as the files write it ('87.5', '100.0')."""
    return values.map(lambda v: f"{v:.1f}")


def reminders(late: pd.DataFrame, schools: pd.DataFrame, directors: pd.Series) -> pd.DataFrame:
    """entry_reminders.csv's rows (logic.REMINDER_COLUMNS) for the late rows of the completion: the school's
    director (empty when none) and the message in each language naming the school, the dataset and the period in
    words, the completion and the due date. `schools`: school_code, name_fr, name_ar."""
    if late.empty:
        return pd.DataFrame(columns=logic.REMINDER_COLUMNS)
    names = schools.set_index("school_code")
    frame = late.reset_index(drop=True)
    words = period_words(frame["period"])
    pct = pct_text(frame["completion_pct"])
    code = frame["school_code"]
    values = pd.DataFrame({
        "school_fr": code.map(names["name_fr"]).fillna(code) + " (" + code + ")",
        "school_ar": code.map(names["name_ar"]).fillna(code) + " (" + isolated(code) + ")",
        "dataset_fr": frame["dataset"].map(dataset_words("fr")),
        "dataset_ar": frame["dataset"].map(dataset_words("ar")),
        "period_fr": words["period_fr"], "period_ar": words["period_ar"],
        "completion_fr": pct + THIN + "%", "completion_ar": isolated(pct + THIN + "%"),
        "due_fr": frame["due_on"], "due_ar": isolated(frame["due_on"])})
    message = label("reminder.message")
    out = frame.assign(director=code.map(directors).fillna(""), completion_pct=pct)
    for lang in ("fr", "ar"):
        given = pd.DataFrame({name: values[f"{name}_{lang}"] for name in ("school", "dataset", "period", "completion")})
        out[f"message_{lang}"] = logic.fill(message.of(lang), given.assign(due_on=values[f"due_{lang}"]))
    return out[logic.REMINDER_COLUMNS]


def subjects(rows: pd.DataFrame, language: str) -> pd.Series:
    """The subject line of a reminder e-mail, in one language."""
    words = period_words(rows["period"])[f"period_{language}"]
    dataset = rows["dataset"].map(dataset_words(language))
    return logic.fill(label("reminder.subject").of(language),
                      pd.DataFrame({"dataset": dataset, "period": words}, index=rows.index))


def completion_file(rows: pd.DataFrame) -> pd.DataFrame:
    """entry_completion.csv as written: completion_pct with one decimal."""
    return rows[logic.COLUMNS].assign(completion_pct=pct_text(rows["completion_pct"]))


def write_outputs(rows: pd.DataFrame, reminder_rows: pd.DataFrame, out_dir: Path) -> list[Path]:
    return [write_csv(completion_file(rows), out_dir / COMPLETION_CSV),
            write_csv(reminder_rows[logic.REMINDER_COLUMNS], out_dir / REMINDERS_CSV)]


def with_names(frame: pd.DataFrame, schools: pd.DataFrame) -> pd.DataFrame:
    """A frame of schools with their names and province's names (`schools`: queries.schools)."""
    return frame.merge(schools[["school_code", "name_fr", "name_ar", "province_fr", "province_ar"]],
                       on="school_code", how="left")
