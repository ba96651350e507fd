"""Who may do what (users and their scope), which schools' data is validated, and the audit trail of writes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from workbench.models.base import Base

ROLES = ("director", "province_officer", "region_officer", "trainer", "administrator")
VALIDATION_STATES = ("draft", "submitted", "approved", "reopened")


class User(Base):
    """A person who logs in to the apps or is named by a CLI run; the scope a role applies to is one code."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('director', 'province_officer', 'region_officer', 'trainer', 'administrator')",
                        name="role"),
        CheckConstraint("(role = 'director' AND school_code IS NOT NULL) "
                        "OR (role = 'province_officer' AND province_code IS NOT NULL) "
                        "OR (role = 'region_officer' AND region_code IS NOT NULL) "
                        "OR role IN ('trainer', 'administrator')", name="scope"),
        CheckConstraint("language IN ('ar', 'fr')", name="language"),
    )
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    school_code: Mapped[str | None] = mapped_column(ForeignKey("schools.code"))
    province_code: Mapped[str | None] = mapped_column(ForeignKey("provinces.code"))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # The language of the apps and reports the user sees: Arabic (right-to-left) unless they chose French.
    language: Mapped[str] = mapped_column(String(2), default="ar", server_default="ar")
    # Where the outbox reaches the user (reminders): `workbench users add --email --phone`, `users contact`.
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))


class SessionColumns:
    """What a session of either login realm keeps (the staff's here, the families' in the table of the programme that
    serves them): the browser's cookie carries only its token, whose hash (`access.sessions.token_hash`) is the key."""

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the token
    address: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class LoginSession(SessionColumns, Base):
    """A login to the apps: the browser's cookie carries only its token (signed); logging out, disabling the user
    or its expiry ends it, and the next request or action of an open page is refused."""

    __tablename__ = "login_sessions"
    __table_args__ = (Index("ix_login_sessions_username", "username"),)
    username: Mapped[str] = mapped_column(ForeignKey("users.username"))


class LoginAttempt(Base):
    """A failed password, kept to slow down and then lock guessing (per account and per address)."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_username_at", "username", "at"),
                      Index("ix_login_attempts_address_at", "address", "at"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    username: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))


class Validation(Base):
    """Where one school's dataset of a year stands: draft, submitted by its director, approved, or reopened."""

    __tablename__ = "validations"
    __table_args__ = (
        CheckConstraint("state IN ('draft', 'submitted', 'approved', 'reopened')", name="state"),
        Index("ix_validations_year_dataset_state", "year", "dataset", "state"),
    )
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"), primary_key=True)
    dataset: Mapped[str] = mapped_column(String(24), primary_key=True)
    state: Mapped[str] = mapped_column(String(10))
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class AuditEvent(Base):
    """One write: who, when, through which command or app and file, and the rows before and after (JSON).

    Append-only: the migration adds triggers that refuse UPDATE and DELETE on this table.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_at", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    username: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(20))
    via: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(80))
    file: Mapped[str | None] = mapped_column(String(255))
    table_name: Mapped[str | None] = mapped_column(String(64))
    dataset: Mapped[str | None] = mapped_column(String(24))
    school_codes: Mapped[str | None] = mapped_column(Text)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    detail_complete: Mapped[bool] = mapped_column(Boolean, default=True)
    chain: Mapped[str | None] = mapped_column(String(64))  # SHA-256 of the previous chain and this event
