"""State of the school's requests desk (apps/portal.py): the requests of a school by state, accept (with a date),
mark ready, refuse (with a reason), issue access codes for a class or the school (letters and CSV to download) and
revoke a certificate. Every action is a guarded write of the logged-in director or administrator."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import param
from sqlalchemy import select

from workbench import analytics
from workbench.appstate import AppState
from workbench.catalogue import named, text
from workbench.models import SchoolClass
from workbench.programmes.portal import certificates, requests
from workbench.programmes.portal.codes import issue_codes
from workbench.programmes.portal.models import Certificate
from workbench.programmes.school_life import queries as school_queries

NS = "portal"


class RequestsDesk(AppState):
    app_name = "portal"

    school = param.Selector(default=None, objects=[], doc="The school shown")
    state_shown = param.Selector(default="new", objects=["new", "accepted", "ready", "refused", "all"],
                                 doc="The requests shown, by state")
    version = param.Integer(default=0, doc="Bumped after every write: the views redraw")

    def __init__(self, **params):
        super().__init__(**params)
        with self._engine.connect() as connection:
            schools = school_queries.schools(connection, self.actor.scope)
        self.schools = schools
        name = named("name", self.lang)  # a school by its name, its code after it
        self.param.school.objects = {f"{getattr(r, name)} ({r.school_code})": r.school_code
                                     for r in schools.itertuples()}
        self.has_schools = not schools.empty
        self.issued = None  # the last codes issued here (letters and CSV to download, once)
        if self.has_schools:
            self.school = self.school or schools["school_code"].iloc[0]

    # --- reading ---------------------------------------------------------------------------------------------
    def requests(self) -> pd.DataFrame:
        found = requests.desk_requests(self._engine, self.school, self.year)
        if self.state_shown != "all":
            found = found[found["state"] == self.state_shown]
        return found.reset_index(drop=True)

    def counts(self) -> dict[str, int]:
        found = requests.desk_requests(self._engine, self.school, self.year)
        return found["state"].value_counts().to_dict()

    def classes(self) -> list[str]:
        with self._engine.connect() as connection:
            return list(connection.scalars(select(SchoolClass.class_code).where(
                SchoolClass.school_code == self.school, SchoolClass.year == self.year)
                .order_by(SchoolClass.class_code)))

    def certificates(self) -> pd.DataFrame:
        with self._engine.connect() as connection:
            frame = analytics.read_sql(
                select(Certificate.verification_code, Certificate.massar_code, Certificate.issued_at,
                       Certificate.revoked_at).where(Certificate.school_code == self.school,
                                                     Certificate.year == self.year)
                .order_by(Certificate.issued_at.desc()), connection)
        return frame.assign(verification_code=frame["verification_code"].map(certificates.shown))

    # --- actions ---------------------------------------------------------------------------------------------
    def act(self, request_id: int | None, action: str, on: dt.date | None = None, reason: str = "") -> bool:
        if request_id is None:
            return False
        return self.attempt(lambda: requests.act(self._engine, int(request_id), action, on=on, reason=reason),
                            lambda state: text(f"{NS}.app.done", number=request_id,
                                               state=text(f"{NS}.state.{state}")), self._bump)

    def issue(self, class_code: str | None) -> bool:
        def done(issued) -> object:
            self.issued = issued
            return text(f"{NS}.app.issued", count=len(issued.codes), revoked=issued.revoked)

        return self.attempt(lambda: issue_codes(self._engine, self.school, self.year, class_code or None), done,
                            self._bump)

    def revoke(self, code: str) -> bool:
        return self.attempt(lambda: certificates.revoke(self._engine, code),
                            text(f"{NS}.app.revoked", code=code), self._bump)

    def letters(self) -> bytes:
        from workbench.programmes.portal.pdfs import letters_pdf

        return letters_pdf(self.issued.letters) if self.issued is not None else b""

    def codes_csv(self):
        from workbench.exports import csv_bytes

        return csv_bytes(self.issued.codes if self.issued is not None else pd.DataFrame())

    def _bump(self) -> None:
        self.version += 1
