"""State of the families' portal (apps/eservices.py): who is logged in (from their session token only), what they
may see of each of their pupils, their requests, and the actions they may take. Nothing here takes a pupil from the
page without checking it is the holder's (family.own), and every action first checks the session is still live
(a revoked code or a logout ends it at once)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd
import param
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from workbench import config
from workbench.catalogue import Label, text
from workbench.db import explain, make_engine
from workbench.exceptions import InputError, WorkbenchError
from workbench.programmes.portal import certificates, family, logins, requests
from workbench.programmes.portal.models import Certificate, PortalRequest

NS = "portal"


class SessionEnded(WorkbenchError):
    """The page's portal session is not live (never was, logged out, expired, or its code revoked)."""


@dataclass(frozen=True)
class Home:
    """Everything the portal's home page shows, for all the holder's pupils at once."""

    pupils: pd.DataFrame
    marks: pd.DataFrame
    absences: pd.DataFrame
    timetable: pd.DataFrame
    tests: pd.DataFrame
    tayssir_months: pd.DataFrame
    transfers: pd.DataFrame
    kit: pd.DataFrame
    grants: pd.DataFrame
    requests: pd.DataFrame


class FamilyPortal(param.Parameterized):
    lang = param.Selector(default="ar", objects=["ar", "fr"], doc="Language of the page (Arabic first)")
    message = param.String(default="", doc="Outcome of the last action (⚠ refused, ✓ done)")
    version = param.Integer(default=0, doc="Bumped after every write: the views redraw")
    session_ended = param.Boolean(default=False, doc="Set when an action finds the session ended")

    def __init__(self, token: str | None, *, db_url: str = "", year: str = "", engine=None, **params):
        super().__init__(**params)
        self._engine = engine or make_engine(db_url or None)
        self._token = token
        holder = logins.holder_of(self._engine, token)
        if holder is None:
            raise SessionEnded(text("error.session_ended"))
        self.holder = holder
        self.year = year or config.DEMO_YEAR.value()

    def t(self, key: str, **values: object) -> str:
        return text(f"{NS}.{key}", **values).of(self.lang)

    def say(self, message: str | Label) -> str:
        return message.of(self.lang) if isinstance(message, Label) else message

    # --- reading ---------------------------------------------------------------------------------------------
    def home(self, today: dt.date | None = None) -> Home:
        holder = logins.holder_of(self._engine, self._token)  # the children as the links stand now
        if holder is None:
            self.session_ended = True
            holder = replace(self.holder, pupils=())  # an ended session shows no child
        self.holder = holder
        with self._engine.connect() as connection:
            kit, grants = family.kit_and_grants(connection, self.holder, self.year)
            return Home(
                pupils=family.identity(connection, self.holder, self.year),
                marks=family.marks(connection, self.holder, self.year),
                absences=family.absences(connection, self.holder, self.year),
                timetable=family.timetable(connection, self.holder, self.year),
                tests=family.coming_tests(connection, self.holder, self.year, today),
                tayssir_months=family.tayssir_months(connection, self.holder, self.year),
                transfers=family.tayssir_transfers(connection, self.holder, self.year),
                kit=kit, grants=grants, requests=requests.holder_requests(self._engine, self.holder))

    def certificate_pdf(self, request_id: int) -> bytes:
        """The certificate of one of the holder's requests, when ready and not revoked."""
        from workbench.programmes.portal.pdfs import certificate_pdf

        self._live()
        with self._engine.connect() as connection:
            code = connection.scalar(select(Certificate.verification_code).where(
                Certificate.request_id == int(request_id), Certificate.massar_code.in_(self.holder.pupils),
                Certificate.school_code == self.holder.school_code, Certificate.revoked_at.is_(None)))
            found = certificates.content(connection, code) if code else None
        if found is None:
            raise InputError(text(f"{NS}.error.no_certificate"))
        return certificate_pdf(found)

    def transcript_pdf(self, request_id: int, today: dt.date | None = None) -> bytes:
        """The transcript of one of the holder's requests once the school marked it ready (report_cards: each
        semester's averages, coefficients and rank, the exams beside), with its verification code: the averages as
        they stand when it is downloaded."""
        from workbench.programmes.portal.pdfs import verify_url
        from workbench.programmes.report_cards.pupil import transcript_pdf

        self._live()
        with self._engine.connect() as connection:
            found = connection.execute(
                select(PortalRequest.massar_code, Certificate.verification_code, Certificate.issued_at)
                .join(Certificate, Certificate.request_id == PortalRequest.id)
                .where(PortalRequest.id == int(request_id), PortalRequest.kind == "transcript",
                       PortalRequest.state == "ready", PortalRequest.massar_code.in_(self.holder.pupils),
                       PortalRequest.school_code == self.holder.school_code, Certificate.document == "transcript",
                       Certificate.revoked_at.is_(None))).first()
            if found is None:
                raise InputError(text(f"{NS}.error.no_transcript"))
            made = transcript_pdf(connection, found.massar_code, self.year, today or found.issued_at.date(),
                                  certificates.shown(found.verification_code), verify_url(found.verification_code))
        if made is None:
            raise InputError(text(f"{NS}.error.no_transcript"))
        return made

    def report_card_pdf(self, massar_code: str, semester: int) -> bytes:
        """The semester's report card of one of the holder's pupils (their page of the class's cards)."""
        from workbench.programmes.report_cards.pupil import report_card_pdf

        self._live()
        family.own(self.holder, [massar_code])
        with self._engine.connect() as connection:
            made = report_card_pdf(connection, massar_code, self.year, int(semester))
        if made is None:
            raise InputError(text(f"{NS}.error.no_report_card"))
        return made

    # --- actions ---------------------------------------------------------------------------------------------
    def request(self, massar_code: str, kind: str, wished_on: dt.date | None = None, reason: str = "") -> bool:
        return self._attempt(lambda: requests.submit(self._engine, self.holder, massar_code, kind, self.year,
                                                     wished_on=wished_on, reason=reason),
                             lambda number: text(f"{NS}.app.sent", number=number))

    def set_password(self, password: str) -> bool:
        return self._attempt(lambda: logins.set_password(self._engine, self.holder, password),
                             lambda _: text(f"{NS}.app.password_saved"))

    def _live(self) -> None:
        """The session still live, and the holder's children as the links stand now (a guardian no longer
        responsible for a child does not see it from the next action)."""
        holder = logins.holder_of(self._engine, self._token)
        if holder is None:
            self.session_ended = True
            raise SessionEnded(text("error.session_ended"))
        self.holder = holder

    def _attempt(self, action: Callable[[], object], done: Callable[[object], Label]) -> bool:
        try:
            self._live()
            result = action()
        except SessionEnded as exc:
            self.message = f"⚠ {exc.say(self.lang)}"
            return False
        except InputError as exc:
            self.message = f"⚠ {exc.say(self.lang)}"
            return False
        except DBAPIError as exc:
            self.message = f"⚠ {explain(exc)}"
            return False
        self.message = f"✓ {self.say(done(result))}"
        self.version += 1
        return True
