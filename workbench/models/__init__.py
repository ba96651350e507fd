"""The core data model (schools, pupils, absences, users); each programme's tables live in its own package
(`workbench/programmes/<id>/models.py`) and are loaded by the registry."""

from workbench.models.access import (
    ROLES,
    VALIDATION_STATES,
    AuditEvent,
    LoginAttempt,
    LoginSession,
    User,
    Validation,
)
from workbench.models.base import Base
from workbench.models.outbox import CHANNELS, OUTBOX_STATES, OutboxMessage
from workbench.models.school import (
    Absence,
    AbsenceMonth,
    AbsenceSchoolMonth,
    Commune,
    Enrolment,
    Guardian,
    Level,
    Province,
    Pupil,
    PupilGuardian,
    Region,
    School,
    SchoolClass,
    SchoolYear,
)

__all__ = [
    "Absence", "AbsenceMonth", "AbsenceSchoolMonth", "Base", "Commune", "Enrolment", "Guardian", "Level", "Province",
    "Pupil", "PupilGuardian", "Region", "School", "SchoolClass", "SchoolYear", "ROLES", "VALIDATION_STATES",
    "AuditEvent", "User", "Validation", "LoginAttempt", "LoginSession", "CHANNELS", "OUTBOX_STATES", "OutboxMessage",
]
