"""The recruitment rules on frames (docs/programmes/e2c_recruitment.md): which pupils dropped out, aged 12-18, and
the centres of their province with places left.

Frames:
- enrolments: massar_code, year, school_code, level_code, left_on; every enrolment of the pupils concerned from
  the year before the run's year on (any school of the country).
- pupils: massar_code, birth_date and whatever identity columns the list carries.
- learners: massar_code of the second-chance learners of the two years (youths already in a centre).
- centres: centre_code, province_code, name_ar, name_fr, capacity, opened_on; enrolled: centre_code -> learners
  enrolled the run's year and not left.
"""

from __future__ import annotations

import pandas as pd

from workbench.catalogue import joined as joined_in
from workbench.programmes.second_chance.logic import age_on_first_september

YOUNGEST, OLDEST = 12, 18  # on 1 September of the year, inclusive
NEAREST = 3  # centres suggested per pupil


def previous_year(year: str) -> str:
    first = int(year[:4])
    return f"{first - 1}-{first}"


def dropouts(enrolments: pd.DataFrame, pupils: pd.DataFrame, learners: pd.Series, year: str) -> pd.DataFrame:
    """The pupils whose last enrolment (the latest year they are enrolled anywhere) is of the year or the one
    before and has a date of leaving: a transfer, or any enrolment after it, is a later enrolment, so they are not
    listed; nor the youths already in a second-chance centre (their Massar code among `learners`). Aged YOUNGEST to
    OLDEST in whole years on 1 September of the year. Columns: the last enrolment's (school_code, level_code,
    left_year = its year, left_on), the pupil's, and age."""
    columns = ["massar_code", "year", "school_code", "level_code", "left_on"]
    last = (enrolments[columns].sort_values(["massar_code", "year"]).drop_duplicates("massar_code", keep="last"))
    left = last[last["year"].isin([previous_year(year), year]) & last["left_on"].notna()]
    left = left[~left["massar_code"].isin(set(learners.dropna()))]
    frame = left.rename(columns={"year": "left_year"}).merge(pupils, on="massar_code")
    frame["age"] = age_on_first_september(frame["birth_date"], year)
    frame = frame[frame["age"].between(YOUNGEST, OLDEST).fillna(False).astype(bool)]
    return frame.sort_values(["school_code", "massar_code"]).reset_index(drop=True)


def places_left(centres: pd.DataFrame, enrolled: pd.Series) -> pd.DataFrame:
    """The open centres (opened_on set) whose capacity is known, with enrolled (learners of the year not left) and
    places_left = capacity - enrolled; only those with a place left, the most places first (then by code)."""
    frame = centres[centres["opened_on"].notna() & centres["capacity"].notna()].copy()
    frame["enrolled"] = frame["centre_code"].map(enrolled).fillna(0).astype("int64")
    frame["places_left"] = frame["capacity"].astype("int64") - frame["enrolled"]
    frame = frame[frame["places_left"] > 0]
    return frame.sort_values(["province_code", "places_left", "centre_code"],
                             ascending=[True, False, True]).reset_index(drop=True)


def suggested(dropped: pd.DataFrame, centres: pd.DataFrame, nearest: int = NEAREST) -> pd.DataFrame:
    """Each pupil with the centres suggested: the first `nearest` centres with places left of their last school's
    province (`province_code` on both frames), as codes and names listed in each language's punctuation
    (centres_codes, centres_ar, centres_fr); empty when the province has none."""
    first = centres.groupby("province_code").head(nearest)
    first = first.assign(name_ar=first["name_ar"].fillna(first["name_fr"]),
                         name_fr=first["name_fr"].fillna(first["name_ar"]))
    joined = first.groupby("province_code").agg(
        centres_codes=("centre_code", lambda codes: joined_in(codes, "fr")),
        centres_ar=("name_ar", lambda names: joined_in(names, "ar")),
        centres_fr=("name_fr", lambda names: joined_in(names, "fr")))
    out = dropped.merge(joined, left_on="province_code", right_index=True, how="left")
    return out.fillna({"centres_codes": "", "centres_ar": "", "centres_fr": ""})
