"""The rules of report cards (rules.md, "Report cards: averages and ranks"), on frames, with no database.

Exact arithmetic, in integers: a mark is read in thousandths of a point (Massar's marks have two decimals at most), a
coefficient in thousandths too. A subject average over n marks (n = 1..4) is kept as a whole number of 1/12,000ths of
a point (12 is a multiple of every n), so that the semester average, their weighted mean, is an exact fraction of
two integers; both are rounded to two decimals half away from zero from those integers (12.345 -> 12.35, never
12.34 as a binary float may give), and ranks compare the rounded values."""

from __future__ import annotations

import numpy as np
import pandas as pd

TESTS = ("1", "2", "3", "activities")  # the continuous assessment's four marks, weight 1 each
UNIT = 1000  # a mark and a coefficient in thousandths
SPLIT = 12  # a subject average is kept in 1/(UNIT * SPLIT) of a point: n marks divide SPLIT for n = 1..4
BANDS = ("b00_05", "b05_10", "b10_12", "b12_14", "b14_16", "b16_20")  # semester average bands, from <5 to >=16
KEY = ["year", "semester", "school_code", "class_code", "massar_code"]
COLUMNS = ["year", "semester", "school_code", "class_code", "massar_code", "subject_code", "average", "coefficient",
           "semester_average", "rank"]


def _thousandths(values: pd.Series) -> pd.Series:
    return np.rint(values.astype(float) * UNIT).astype("int64")


def _hundredths(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """round(numerator / denominator, 2) half away from zero, in hundredths, for non-negative integers."""
    numerator, denominator = numerator.astype("int64"), denominator.astype("int64")
    return (2 * numerator * 100 + denominator) // (2 * denominator)


def shown(hundredths: pd.Series) -> pd.Series:
    """Hundredths as text with two decimals ('1235' -> '12.35'); empty for none."""
    present = hundredths.notna()
    out = pd.Series("", index=hundredths.index, dtype=object)
    whole = hundredths[present].astype("int64")
    out[present] = (whole // 100).astype(str) + "." + (whole % 100).astype(str).str.zfill(2)
    return out


def subject_averages(marks: pd.DataFrame) -> pd.DataFrame:
    """Per pupil, semester and subject with a mark present: the mean of its marks of tests 1-3 and `activities`
    (a justified absence, or no mark, leaves a test out; a subject with no mark present has no row).

    `marks`: year, massar_code, semester, subject_code, test, mark (NaN when none), absent_justified. Returns year,
    massar_code, semester, subject_code, marks (how many), exact (the sum in 1/(UNIT*SPLIT) of a point, i.e. the
    average times UNIT*SPLIT), average (hundredths, rounded half away from zero)."""
    present = marks[marks["test"].astype(str).isin(TESTS) & marks["mark"].notna()
                    & ~marks["absent_justified"].fillna(False).astype(bool)]
    present = present.assign(points=_thousandths(present["mark"]))
    by = ["year", "massar_code", "semester", "subject_code"]
    out = present.groupby(by, as_index=False, sort=False).agg(total=("points", "sum"), marks=("points", "size"))
    out["exact"] = out["total"].astype("int64") * (SPLIT // out["marks"].astype("int64"))
    out["average"] = _hundredths(out["exact"], pd.Series(UNIT * SPLIT, index=out.index))
    return out.drop(columns="total")


def semester_averages(subjects: pd.DataFrame, coefficients: pd.DataFrame) -> pd.DataFrame:
    """Per pupil and semester: the subject averages weighted by the coefficients of the pupil's level (a subject
    missing from `coefficients` weighs 1), over the subjects with an average.

    `subjects`: subject_averages' rows plus level_code; `coefficients`: level_code, subject_code, coefficient.
    Returns the subjects' rows with `coefficient` (the weight applied), `weight` (in thousandths) and the pupil's
    `semester_average` (hundredths, rounded half away from zero)."""
    weights = coefficients[["level_code", "subject_code", "coefficient"]].drop_duplicates(
        ["level_code", "subject_code"])
    out = subjects.merge(weights, on=["level_code", "subject_code"], how="left")
    out["coefficient"] = out["coefficient"].astype(float).fillna(1.0)
    out["weight"] = _thousandths(out["coefficient"])
    out["weighted"] = out["weight"] * out["exact"]
    per_pupil = ["year", "massar_code", "semester"]
    sums = out.groupby(per_pupil, sort=False)[["weighted", "weight"]].transform("sum")
    # average = weighted / (weight * UNIT * SPLIT): in hundredths, weighted * 100 / (weight * UNIT * SPLIT)
    out["semester_average"] = _hundredths(sums["weighted"], sums["weight"] * UNIT * SPLIT)
    return out.drop(columns=["weighted"])


def ranks(pupils: pd.DataFrame) -> pd.Series:
    """Rank in class of each pupil row (one per pupil: year, semester, school_code, class_code, semester_average in
    hundredths): highest first, equal rounded averages share a rank and the next skips (1, 2, 2, 4); a pupil without
    an average has none."""
    return (pupils.groupby(["year", "semester", "school_code", "class_code"], sort=False)["semester_average"]
            .rank(method="min", ascending=False).astype("Int64"))


def report_cards(marks: pd.DataFrame, pupils: pd.DataFrame, coefficients: pd.DataFrame,
                 semester: int) -> pd.DataFrame:
    """`report_cards.csv`'s rows (rules.md): one per pupil and subject with an average, sorted by school_code,
    class_code, massar_code, subject_code, with the pupil's semester average and rank on each.

    `marks`: the continuous-assessment marks; `pupils`: year, massar_code, school_code, class_code, level_code (the
    pupil's class and level that year; a pupil's marks outside it are not theirs to report); `coefficients`:
    level_code, subject_code, coefficient. Averages are in hundredths (integers): `COLUMNS` as text by `as_csv`."""
    of_semester = marks[marks["semester"].astype(int) == int(semester)]
    subjects = subject_averages(of_semester).merge(
        pupils[["year", "massar_code", "school_code", "class_code", "level_code"]], on=["year", "massar_code"])
    if subjects.empty:
        return pd.DataFrame({name: pd.Series(dtype="Int64" if name in ("average", "semester_average", "rank")
                                             else object) for name in [*COLUMNS, "marks", "level_code"]})
    rows = semester_averages(subjects, coefficients)
    per_pupil = rows.drop_duplicates(KEY)[KEY + ["semester_average"]]
    per_pupil = per_pupil.assign(rank=ranks(per_pupil))
    rows = rows.merge(per_pupil[KEY + ["rank"]], on=KEY)
    rows["semester"] = rows["semester"].astype("int64")
    return (rows[[*COLUMNS, "marks", "level_code"]].sort_values(["school_code", "class_code", "massar_code",
                                                               "subject_code"], ignore_index=True))


def coefficient_shown(values: pd.Series) -> pd.Series:
    """A coefficient as written: 2 -> '2', 1.5 -> '1.5'."""
    return values.astype(float).map(lambda v: f"{v:g}")


def as_csv(rows: pd.DataFrame) -> pd.DataFrame:
    """The file's columns, averages with two decimals."""
    return rows.assign(average=shown(rows["average"]), semester_average=shown(rows["semester_average"]),
                       coefficient=coefficient_shown(rows["coefficient"]))[COLUMNS]


def pupils_of(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per pupil of the report cards: KEY, level_code, semester_average, rank, subjects (how many)."""
    return (rows.groupby(KEY, as_index=False, sort=True)
            .agg(level_code=("level_code", "first"), semester_average=("semester_average", "first"),
                 rank=("rank", "first"), subjects=("subject_code", "size")))


def class_sizes(rows: pd.DataFrame) -> pd.DataFrame:
    """Pupils ranked per class (school_code, class_code, ranked)."""
    return pupils_of(rows).groupby(["school_code", "class_code"], as_index=False).size().rename(
        columns={"size": "ranked"})


def distribution(rows: pd.DataFrame, by: str = "level_code") -> pd.DataFrame:
    """Counts only (a manager's report): per `by`, pupils by band of semester average (<5, 5-10, 10-12, 12-14,
    14-16, >=16, on the rounded value) and their mean."""
    pupils = pupils_of(rows)
    bands = [0, 500, 1000, 1200, 1400, 1600, 2001]
    labels = list(BANDS)
    pupils["band"] = pd.cut(pupils["semester_average"].astype(float), bands, right=False, labels=labels)
    table = pupils.pivot_table(index=by, columns="band", values="massar_code", aggfunc="count", observed=False,
                               fill_value=0)
    table["pupils"] = table.sum(axis=1)
    table["mean"] = (pupils.groupby(by)["semester_average"].mean() / 100).round(2)
    table["passing"] = pupils.assign(ok=pupils["semester_average"] >= 1000).groupby(by)["ok"].sum()
    return table.reset_index()


def exam_marks_shown(exams: pd.DataFrame) -> pd.DataFrame:
    """Exam marks with the mark as text (two decimals, rounded half away from zero) or the justified absence."""
    points = _thousandths(exams["mark"].fillna(0))
    hundredths = _hundredths(points, pd.Series(UNIT, index=exams.index))
    text = shown(hundredths.where(exams["mark"].notna()))
    return exams.assign(shown=text)
