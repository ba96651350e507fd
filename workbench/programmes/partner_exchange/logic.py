"""The partner-exchange rules (shared/domain/rules.md, "Partner exchange") as pure functions over frames: which
pupil a request is (by Massar code, else by identity), and the answer's status for the request's year.

Frames:
- requests: partner, request_id, year, massar_code (as given, may be empty or unknown), child_last_name,
  child_first_name, birth_date, guardian_cin (may be empty), as_of (optional: the day asked about); other columns
  are carried along.
- pupils: massar_code, birth_date, last_name_fr, first_name_fr, last_name_ar, first_name_ar.
- links: massar_code, guardian_cin (a pupil's guardian).
- enrolments (of the year): massar_code, school_code, level_code, left_on, and any columns to carry (province...).
- decisions: partner, year, request_id, decision ('pupil' | 'not_found'), massar_code (the pupil decided on).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from workbench.programmes.partner_exchange.names import name_ids

STATUSES = ("enrolled", "left", "not_enrolled", "not_found", "ambiguous")
METHODS = ("massar_code", "identity")
DATE_COLUMNS = ["left_on", "as_of"]  # the answer's last two columns (a request's `as_of` echoed)
ANSWER_COLUMNS = ["partner", "request_id", "status", "massar_code", "school_code", "level_code", "year", "matched_on",
                  *DATE_COLUMNS]
KEY = ["partner", "year", "request_id"]
# Why a request is answered as it is: a pupil found (by code, the guardian's child, names, an operator), or why not.
REASONS = ("by_code", "guardian_child", "twin_first_name", "same_names", "decided",  # a pupil
           "twins", "namesakes",  # ambiguous
           "unknown_code", "no_match", "confirmed_not_found")  # not found
PUPIL_COLUMNS = ["massar_code", "birth_date", "last_name_fr", "first_name_fr", "last_name_ar", "first_name_ar"]


def _set(target: pd.DataFrame, found: pd.DataFrame, outcome: str, reason: str, method: str | None) -> None:
    """Record, for the request positions `found.i`, the outcome and, when found, the pupil `found.massar_code`."""
    rows = found["i"].to_numpy()
    target.loc[rows, "outcome"] = outcome
    target.loc[rows, "reason"] = reason
    if method is not None:
        target.loc[rows, "matched_code"] = found["massar_code"].to_numpy()
        target.loc[rows, "matched_on"] = method


def _one_or_several(candidates: pd.DataFrame) -> tuple[pd.DataFrame, pd.Index]:
    """The requests with exactly one candidate (i, massar_code), and those with several."""
    size = candidates.groupby("i")["massar_code"].transform("size")
    return candidates[size == 1], pd.Index(candidates.loc[size > 1, "i"].unique())


def _days(dates: pd.Series) -> np.ndarray:
    """Dates as whole days (integers); every missing date is the same integer, as a merge matches NaT with NaT."""
    return pd.to_datetime(dates).to_numpy().astype("datetime64[D]").astype(np.int64)


def _same_names(wanted: pd.DataFrame, pupils: pd.DataFrame) -> pd.DataFrame:
    """(i, massar_code): the pupils born on the request's day whose normalised last and first names both equal the
    request's, in Latin letters against the French names or in Arabic letters against the Arabic names.

    Names become shared integers (names.name_ids) and (day, last, first) one integer key, so the whole country's
    pupils are compared with the requests as integers, and only the few pupils whose key a request holds are
    joined."""
    last, first, *scripts = name_ids(wanted["child_last_name"], wanted["child_first_name"],
                                     *(pupils[f"{part}_name_{script}"] for script in ("fr", "ar")
                                       for part in ("last", "first")))
    day, born = _days(wanted["birth_date"]), _days(pupils["birth_date"])
    asked = pd.notna(wanted["birth_date"]).to_numpy() & (last >= 0) & (first >= 0)
    if not asked.any() or len(pupils) == 0:
        return pd.DataFrame({"i": pd.Series(dtype="int64"), "massar_code": pd.Series(dtype="string")})
    known = pd.notna(pupils["birth_date"]).to_numpy()
    lowest = min(day[asked].min(), born[known].min() if known.any() else day[asked].min())
    names = max(int(ids.max()) for ids in (last, first, *scripts)) + 1
    span = max(int(day[asked].max()), int(born[known].max()) if known.any() else 0) - int(lowest) + 1
    if float(span) * names * names >= 2.0**62:  # too many names for one integer key: join on the three integers
        keys = lambda d, s, g: pd.MultiIndex.from_arrays([d, s, g])  # noqa: E731
    else:
        keys = lambda d, s, g: ((d - lowest) * names + s) * names + g  # noqa: E731
    wanted_keys = pd.Index(keys(day[asked], last[asked], first[asked]))
    found = []
    for surname, given in (scripts[0:2], scripts[2:4]):
        usable = known & (surname >= 0) & (given >= 0)
        pupil_keys = pd.Index(keys(born, surname, given))
        hit = np.flatnonzero(usable & pupil_keys.isin(wanted_keys))
        found.append(pd.DataFrame({"i": wanted["i"].to_numpy()[asked], "key": wanted_keys}).merge(
            pd.DataFrame({"massar_code": pupils["massar_code"].take(hit).astype("string").to_numpy(),
                          "key": pupil_keys[hit]}),
            on="key")[["i", "massar_code"]])
    return pd.concat(found, ignore_index=True).drop_duplicates(["i", "massar_code"])


def _positions(values: pd.Series, codes: pa.Array) -> np.ndarray:
    """Each value's position among the (unique) codes; -1 when it is not one of them or missing."""
    found = pc.index_in(pa.array(values.astype(object), type=pa.string()), value_set=codes, skip_nulls=True)
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def match(requests: pd.DataFrame, pupils: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """For each request (same index order): outcome, matched_code, matched_on and reason (see `match_candidates`)."""
    return match_candidates(requests, pupils, links)[0]


def match_candidates(requests: pd.DataFrame, pupils: pd.DataFrame,
                     links: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`match`'s frame, and the candidates of the requests it leaves ambiguous: (i, massar_code), i the request's
    position, each pupil among whom the rules could not choose (the twins, the namesakes born that day).

    For each request (same index order): outcome (matched | ambiguous | not_found), matched_code, matched_on
    (massar_code | identity | empty) and reason (one of REASONS).

    1. A Massar code that exists is the match (names and birth date are not looked at).
    2. Else, with a guardian CIN: the guardian's children born that day; one is the match; several (twins) are
       narrowed to those whose normalised first name equals the request's: exactly one left is the match, none or
       several is ambiguous.
    3. Else (no CIN, or no child of that guardian born that day): the pupils born that day whose normalised last
       and first names both equal the request's, in Latin letters against the French names or in Arabic letters
       against the Arabic names: one is the match, several are ambiguous, none is not found.
    """
    asked = requests.reset_index(drop=True)
    out = pd.DataFrame({"outcome": "not_found", "matched_code": pd.Series(pd.NA, index=asked.index, dtype="string"),
                        "matched_on": pd.Series(pd.NA, index=asked.index, dtype="string"), "reason": "no_match"})
    given = asked["massar_code"].astype("string")
    codes = pa.array(pupils["massar_code"], type=pa.string())
    # Every code unique (as in the store): look-ups by code hash Arrow's strings, not millions of Python objects.
    unique = pc.count_distinct(codes, mode="all").as_py() == len(codes)
    known = pd.Series(_positions(given, codes) >= 0, index=asked.index) if unique else \
        given.isin(pupils["massar_code"]).fillna(False).astype(bool)
    known &= given.notna()
    _set(out, pd.DataFrame({"i": asked.index[known], "massar_code": given[known]}), "matched", "by_code", "massar_code")
    out.loc[given.notna() & ~known, "reason"] = "unknown_code"

    rest = asked[~known]
    wanted = pd.DataFrame({"i": rest.index, "birth_date": rest["birth_date"], "guardian_cin": rest["guardian_cin"],
                           "child_last_name": rest["child_last_name"], "child_first_name": rest["child_first_name"]})

    # 2. The guardian's children born that day (the guardian's children first: a few per request, then their birth
    # date, looked up by code among the pupils).
    children = (wanted.dropna(subset=["guardian_cin"])[["i", "guardian_cin", "birth_date", "child_first_name"]]
                .merge(links[["massar_code", "guardian_cin"]], on="guardian_cin"))
    born = pupils[["massar_code", "birth_date", "first_name_fr", "first_name_ar"]]
    if unique:
        at = _positions(children["massar_code"], codes)
        children = children[at >= 0]
        at = at[at >= 0]
        same_day = _days(children["birth_date"]) == _days(born["birth_date"].iloc[at])
        children = pd.concat([children[same_day].reset_index(drop=True),
                              born[["first_name_fr", "first_name_ar"]].iloc[at[same_day]].reset_index(drop=True)],
                             axis=1)
    else:
        children = children.merge(born, on=["massar_code", "birth_date"])
    children = children.drop_duplicates(["i", "massar_code"])
    only, twins = _one_or_several(children)
    _set(out, only, "matched", "guardian_child", "identity")
    among = children[children["i"].isin(twins)]
    first, first_fr, first_ar = name_ids(among["child_first_name"], among["first_name_fr"], among["first_name_ar"])
    same_first = (first >= 0) & ((first == first_fr) | (first == first_ar))
    told, _ = _one_or_several(among[same_first])
    _set(out, pd.DataFrame({"i": twins}), "ambiguous", "twins", None)
    _set(out, told, "matched", "twin_first_name", "identity")

    # 3. Namesakes born that day, for the requests no child of a guardian answered.
    same = _same_names(wanted[~wanted["i"].isin(children["i"])], pupils)
    single, several = _one_or_several(same)
    _set(out, single, "matched", "same_names", "identity")
    _set(out, pd.DataFrame({"i": several}), "ambiguous", "namesakes", None)
    out.index = requests.index
    tied = pd.concat([among[among["i"].isin(twins) & ~among["i"].isin(told["i"])][["i", "massar_code"]],
                      same[same["i"].isin(several)][["i", "massar_code"]]], ignore_index=True)
    return out, tied.drop_duplicates().reset_index(drop=True)


def answer(requests: pd.DataFrame, pupils: pd.DataFrame, links: pd.DataFrame, enrolments: pd.DataFrame,
           decisions: pd.DataFrame | None = None, matched: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each request with its answer: the rules' match, then the operators' decisions for the requests the rules left
    ambiguous or not found, then the status for the year (enrolled, left, not_enrolled; not_found, ambiguous).

    Columns: the requests' own, renamed `given_code` for the code the partner gave; then status, massar_code,
    school_code, level_code, matched_on (the answer's), reason, decided, and the enrolment's other columns.
    `matched`: `match(requests, pupils, links)` when the caller already has it."""
    frame = requests.rename(columns={"massar_code": "given_code"}).reset_index(drop=True)
    found = (match(requests, pupils, links) if matched is None else matched).reset_index(drop=True)
    frame = pd.concat([frame, found], axis=1)
    frame["decided"] = False
    if decisions is not None and not decisions.empty:
        chosen = frame[KEY].merge(decisions[[*KEY, "decision", "massar_code"]].rename(
            columns={"massar_code": "decided_code"}), on=KEY, how="left")
        open_ = frame["outcome"].isin(["ambiguous", "not_found"]).to_numpy() & chosen["decision"].notna().to_numpy()
        pupil = open_ & (chosen["decision"] == "pupil").to_numpy()
        frame.loc[pupil, ["outcome", "reason", "matched_on"]] = ["matched", "decided", "identity"]
        frame.loc[pupil, "matched_code"] = chosen.loc[pupil, "decided_code"].to_numpy()
        gone = open_ & (chosen["decision"] == "not_found").to_numpy()
        frame.loc[gone, ["outcome", "reason"]] = ["not_found", "confirmed_not_found"]
        frame["decided"] = pupil | gone
    carried = [c for c in enrolments.columns if c != "massar_code"]
    frame = frame.drop(columns=[c for c in carried if c in frame]).merge(
        enrolments.rename(columns={"massar_code": "matched_code"}), on="matched_code", how="left")
    matched = (frame["outcome"] == "matched").to_numpy()
    enrolled = frame["school_code"].notna().to_numpy()
    if "as_of" not in frame:
        frame["as_of"] = pd.NaT
    frame["as_of"] = pd.to_datetime(frame["as_of"]).astype("datetime64[ns]")
    left_on = pd.to_datetime(frame["left_on"]).astype("datetime64[ns]")
    # Left by the day asked about (on it included); without as_of, left whenever the enrolment has a leaving date.
    gone = left_on.notna() & (frame["as_of"].isna() | (left_on <= frame["as_of"]))
    frame["status"] = np.select(
        [frame["outcome"] == "ambiguous", frame["outcome"] == "not_found", ~enrolled, gone],
        ["ambiguous", "not_found", "not_enrolled", "left"], default="enrolled")
    frame["massar_code"] = frame["matched_code"].where(matched)
    for column in carried:  # a pupil's school, level and province only for enrolled and left
        frame[column] = frame[column].where(matched & enrolled)
    frame["left_on"] = left_on.where(frame["status"] == "left")  # the answer's: only for a `left` answer
    return frame.drop(columns=["outcome", "matched_code"])


def answer_file(answers: pd.DataFrame) -> pd.DataFrame:
    """The contract: exactly partner, request_id, status, massar_code, school_code, level_code, year, matched_on,
    left_on, as_of (both YYYY-MM-DD: left_on for a `left` answer, as_of echoed when the request asked it, else
    empty), one row per request, in partner and request order; nothing else about the child."""
    frame = answers.sort_values(["partner", "request_id"]).reset_index(drop=True)
    for column in DATE_COLUMNS:
        dates = pd.to_datetime(frame[column]) if column in frame else pd.Series(pd.NaT, index=frame.index)
        frame[column] = dates.dt.strftime("%Y-%m-%d").where(dates.notna(), None).astype(object)
    return frame[ANSWER_COLUMNS]


OPEN_STATUSES = ("not_found", "ambiguous")  # a family must bring a paper certificate
FOLLOWUP_COLUMNS = ["partner", "request_id", "status", "bring_ar", "bring_fr"]


def followups(answers: pd.DataFrame, candidates: pd.DataFrame, links: pd.DataFrame,
              enrolments: pd.DataFrame) -> pd.DataFrame:
    """The schools that must follow up the requests answered not_found or ambiguous: (partner, year, request_id,
    status, school_code), one row per request and school concerned.

    A request concerns a school when, among the pupils enrolled that year in it (left during the year included):
    - one of the children of the request's guardian CIN is (the guardian's household is known to the school);
    - or, for an `ambiguous` answer, one of the pupils the rules could not choose between (`candidates`: partner,
      year, request_id, massar_code; the twins, or the namesakes born that day) is.
    A not_found request without a guardian known to Massar concerns no school (nothing in it points to one)."""
    open_ = answers[answers["status"].isin(OPEN_STATUSES)][[*KEY, "status", "guardian_cin"]]
    columns = [*KEY, "status", "school_code"]
    if open_.empty:
        return pd.DataFrame(columns=columns)
    children = open_.dropna(subset=["guardian_cin"]).merge(links[["massar_code", "guardian_cin"]], on="guardian_cin")
    tied = open_[open_["status"] == "ambiguous"].merge(candidates[[*KEY, "massar_code"]], on=KEY)
    pupils = pd.concat([children[[*KEY, "status", "massar_code"]], tied[[*KEY, "status", "massar_code"]]],
                       ignore_index=True)
    schools = pupils.merge(enrolments[["massar_code", "school_code"]].dropna(), on="massar_code")
    return (schools[columns].drop_duplicates().sort_values(["school_code", "partner", "request_id"])
            .reset_index(drop=True))
