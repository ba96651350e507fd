"""State of the second-chance app, for the provincial and regional teams: the centres of their scope with their
indicators, a centre's page (its row with the missing fields marked, learners with their former school, staff,
the agreement's end with an alert within 90 days) and the year's plan; the province approves or reopens a
centre's data. apps/second_chance.py only draws this object."""

from __future__ import annotations

import numpy as np
import pandas as pd
import param

from workbench.appstate import AppState
from workbench.catalogue import Label, in_language, named, text
from workbench.exports import neutralise
from workbench.programmes.second_chance import logic, outputs, queries, validation
from workbench.programmes.second_chance.campaign import SecondChanceResult, compute_scope
from workbench.report import number

MISSING_STYLE = "background-color: #f4cccc"
FIELD_ORDER = ("centre_code", "province_code", "name_fr", "name_ar", "association", "agreement_start",
               "agreement_end", "opened_on", "capacity", "trades", "has_workshop", "has_computer_room")


def _label(key: str) -> Label:
    return text(f"second_chance.{key}")


class SecondChanceDesk(AppState):
    app_name = "second_chance"

    province = param.Selector(default="", objects={},
                              doc="Province whose centres are listed (empty: every province of the scope)")
    centre = param.Selector(default=None, objects={}, doc="Centre whose page is shown")
    result = param.ClassSelector(class_=SecondChanceResult, constant=True,
                                 doc="Every figure of the user's scope for the year")

    def __init__(self, **params):
        super().__init__(**params)
        self.param.province.label = self.w("app.province")
        self.param.centre.label = self.w("app.centre")
        self.refresh()

    def w(self, key: str) -> str:
        """The programme's label `key` in the user's language."""
        return _label(key).of(self.lang)

    def refresh(self) -> None:
        """Read and compute the scope's figures again (after an approval, or to see new imports)."""
        with self._engine.connect() as connection:
            result = compute_scope(connection, self.actor.scope, self.year)
        with param.edit_constant(self):
            self.result = result
        provinces = result.centres.drop_duplicates("province_code")
        self.param.province.objects = {self.w("app.all_provinces"): "", **{
            f"{getattr(r, named('province', self.lang))} ({r.province_code})": r.province_code
            for r in provinces.itertuples()}}
        self._province_changed()

    @param.depends("province", watch=True)
    def _province_changed(self) -> None:
        centres = self.listed_centres()
        names = self.centre_names(centres)
        self.param.centre.objects = {f"{name} ({code})": code for code, name in zip(centres["centre_code"], names)}
        if self.centre not in set(centres["centre_code"]):
            self.centre = centres["centre_code"].iloc[0] if not centres.empty else None

    # --- the scope's centres -----------------------------------------------------------------------------------
    @property
    def has_centres(self) -> bool:
        return not self.result.centres.empty

    def centre_names(self, centres: pd.DataFrame) -> pd.Series:
        """Each centre's name in the user's language, else in the other one."""
        mine, other = named("name", self.lang), named("name", "fr" if self.lang == "ar" else "ar")
        return centres[mine].where(centres[mine].fillna("").str.strip() != "", centres[other])

    def listed_centres(self) -> pd.DataFrame:
        centres = self.result.centres
        return centres[centres["province_code"] == self.province] if self.province else centres

    def centres_table(self) -> pd.DataFrame:
        """The listed centres with their indicators and validation state, headed for the user."""
        codes = set(self.listed_centres()["centre_code"])
        frame = outputs.indicator_table(self.result)
        centres = self.result.centres.set_index("centre_code")
        frame = frame.assign(centre_name=frame["centre_code"].map(self.centre_names(centres)),
                             province_ar=frame["centre_code"].map(centres["province_ar"]))
        frame = frame[frame["centre_code"].isin(codes)].merge(self.result.validations[["centre_code", "state"]],
                                                              on="centre_code", how="left")
        frame["state"] = frame["state"].map(lambda s: text(f"state.{s}").of(self.lang))
        headers = {}
        for column, label in outputs.CENTRE_HEADERS.items():  # of the province's names, the reader's (_headed)
            headers[column] = label
            if column == "province_fr":
                headers["province_ar"] = text("second_chance.province_ar")
        headers["state"] = text("second_chance.validation.state")
        return _headed(frame, headers, self.lang)

    def plan_table(self) -> pd.DataFrame:
        plan = self.result.plan
        if self.province:
            plan = plan[plan["province_code"] == self.province]
        return _headed(plan, outputs.PLAN_HEADERS, self.lang)

    def totals(self) -> pd.Series:
        return self.result.totals()

    # --- a centre's page ---------------------------------------------------------------------------------------
    def _centre_row(self) -> pd.Series:
        return self.result.centres.set_index("centre_code").loc[self.centre]

    def centre_fields(self) -> pd.DataFrame:
        """The centre's row, field by field, with whether the field is missing (an unopened centre is planned,
        not missing)."""
        row = self._centre_row()
        values = [self.centre if f == "centre_code" else row[f] for f in FIELD_ORDER]
        missing = [f != "opened_on" and _empty(v) for f, v in zip(FIELD_ORDER, values)]
        labels = [self.w("opened_on") if f == "opened_on" else self.w(f"field.centre.{f}") for f in FIELD_ORDER]
        return pd.DataFrame({self.w("app.field"): labels, self.w("app.value"): [_shown(v, self.lang) for v in values],
                             "missing": missing})

    def learners_table(self) -> pd.DataFrame:
        """The centre's learners of the year: who they are for the centre, their stage and outcome in words, and
        where those with a Massar code were schooled before."""
        learners = self.result.learners
        learners = learners[learners["centre_code"] == self.centre]
        with self._engine.connect() as connection:
            former = queries.former_schools(connection, learners["massar_code"].dropna().tolist())
        frame = learners.merge(former, on="massar_code", how="left")
        frame = frame.assign(  # a missing value stays empty: the app highlights it
            age=logic.age_on_first_september(frame["birth_date"], self.year),
            sex=frame["sex"].map(lambda s: _word("sex", s, self.lang)),
            stage=frame["stage"].map(lambda s: _word("stage", s, self.lang)),
            outcome=frame["outcome"].map(lambda o: _word("outcome", o, self.lang)).where(frame["left_on"].notna(), "—"),
            former_school=_former(frame, self.lang))
        columns = {"learner_id": "learner_id", "sex": "sex", "birth_date": "birth_date",
                   "age": "age", "stage": "stage", "trade": "trade", "enrolled_on": "enrolled_on",
                   "left_on": "left_on", "outcome": "outcome", "former_school": "former_school"}
        return _headed(frame, {c: text(f"second_chance.{k}") for c, k in columns.items()}, self.lang)

    def staff_table(self) -> pd.DataFrame:
        staff = self.result.staff
        staff = staff[staff["centre_code"] == self.centre]
        frame = staff.assign(role=staff["role"].map(lambda r: _word("role", r, self.lang)),
                             sex=staff["sex"].map(lambda s: _word("sex", s, self.lang)))
        return _headed(frame, {c: text(f"second_chance.{c}") for c in ("staff_id", "role", "sex", "hours_per_week")},
                       self.lang)

    def centre_figures(self) -> pd.Series:
        return self.result.indicators.set_index("centre_code").loc[self.centre]

    def missing_summary(self) -> Label:
        ranking = outputs.completeness_ranking(self.result).set_index("centre_code").loc[self.centre]
        return Label(ranking["missing_fr"], ranking["missing_ar"])

    def agreement(self) -> tuple[str, str]:
        """(status, sentence) of the centre's agreement: `ending` within 90 days, `ended`, `running`, `unknown`."""
        end = self._centre_row()["agreement_end"]
        status = logic.agreement_status(pd.Series([end]), self.result.today).iloc[0]
        days = (end.date() - self.result.today).days if not _empty(end) else 0
        sentence = text(f"second_chance.app.agreement.{status}",
                        end="" if _empty(end) else str(end.date()), days=days).of(self.lang)
        return status, sentence

    def state(self) -> tuple[str, int]:
        row = self.result.validations.set_index("centre_code").loc[self.centre]
        return row["state"], int(row["version"])

    # --- the province's validation -----------------------------------------------------------------------------
    @property
    def may_validate(self) -> bool:
        return self.actor.role in validation.APPROVERS

    def act(self, action: str, reason: str = "") -> bool:
        """Approve or reopen the shown centre's data, as the version the user sees; everything is read again."""
        centre = self.centre
        _, seen = self.state()
        done = self.attempt(
            lambda: validation.change_state(self._engine, self.year, centre, action, reason=reason,
                                            expected_version=seen),
            lambda state: f"{centre} : {text(f'state.{state}').of(self.lang)}",
            self._reload)
        if not done and not self.session_ended:
            self._reload()
        return done

    def _reload(self) -> None:
        centre = self.centre
        self.refresh()
        if centre in self.param.centre.objects.values():
            self.centre = centre
        self.param.trigger("centre")


    def expected_headers(self) -> list[str]:
        """The headers of the learners' and staff's columns that completeness expects (highlighted when empty)."""
        return [self.w(key) for key in ("sex", "birth_date", "stage", "outcome", "role", "hours_per_week")]


def _word(kind: str, value: object, lang: str) -> str:
    return "" if _empty(value) else outputs.word(kind, value, lang)


def _empty(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or (isinstance(value, str)
                                                                                 and not value.strip())


def _shown(value: object, lang: str) -> str:
    if _empty(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return str(value.date())
    if isinstance(value, bool | np.bool_):
        return _label("yes" if value else "no").of(lang)
    return number(value) if not isinstance(value, str) else value


def _former(frame: pd.DataFrame, lang: str) -> pd.Series:
    """'School (code), year' for a learner found in Massar, 'no record' for a code not found, empty without one."""
    found = (frame[named("former_school", lang)].fillna("") + " (" + frame["former_school_code"].fillna("") + "), "
             + frame["former_year"].fillna(""))
    unknown = pd.Series(_label("former_unknown").of(lang), index=frame.index)
    return found.where(frame["former_school_code"].notna(), unknown.where(frame["massar_code"].notna(), ""))


def _headed(frame: pd.DataFrame, labels: dict, lang: str) -> pd.DataFrame:
    """The columns named in `labels`, headed in the user's language, dates as days, numbers as the reports write
    them."""
    labels = in_language(dict(labels), lang)  # of a pair of names (province_fr, province_ar), the reader's
    out = frame[list(labels)].copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d").fillna("")
        elif pd.api.types.is_numeric_dtype(out[column]) and not pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map(number)
    out = out.astype(object).where(out.notna(), "")
    return neutralise(out.rename(columns={k: Label(*v).of(lang) for k, v in labels.items()}))
