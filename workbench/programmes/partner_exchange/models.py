"""Partner exchange: the lists of children a partner (CNSS, CMR) asks about, and the review desk's decisions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, ForeignKeyConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workbench.models.base import Base

PARTNERS = ("CNSS", "CMR")
_PARTNERS_SQL = ", ".join(f"'{p}'" for p in PARTNERS)


class PartnerRequest(Base):
    """One child a partner asks about for a school year, as its list gave it (names in Latin or Arabic letters)."""

    __tablename__ = "partner_requests"
    __table_args__ = (CheckConstraint(f"partner IN ({_PARTNERS_SQL})", name="partner"),)
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    partner: Mapped[str] = mapped_column(String(4), primary_key=True)
    request_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    massar_code: Mapped[str | None] = mapped_column(String(10))  # as given: it may be unknown
    child_last_name: Mapped[str] = mapped_column(String(80))
    child_first_name: Mapped[str] = mapped_column(String(80))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    guardian_cin: Mapped[str | None] = mapped_column(String(8))
    # The day the partner asks about (inside the year); empty: the year's status as Massar holds it today.
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    # The academy that received the list (its region officer imported it); empty: a national list.
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    received_on: Mapped[dt.date] = mapped_column(Date)
    answered_on: Mapped[dt.date | None] = mapped_column(Date)  # the first answer file that carried it


class PartnerDecision(Base):
    """An operator's decision on a request the rules could not answer (ambiguous or not found): the pupil it is,
    or 'not found' confirmed; who decided, when and why. It is answered with matched_on `identity`."""

    __tablename__ = "partner_decisions"
    __table_args__ = (
        CheckConstraint("decision IN ('pupil', 'not_found')", name="decision"),
        CheckConstraint("(decision = 'pupil') = (massar_code IS NOT NULL)", name="pupil_named"),
        ForeignKeyConstraint(["year", "partner", "request_id"], ["partner_requests.year", "partner_requests.partner",
                                                                  "partner_requests.request_id"],
                             name="fk_partner_decisions_request"),
    )
    year: Mapped[str] = mapped_column(String(9), primary_key=True)
    partner: Mapped[str] = mapped_column(String(4), primary_key=True)
    request_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    decision: Mapped[str] = mapped_column(String(9))
    massar_code: Mapped[str | None] = mapped_column(ForeignKey("pupils.massar_code"))
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime)
