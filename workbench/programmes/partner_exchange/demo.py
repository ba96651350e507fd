"""Synthetic request lists from both partners for the demo: about one pupil in eight asked about, mostly matching
(by code, by the guardian, by names in Latin or Arabic letters), with every status present: a few pupils who left
school in earlier years (not enrolled), namesakes among them (ambiguous), spelling variants and birth dates a day
off (not found, for the review desk) and children unknown to Massar."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from workbench.bulk import insert_frame
from workbench.codes import year_bounds
from workbench.demo.generate import DemoData
from workbench.models import Pupil
from workbench.programmes.partner_exchange.models import PartnerRequest

SHARE = 0.125  # pupils asked about: 1,000,000 requests for the national demo's 8 million pupils
FORMER_SHARE = 0.002  # pupils of earlier years, out of school now (each asked about)
# How a request names its child: (kind, share)
KINDS = {"code": 0.55, "guardian": 0.24, "names_fr": 0.08, "names_ar": 0.06, "variant": 0.03, "day_off": 0.02,
         "unknown": 0.02}


def former_pupils(data: DemoData, rng: np.random.Generator) -> pd.DataFrame:
    """Pupils who left school before this year (no enrolment now); a third of them share the names and birth date
    of a pupil enrolled now (namesakes)."""
    pupils = data.frames.pupils
    count = max(6, int(len(pupils) * FORMER_SHARE))
    source = pupils.iloc[rng.choice(len(pupils), count, replace=False)].reset_index(drop=True)
    namesake = np.arange(count) % 3 == 0
    other = pupils.iloc[rng.choice(len(pupils), count)].reset_index(drop=True)
    former = source.copy()
    for column in ("first_name_ar", "first_name_fr"):  # not namesakes: another first name, born years earlier
        former[column] = np.where(namesake, source[column], other[column])
    earlier = pd.to_timedelta(rng.integers(3 * 365, 6 * 365, count), unit="D")
    former["birth_date"] = pd.to_datetime(source["birth_date"]).where(namesake, pd.to_datetime(source["birth_date"])
                                                                      - earlier)
    # The demo's first region's letter and digits below the enrolled pupils' (which start at 100000001).
    letter = chr(ord("A") + int(data.spec.region_codes[0]) - 1)
    former["massar_code"] = np.char.add(letter, np.char.zfill(rng.permutation(count).astype("U9"), 9))
    former.attrs["namesake"] = namesake
    return former


def _variant(names: pd.Series) -> pd.Series:
    """A spelling variant: the third letter doubled (Mohamed -> Mohhamed), as a partner's clerk might type it."""
    return names.str[:3] + names.str[2] + names.str[3:]


def requests(data: DemoData, former: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    frames = data.frames
    pupils = frames.pupils.merge(frames.pupil_guardians[["massar_code", "guardian_cin"]], on="massar_code")
    asked = pupils[rng.random(len(pupils)) < SHARE].reset_index(drop=True)
    n = len(asked)
    kind = rng.choice(list(KINDS), n, p=list(KINDS.values()))
    last = np.where(kind == "names_ar", asked["last_name_ar"], asked["last_name_fr"])
    first = np.where(kind == "names_ar", asked["first_name_ar"], asked["first_name_fr"])
    last = np.where(kind == "names_fr", pd.Series(last).str.upper().str.replace(" ", "-"), last)
    first = np.where(kind == "variant", _variant(pd.Series(first)), first)
    born = pd.to_datetime(asked["birth_date"]) + pd.to_timedelta(np.where(kind == "day_off", 1, 0), unit="D")
    unknown = kind == "unknown"
    frame = pd.DataFrame({
        "massar_code": np.where(kind == "code", asked["massar_code"], None),
        "child_last_name": np.where(unknown, "Inconnu", last), "child_first_name": first, "birth_date": born,
        "guardian_cin": np.where(np.isin(kind, ["code", "guardian"]), asked["guardian_cin"], None)})
    namesake = former.attrs["namesake"]
    frame = pd.concat([frame, pd.DataFrame({  # former pupils: namesakes by names only, the others by their code
        "massar_code": np.where(namesake, None, former["massar_code"]),
        "child_last_name": former["last_name_fr"], "child_first_name": former["first_name_fr"],
        "birth_date": pd.to_datetime(former["birth_date"]), "guardian_cin": None})], ignore_index=True)
    frame["partner"] = rng.choice(["CNSS", "CMR"], len(frame), p=[0.75, 0.25])
    frame["request_id"] = frame["partner"] + "-" + data.year[:4] + "-" + frame.groupby("partner").cumcount().add(
        1).astype(str).str.zfill(7)
    starts_on = pd.Timestamp(year_bounds(data.year)[0])
    frame["received_on"] = starts_on + pd.to_timedelta(30 + rng.integers(0, 30, len(frame)), unit="D")
    frame["year"] = data.year
    # Half of CMR's requests ask about a day (as_of, 15 March): a pupil who left after it was enrolled on that day.
    asked_on = (frame["partner"] == "CMR") & (frame.groupby("partner").cumcount() % 2 == 0)
    frame["as_of"] = pd.Series(pd.Timestamp(starts_on.year + 1, 3, 15), index=frame.index).where(asked_on)
    # The academy of the child's region received the request; the former pupils' went to the demo's first region.
    schools = frames.schools.rename(columns={"code": "school_code"})[["school_code", "commune_code"]].merge(
        frames.communes.rename(columns={"code": "commune_code"})[["commune_code", "province_code"]])
    region = frames.enrolments[["massar_code", "school_code"]].merge(schools).set_index("massar_code")["province_code"]
    frame["region_code"] = pd.Series(asked["massar_code"]).map(region).str[:2].reindex(frame.index).fillna(
        data.spec.region_codes[0]).to_numpy()
    return frame[["year", "partner", "request_id", "massar_code", "child_last_name", "child_first_name", "birth_date",
                  "guardian_cin", "as_of", "region_code", "received_on"]]


def build(connection: Connection, data: DemoData) -> dict[str, int]:
    """The demo's former pupils and both partners' request lists."""
    rng = np.random.default_rng([data.seed, 13])
    former = former_pupils(data, rng)
    asked = requests(data, former, rng)
    return {"former_pupils": insert_frame(connection, Pupil.__table__, former),
            "partner_requests": insert_frame(connection, PartnerRequest.__table__, asked)}
