"""The families' e-services: access codes issued by the school (only their hashes), the holders' sessions, the
requests they send (certificates, transcripts, appointments) and the schooling certificates anyone can verify."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workbench.models.access import SessionColumns
from workbench.models.base import Base

HOLDER_KINDS = ("pupil", "guardian")
REQUEST_KINDS = ("schooling_certificate", "transcript", "appointment")
REQUEST_STATES = ("new", "accepted", "ready", "refused")
DOCUMENTS = ("schooling_certificate", "transcript")  # what a verification code attests


def _within(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class AccessCode(Base):
    """A code a school issued to a pupil (who logs in with their Massar code) or a guardian (with their CIN).
    The code itself is shown once, on the letter; only its hash is kept. A new code for the same holder revokes
    this one; a code opens one session only, unless the holder then chose a password (kept as a hash too)."""

    __tablename__ = "portal_codes"
    __table_args__ = (CheckConstraint(_within("holder_kind", HOLDER_KINDS), name="holder_kind"),
                      Index("ix_portal_codes_holder", "holder_kind", "identifier"),
                      Index("ix_portal_codes_school", "school_code"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"))
    holder_kind: Mapped[str] = mapped_column(String(8))
    identifier: Mapped[str] = mapped_column(String(10))  # the Massar code or the CIN the holder logs in with
    code_hash: Mapped[str] = mapped_column(String(255))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    issued_by: Mapped[str] = mapped_column(String(64))
    expires_on: Mapped[dt.date] = mapped_column(Date)  # an unused code is refused after this day
    first_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AccessCodePupil(Base):
    """A pupil the holder of a code may see: themself, or each child of a guardian at the school."""

    __tablename__ = "portal_code_pupils"
    code_id: Mapped[int] = mapped_column(ForeignKey("portal_codes.id"), primary_key=True)
    massar_code: Mapped[str] = mapped_column(ForeignKey("pupils.massar_code"), primary_key=True)


class PortalSession(SessionColumns, Base):
    """A holder's login to the portal: the browser's cookie carries only its token; revoking the code, logging
    out or its expiry ends it."""

    __tablename__ = "portal_sessions"
    __table_args__ = (Index("ix_portal_sessions_code", "code_id"),)
    code_id: Mapped[int] = mapped_column(ForeignKey("portal_codes.id"))


class PortalRequest(Base):
    """A family's request to the school and where it stands."""

    __tablename__ = "portal_requests"
    __table_args__ = (CheckConstraint(_within("kind", REQUEST_KINDS), name="kind"),
                      CheckConstraint(_within("state", REQUEST_STATES), name="state"),
                      CheckConstraint("state != 'refused' OR refusal_reason IS NOT NULL", name="refusal_reason"),
                      Index("ix_portal_requests_school_state", "school_code", "state"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("portal_codes.id"))
    massar_code: Mapped[str] = mapped_column(ForeignKey("pupils.massar_code"))
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"))
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"))
    kind: Mapped[str] = mapped_column(String(24))
    state: Mapped[str] = mapped_column(String(10), default="new")
    wished_on: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    accepted_on: Mapped[dt.date | None] = mapped_column(Date)
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime)
    changed_by: Mapped[str | None] = mapped_column(String(64))
    changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class Certificate(Base):
    """A schooling certificate (or a transcript, `document`) the school issued: its verification code says valid or
    revoked, the school and the year, and nothing else."""

    __tablename__ = "portal_certificates"
    __table_args__ = (Index("ix_portal_certificates_pupil", "massar_code"),)
    verification_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    document: Mapped[str] = mapped_column(String(24), default="schooling_certificate",
                                          server_default="schooling_certificate")
    request_id: Mapped[int | None] = mapped_column(ForeignKey("portal_requests.id"))
    massar_code: Mapped[str] = mapped_column(ForeignKey("pupils.massar_code"))
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"))
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"))
    level_code: Mapped[str] = mapped_column(ForeignKey("levels.code"))
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime)
    issued_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(64))
