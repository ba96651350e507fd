"""The data model, one module per domain; every table is importable from here."""

from workbench.models.access import ROLES, VALIDATION_STATES, AuditEvent, User, Validation
from workbench.models.base import Base
from workbench.models.grants import (
    GRANT_TYPES,
    GrantAmount,
    GrantApplication,
    GrantChange,
    GrantGrid,
    GrantPublished,
    GrantQuota,
)
from workbench.models.school import (
    Absence,
    AbsenceMonth,
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
    TayssirRule,
)
from workbench.models.schoolbags import Delivery, Distribution, KitComposition, KitItem, ReturnedBook
from workbench.models.tayssir import (
    Complaint,
    TayssirEnrolment,
    TayssirLine,
    TayssirOverride,
    TayssirPayment,
    TayssirPeriod,
    TayssirSettings,
)

__all__ = [
    "Absence", "AbsenceMonth", "Base", "Commune", "Delivery", "Distribution", "Enrolment", "Guardian", "KitComposition", "KitItem",
    "Level", "Province", "Pupil", "PupilGuardian", "Region", "ReturnedBook", "School", "SchoolClass", "SchoolYear",
    "TayssirRule", "Complaint", "TayssirEnrolment", "TayssirLine", "TayssirOverride", "TayssirPayment",
    "TayssirPeriod", "TayssirSettings", "GRANT_TYPES", "GrantAmount", "GrantApplication", "GrantChange", "GrantGrid",
    "GrantPublished", "GrantQuota", "ROLES", "VALIDATION_STATES", "AuditEvent", "User", "Validation",
]
