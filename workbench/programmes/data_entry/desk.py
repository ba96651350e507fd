"""State of the app apps/data_entry.py: per school, dataset and period of the user's scope, what is expected,
entered, the completion and the status, late rows first; filters by dataset, period and status; reminders queued for
the selected late schools. The completion is computed once when the app opens (and after a reminder), the filters
then work on that frame in memory; sessions of the same scope share it until the data changes."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import param

from workbench import analytics
from workbench.access.guard import guarded_write
from workbench.appstate import AppState
from workbench.catalogue import headers, text
from workbench.programmes.data_entry import logic, outputs, reminders
from workbench.programmes.data_entry.campaign import DataEntryResult, compute_scope
from workbench.versioned import computed_once

NS = "data_entry"
ANY = ""  # a filter left open
STATUS_ORDER = {"late": 0, "not_started": 1, "in_progress": 2, "complete": 3}
COLUMNS = headers(NS, "school_code", "name_fr", "name_ar", "dataset_words", "period_fr", "period_ar", "expected",
                  "entered", "completion_pct", "due_on", "status_words")
REMINDER_ROLES = reminders.ROLES


class DataEntryDesk(AppState):
    app_name = "data_entry"
    dataset = param.Selector(default=ANY, objects=[ANY, *logic.DATASETS], doc="The dataset shown (empty: all)")
    period = param.Selector(default=ANY, objects=[ANY], doc="The period shown (empty: all)")
    status = param.Selector(default=ANY, objects=[ANY, *logic.STATUSES], doc="The status shown (empty: all)")
    revision = param.Integer(default=0, doc="Bumped when the rows are computed again")

    def __init__(self, as_of: dt.date | None = None, **params):
        super().__init__(**params)
        self.as_of = as_of or logic.as_of_within(self.year, dt.date.today())
        self._load()

    def _load(self) -> None:
        scope = self.actor.scope
        with self._engine.connect() as connection, analytics.reading(connection):  # once per version of the data
            self.result: DataEntryResult = computed_once(
                connection, (self.app_name, scope.region, scope.province, scope.school, self.year, self.as_of),
                lambda: compute_scope(connection, scope, self.year, self.as_of))
        named = self.result.named()
        words = outputs.period_words(named["period"])
        lang = self.lang
        self.rows = named.assign(
            period_fr=words["period_fr"], period_ar=words["period_ar"],
            dataset_words=named["dataset"].map(outputs.dataset_words(lang)),
            status_words=named["status"].map({s: text(f"{NS}.status.{s}").of(lang) for s in logic.STATUSES}),
            order=named["status"].map(STATUS_ORDER)).sort_values(
            ["order", "school_code", "dataset", "period"]).reset_index(drop=True)
        periods = sorted(self.rows["period"].unique())
        self.param.period.objects = [ANY, *periods]
        self.period = self.period if self.period in periods else ANY
        self.revision += 1

    def labels(self, name: str) -> dict[str, str]:
        """A filter's choices in the user's words: value -> words (the empty choice: 'all')."""
        every = {ANY: self.t("app.all")}
        if name == "dataset":
            return every | {d: self.t(f"{NS}.dataset.{d}") for d in logic.DATASETS}
        if name == "status":
            return every | {s: self.t(f"{NS}.status.{s}") for s in logic.STATUSES}
        periods = [p for p in self.param.period.objects if p != ANY]
        words = outputs.period_words(pd.Series(periods, dtype=object))[f"period_{self.lang}"]
        return every | dict(zip(periods, words.str.replace("\u2066", "").str.replace("\u2069", "")))

    def shown(self) -> pd.DataFrame:
        """The rows of the filters, late rows first (then not started, in progress, complete), by school."""
        keep = pd.Series(True, index=self.rows.index)
        for name in ("dataset", "period", "status"):
            chosen = getattr(self, name)
            if chosen != ANY:
                keep &= self.rows[name] == chosen
        return self.rows[keep].reset_index(drop=True)

    def late_schools(self, shown: pd.DataFrame | None = None) -> list[str]:
        """The schools of the rows shown with a late row (what 'remind' reminds)."""
        frame = self.shown() if shown is None else shown
        return sorted(frame.loc[frame["status"] == "late", "school_code"].unique())

    @property
    def may_remind(self) -> bool:
        return self.actor.role in REMINDER_ROLES

    def remind(self, schools: list[str]) -> bool:
        """Queue the reminders of the late rows shown for these schools (one per school, dataset and period; not
        again within 7 days), as the logged-in user."""
        late = self.shown()
        late = late[(late["status"] == "late") & late["school_code"].isin(schools)][logic.COLUMNS]

        def queue():
            with guarded_write(self._engine, "queue reminders", roles=REMINDER_ROLES) as write:
                write.check_scope(sorted(set(schools)))
                return reminders.enqueue_rows(write.connection, late, self.actor.scope, self.result.schools)

        return self.attempt(queue, lambda done: text(f"{NS}.cli.queued", count=int(done), skipped=done.recent,
                                                     unreachable=done.without_address))
