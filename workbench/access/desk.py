"""State of the validation app: the schools of the user's scope with the state of a dataset, the actions the
user may take on them, the absences a director enters, the audit trail, and a training sandbox's reset.
apps/validation.py only draws this object."""

from __future__ import annotations

import pandas as pd
import param

from workbench import attendance, calendar, config
from workbench.access import audit, validation
from workbench.access.datasets import (
    CORE_DATASETS,
    absences_dataset,
    dataset_label,
    datasets,
)
from workbench.appstate import AppState
from workbench.catalogue import Label, headers, named, text

SECTOR_LABELS = headers("sector", "public", "private")
# The screen shows the first rows of each event's detail; the download holds them all.
SCREEN_DETAIL_ROWS = 3


def dataset_options(year: str, lang: str) -> dict[str, str]:
    """Label -> dataset name: the yearly datasets, then one per month of absences."""
    months = [absences_dataset(f"{d:%Y-%m}") for d in calendar.month_starts(year)]
    return {Label(*dataset_label(name)).of(lang): name for name in (*datasets(), *months)}


class ValidationDesk(AppState):
    app_name = "validation"
    dataset = param.Selector(default="pupils", objects=list(CORE_DATASETS), label="Données",
                             doc="Dataset whose validation state is shown")
    states = param.DataFrame(default=pd.DataFrame(), doc="Schools of the scope and the dataset's state")
    trail = param.DataFrame(default=pd.DataFrame(), doc="Audit events of the scope, newest first")

    def __init__(self, **params):
        super().__init__(**params)
        self.param.dataset.objects = dataset_options(self.year, self.lang)
        self.param.dataset.label = self.t("validation.dataset")
        self.refresh()

    @param.depends("dataset", watch=True)
    def refresh(self) -> None:
        with self._engine.connect() as connection:
            frame = validation.states(connection, self.actor.scope, self.year, self.dataset)
            self.trail = audit.events(connection, self.actor.scope, limit=500)
        frame["state_label"] = frame["state"].map(lambda s: validation.STATE_LABELS[s].of(self.lang))
        frame["sector_label"] = frame["sector"].map(lambda s: SECTOR_LABELS[s].of(self.lang))
        frame["name"] = frame[named("name", self.lang)]
        self.trail = audit.in_words(self.trail, self.lang, most_rows=SCREEN_DETAIL_ROWS)
        self.states = frame

    @property
    def actions(self) -> tuple[str, ...]:
        """The workflow actions this user's role takes (the app shows only their buttons)."""
        return {"director": ("submit",), "province_officer": ("approve", "reopen"),
                "region_officer": ("approve", "reopen")}.get(self.actor.role, tuple(validation.ACTIONS))

    def act(self, action: str, school_code: str | None, reason: str = "") -> bool:
        """Submit, approve or reopen the chosen school's dataset, as the version the user is looking at (a director's
        own school when they choose none); what is shown is read again afterwards, done or refused."""
        if not school_code and len(self.states) == 1:
            school_code = self.states["school_code"].iloc[0]
        if not school_code:
            self.message = f"⚠ {self.t('validation.choose_school')}"
            return False
        seen = self.states.set_index("school_code")["version"].get(school_code)
        done = self.attempt(
            lambda: validation.change_state(self._engine, self.year, school_code, self.dataset, action,
                                            reason=reason, expected_version=None if seen is None else int(seen)),
            lambda state: f"{school_code} : {validation.STATE_LABELS[state].of(self.lang)}", self.refresh)
        if not done and not self.session_ended:
            self.refresh()  # a refusal for a stale copy: the next click works on what is stored now
        return done

    def record_absences(self, massar_code: str, month: int, days: int, justified: bool = False) -> bool:
        code = massar_code.strip().upper()
        return self.attempt(
            lambda: attendance.record_month_absences(self._engine, self.year, code, int(month), int(days),
                                                     justified),
            lambda written: text("validation.absences_recorded", code=code, days=len(written)),
            self.refresh)

    def audit_frame(self) -> pd.DataFrame:
        """The whole audit trail of the user's scope in words (the screen shows the latest 500 events), for a
        download."""
        with self._engine.connect() as connection:
            return audit.in_words(audit.events(connection, self.actor.scope), self.lang)

    # --- training sandboxes -----------------------------------------------------------------------------
    @property
    def sandbox(self) -> str:
        return config.SANDBOX.value()

    @property
    def may_reset(self) -> bool:
        return bool(self.sandbox) and self.actor.role in ("trainer", "administrator")

    def reset_sandbox(self) -> bool:
        from workbench.sandbox import reset_sandbox

        if not self.may_reset:
            self.message = f"⚠ {self.t('validation.reset_trainer_only')}"
            return False
        return self.attempt(lambda: reset_sandbox(self.sandbox),
                            text("validation.reset_done", sandbox=self.sandbox),
                            self.refresh)
