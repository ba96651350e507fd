"""State of the validation app: the schools of the user's scope with the state of a dataset, the actions the
user may take on them, the absences a director enters, the audit trail, and a training sandbox's reset.
apps/validation.py only draws this object."""

from __future__ import annotations

import io

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
from workbench.exports import csv_bytes

SECTOR_LABELS = {"public": "Public / عمومي", "private": "Privé / خصوصي"}


def dataset_options(year: str) -> dict[str, str]:
    """Label -> dataset name: the yearly datasets, then one per month of absences."""
    months = [absences_dataset(f"{d:%Y-%m}") for d in calendar.month_starts(year)]
    return {f"{dataset_label(name)[0]} / {dataset_label(name)[1]}": name for name in (*datasets(), *months)}


class ValidationDesk(AppState):
    app_name = "validation"
    dataset = param.Selector(default="pupils", objects=list(CORE_DATASETS), label="Données / المعطيات",
                             doc="Dataset whose validation state is shown")
    states = param.DataFrame(default=pd.DataFrame(), doc="Schools of the scope and the dataset's state")
    trail = param.DataFrame(default=pd.DataFrame(), doc="Audit events of the scope, newest first")

    def __init__(self, **params):
        super().__init__(**params)
        self.param.dataset.objects = dataset_options(self.year)
        self.refresh()

    @param.depends("dataset", watch=True)
    def refresh(self) -> None:
        with self._engine.connect() as connection:
            frame = validation.states(connection, self.actor.scope, self.year, self.dataset)
            self.trail = audit.events(connection, self.actor.scope, limit=500)
        frame["state_label"] = frame["state"].map(lambda s: " / ".join(validation.STATE_LABELS[s]))
        frame["sector_label"] = frame["sector"].map(SECTOR_LABELS)
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
            self.message = "⚠ Choisissez un établissement dans le tableau / اختاروا مؤسسة من الجدول."
            return False
        seen = self.states.set_index("school_code")["version"].get(school_code)
        done = self.attempt(
            lambda: validation.change_state(self._engine, self.year, school_code, self.dataset, action,
                                            reason=reason, expected_version=None if seen is None else int(seen)),
            lambda state: f"{school_code} : {' / '.join(validation.STATE_LABELS[state])}", self.refresh)
        if not done and not self.session_ended:
            self.refresh()  # a refusal for a stale copy: the next click works on what is stored now
        return done

    def record_absences(self, massar_code: str, month: int, days: int, justified: bool = False) -> bool:
        code = massar_code.strip().upper()
        return self.attempt(
            lambda: attendance.record_month_absences(self._engine, self.year, code, int(month), int(days),
                                                     justified),
            lambda written: f"{code} : {len(written)} jour(s) d'absence enregistré(s) / أيام غياب مسجلة",
            self.refresh)

    def audit_csv(self) -> io.BytesIO:
        """The audit trail of the user's scope, as a CSV file (UTF-8 with BOM, so that Excel shows Arabic)."""
        with self._engine.connect() as connection:
            frame = audit.events(connection, self.actor.scope)
        return csv_bytes(frame)

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
            self.message = "⚠ Seul un formateur peut réinitialiser le bac à sable / إعادة التهيئة من اختصاص المكون."
            return False
        return self.attempt(lambda: reset_sandbox(self.sandbox),
                            f"Bac à sable « {self.sandbox} » réinitialisé / تمت إعادة تهيئة بيئة التدريب",
                            self.refresh)
