"""State of the Tayssir app: a family found by its guardian's CIN, its children's months, complaints, and a
province dashboard. apps/tayssir.py only draws this object."""

from __future__ import annotations

import threading

import pandas as pd
import param

from workbench import analytics, attendance, calendar
from workbench.appstate import AppState
from workbench.catalogue import named
from workbench.catalogue import text as label
from workbench.codes import CIN
from workbench.levels import level_name, level_names
from workbench.programmes.tayssir import complaints, periods, queries, summary, views
from workbench.programmes.tayssir.slices import SummarySlices
from workbench.scope import provinces_with_schools


class TayssirDesk(AppState):
    app_name = "tayssir"

    cin = param.String(default="", label="CIN", doc="Guardian's CIN")
    province = param.Selector(default=None, objects={}, label="Province", doc="Dashboard province")
    family = param.DataFrame(default=pd.DataFrame(), doc="Pupil-months of the family shown")
    dashboard = param.ClassSelector(class_=summary.TayssirSummary, constant=True, doc="Province figures")

    def __init__(self, **params):
        super().__init__(**params)
        self._written: list[periods.YearInputs] = []
        self._dashboards: dict[str, summary.TayssirSummary] = {}  # by province, shared with the preparing thread
        self._lock = threading.Lock()
        self._writes = 0  # writes through this desk: what was prepared before the last one is dropped
        self._preparing: threading.Thread | None = None
        # The whole scope's summary and how many of `_written` it has (computed once, in the background).
        self._slices: tuple[SummarySlices, int] | None = None
        self._slicing = threading.Lock()
        self.param.cin.label, self.param.province.label = self.t("tayssir.app.cin"), self.t("app.province")
        # What every province's dashboard is computed from (the programme of the user's whole scope) is read once,
        # in the background: the page opens on the family search, which does not need it (a second at region
        # scale); the Province tab waits for it when opened sooner.
        self._read: periods.YearInputs | BaseException | None = None
        self._reader = threading.Thread(target=self._read_inputs, daemon=True, name="tayssir-inputs")
        self._reader.start()
        with self._engine.connect() as connection:
            provinces = pd.DataFrame(provinces_with_schools(connection, scope=self.actor.scope),
                                     columns=["code", "name_fr", "name_ar"])
            self._periods = queries.periods(connection, self.year)  # the complaint form's
            self.levels = level_names(connection)
        name = named("name", self.lang)
        self.param.province.objects = {f"{getattr(r, name)} ({r.code})": r.code for r in provinces.itertuples()}
        if not provinces.empty:  # chosen; its dashboard is computed when first shown
            with param.discard_events(self):
                self.province = provinces["code"].iloc[0]

    def _read_inputs(self) -> None:
        try:
            with self._engine.connect() as connection, analytics.reading(connection):
                self._read = periods.read_inputs(connection, self.actor.scope, self.year)
        except BaseException as exc:  # noqa: BLE001 - raised again where the inputs are wanted
            self._read = exc

    @property
    def _inputs(self) -> periods.YearInputs:
        self._reader.join()
        if isinstance(self._read, BaseException):
            raise self._read
        return self._read

    def show_dashboard(self) -> summary.TayssirSummary | None:
        """The chosen province's dashboard, computed the first time it is shown (the app's Province tab, which
        draws what this returns: no event, so it is not drawn twice)."""
        if self.dashboard is None and self.province:
            with param.discard_events(self):
                self._load_dashboard()
        return self.dashboard

    @param.depends("province", watch=True)
    def _load_dashboard(self) -> None:
        with self._lock:
            figures = self._dashboards.get(self.province)
        if figures is None:
            figures = self._dashboard_of(self.province)
            with self._lock:
                self._dashboards[self.province] = figures
        with param.edit_constant(self):
            self.dashboard = figures

    def _dashboard_of(self, province: str) -> summary.TayssirSummary:
        # A province is cut from the whole scope's summary once the background has computed it; before, it is
        # computed in memory from what was read once. Both read after every write of this desk committed, through
        # the analytics path, as a campaign reads.
        cut = self._slices
        with self._engine.connect() as connection, analytics.reading(connection):
            scope = self.scope(connection, province=province)
            if cut is None:
                inputs = self._inputs.narrow(scope)
                for fresh in self._written:  # households written since the read, as read again after each write
                    inputs = inputs.with_households(fresh.narrow(scope))
                figures = summary.summarise(connection, inputs.compute(), None)
            else:
                slices, written = cut
                figures = slices.cut(scope)
                for fresh in self._written[written:]:  # households written since the whole was computed
                    figures = summary.after_write(connection, figures, fresh)
        figures.totals()  # what the dashboard shows first, counted here (in the background when prepared)
        return figures

    def _slice_scope(self) -> None:
        """The whole scope's summary, to be cut per province: computed once, in the background (seconds at region
        scale); the writes made since are applied to each province cut."""
        with self._slicing:
            if self._slices is not None:
                return
            written = len(self._written)
            inputs = self._inputs
            for fresh in self._written[:written]:
                inputs = inputs.with_households(fresh)
            with self._engine.connect() as connection, analytics.reading(connection):
                self._slices = (SummarySlices.of(connection, inputs.compute()), written)

    def prepare_dashboards(self) -> threading.Thread:
        """Compute the dashboards of the other provinces in the background, so that choosing one shows it at once
        (a large province takes a second or more). The app starts it once its page has loaded; a write through
        this desk drops what was prepared and prepares again."""
        thread = threading.Thread(target=self._prepare, args=(self._writes,), daemon=True,
                                  name="tayssir-dashboards")
        self._preparing = thread
        thread.start()
        return thread

    def _prepare(self, writes: int) -> None:
        self._slice_scope()
        for province in list(self.param.province.objects.values()):
            with self._lock:
                if writes != self._writes:
                    return
                if province in self._dashboards:
                    continue
            figures = self._dashboard_of(province)
            with self._lock:
                if writes == self._writes:
                    self._dashboards.setdefault(province, figures)

    def _forget_dashboards(self) -> None:
        """After a write: the dashboards prepared before it are dropped (the one shown is updated in place)."""
        with self._lock:
            self._writes += 1
            self._dashboards = {} if self.dashboard is None else {self.province: self.dashboard}
        if self._preparing is not None:
            self.prepare_dashboards()

    @param.depends("cin", watch=True)
    def _load_family(self) -> None:
        cin = self.cin.strip().upper()
        if not cin:
            self.family = pd.DataFrame()
            return
        if not CIN.match(cin):
            self.message = f"⚠ {self.t('tayssir.app.not_a_cin', cin=cin)}"
            self.family = pd.DataFrame()
            return
        with self._engine.connect() as connection:
            state = periods.compute_year(connection, self.actor.scope, self.year, households=[cin])
            # Only the children inside the user's scope are shown (a household may span several schools).
            programme = state.in_scope(state.programme)
            names = queries.pupil_names(connection, programme["massar_code"].tolist())
        if programme.empty:
            self.message = f"⚠ {self.t('tayssir.app.no_household', cin=cin)}"
            self.family = pd.DataFrame()
            return
        lines = state.in_scope(pd.concat([state.lines(code).query("kind == 'regular'")
                                          for code in state.periods["code"]]))
        self.family = lines.merge(programme[["massar_code", "level_code", "school_code"]], on="massar_code") \
            .merge(names, on="massar_code")
        self.message = ""

    def children(self) -> dict[str, str]:
        """Label -> Massar code of the family's children (for the forms)."""
        if self.family.empty:
            return {}
        kids = self.family.drop_duplicates("massar_code")
        return {f"{k.first_name_ar} {k.last_name_ar} "
                f"({k.massar_code}, {level_name(k.level_code, self.levels, self.lang)})": k.massar_code
                for k in kids.itertuples()}

    def record_absences(self, massar_code: str, month: int, days: int, justified: bool = False) -> bool:
        return self.attempt(
            lambda: attendance.record_month_absences(self._engine, self.year, massar_code, int(month), int(days),
                                                     justified),
            lambda written: label("tayssir.app.absences_recorded", code=massar_code, days=len(written),
                                 month=calendar.MONTH_LABELS[month].of(self.lang)),
            lambda: (self._load_family(), self._refresh_household()))

    def family_complaints(self) -> pd.DataFrame:
        if self.family.empty:
            return pd.DataFrame(columns=["id", "massar_code", "period_code", "kind", "filed_on", "state",
                                         "resolution"])
        with self._engine.connect() as connection:
            return queries.household_complaints(connection, self.cin.strip().upper())

    def file_complaint(self, kind: str, period_code: str | None, massar_code: str | None, text: str) -> bool:
        if self.family.empty:
            self.message = f"⚠ {self.t('tayssir.app.find_family_first')}"
            return False
        return self.attempt(
            lambda: complaints.file_complaint(self._engine, self.cin.strip().upper(), kind,
                                              pd.Timestamp.today().date(), massar_code=massar_code or None,
                                              period_code=period_code or None, channel="app", text=text),
            lambda number: label("tayssir.app.complaint_filed", number=number), self._forget_dashboards)

    def resolve_complaint(self, complaint_id: int, state: str, resolution: str) -> bool:
        def done(months: list[str]) -> str:
            shown = self.t(f"tayssir.complaint.state.{state}")
            paid = self.t("tayssir.app.months_paid", months=", ".join(months)) if months else ""
            return f"{self.t('tayssir.app.complaint_resolved', number=complaint_id, state=shown)} {paid}".strip()

        return self.attempt(lambda: complaints.resolve_complaint(self._engine, int(complaint_id), state, resolution),
                            done, lambda: (self._load_family(), self._refresh_household()))

    def _refresh_household(self) -> None:
        """After a write about the family shown: its household is read again (the dashboards computed later see
        it) and only that household of the dashboard shown is computed again."""
        cin = self.cin.strip().upper()
        if not cin:
            return
        shown = self.dashboard
        with self._engine.connect() as connection:
            inputs = periods.read_year(connection, self.actor.scope if shown is None else shown.state.scope,
                                       self.year, households=[cin])
            figures = None if shown is None else summary.after_write(connection, shown, inputs)
        self._written.append(inputs)
        if figures is not None and figures is not shown:  # shown unchanged: a household of another scope
            with param.edit_constant(self):
                self.dashboard = figures
        self._forget_dashboards()

    def period_codes(self) -> list[str]:
        return list(self._periods["code"])

    def period_options(self) -> dict[str, str]:
        """The complaint form's periods: name and months -> code."""
        return {name: code for code, name in self.period_names().items()}

    def period_names(self) -> dict[str, str]:
        return views.period_names(self._periods, self.lang)
