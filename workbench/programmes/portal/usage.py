"""The portal's usage report (`workbench run portal-usage`): per school, the access codes issued, used, with a
password, revoked; the requests by state and the certificates issued and revoked in the year. Counts only: no
identifier, no name, no code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, case, func, select

from workbench import analytics
from workbench.catalogue import Label, headers, text
from workbench.codes import year_bounds
from workbench.models import School
from workbench.programmes.portal.models import REQUEST_STATES, AccessCode, Certificate, PortalRequest
from workbench.run_context import RunContext
from workbench.scope import Scope

NS = "portal"
CODE_COUNTS = ["pupil_codes", "guardian_codes", "codes_used", "passwords", "codes_revoked"]
REQUEST_COUNTS = [f"requests_{state}" for state in REQUEST_STATES]
CERTIFICATE_COUNTS = ["certificates", "certificates_revoked"]
COLUMNS = ["school_code", "name_fr", "name_ar", *CODE_COUNTS, "codes_used_pct", *REQUEST_COUNTS, *CERTIFICATE_COUNTS]
SCHOOL_HEADERS = headers(NS, *[c for c in COLUMNS if c != "school_code"], "school_code")
KEY_FIGURES = headers(NS, "schools_with_codes", "codes_issued", "codes_used_pct", "requests", "certificates")
STATE_HEADERS = headers(NS, "state", "requests")


def label(key: str) -> Label:
    return text(f"{NS}.{key}")


@dataclass
class UsageResult:
    year: str
    scope: Scope
    schools: pd.DataFrame  # COLUMNS, one row per school of the scope that issued codes or got requests

    def totals(self) -> dict[str, object]:
        issued = int(self.schools[["pupil_codes", "guardian_codes"]].to_numpy().sum())
        used = int(self.schools["codes_used"].sum())
        return {"schools_with_codes": int((self.schools[["pupil_codes", "guardian_codes"]].sum(axis=1) > 0).sum()),
                "codes_issued": issued, "codes_used_pct": round(100 * used / issued, 1) if issued else 0.0,
                "requests": int(self.schools[REQUEST_COUNTS].to_numpy().sum()),
                "certificates": int(self.schools["certificates"].sum())}

    def requests_by_state(self) -> pd.DataFrame:
        frame = pd.DataFrame({"state": list(REQUEST_STATES),
                              "requests": [int(self.schools[f"requests_{s}"].sum()) for s in REQUEST_STATES]})
        return frame


def compute_scope(connection: Connection, scope: Scope, year: str) -> UsageResult:
    starts_on, _ = year_bounds(year)  # codes issued since the year began (the codes in force)
    codes = analytics.read_sql(scope.restrict(
        select(AccessCode.school_code,
               func.sum(case((AccessCode.holder_kind == "pupil", 1), else_=0)).label("pupil_codes"),
               func.sum(case((AccessCode.holder_kind == "guardian", 1), else_=0)).label("guardian_codes"),
               func.count(AccessCode.first_used_at).label("codes_used"),
               func.count(AccessCode.password_hash).label("passwords"),
               func.count(AccessCode.revoked_at).label("codes_revoked"))
        .where(AccessCode.issued_on >= starts_on).group_by(AccessCode.school_code),
        AccessCode.school_code), connection)
    requests = analytics.read_sql(scope.restrict(
        select(PortalRequest.school_code, *(func.sum(case((PortalRequest.state == state, 1), else_=0))
                                            .label(f"requests_{state}") for state in REQUEST_STATES))
        .where(PortalRequest.year == year).group_by(PortalRequest.school_code), PortalRequest.school_code),
        connection)
    certificates = analytics.read_sql(scope.restrict(
        select(Certificate.school_code, func.count().label("certificates"),
               func.count(Certificate.revoked_at).label("certificates_revoked"))
        .where(Certificate.year == year).group_by(Certificate.school_code), Certificate.school_code), connection)
    names = analytics.read_sql(scope.restrict(select(School.code.label("school_code"), School.name_fr,
                                                     School.name_ar), School.code), connection)
    counted = codes.merge(requests, on="school_code", how="outer").merge(certificates, on="school_code", how="outer")
    schools = names.merge(counted, on="school_code", how="inner")
    for column in [*CODE_COUNTS, *REQUEST_COUNTS, *CERTIFICATE_COUNTS]:
        schools[column] = (schools[column] if column in schools else pd.Series(dtype=float)).fillna(0).astype("int64")
    issued = schools["pupil_codes"] + schools["guardian_codes"]
    schools["codes_used_pct"] = (100 * schools["codes_used"] / issued.where(issued > 0)).round(1)
    return UsageResult(year, scope, schools[COLUMNS].sort_values("school_code", ignore_index=True))


def compute(connection: Connection, run: RunContext) -> UsageResult:
    return compute_scope(connection, run.scope, run.year)


def write_outputs(connection: Connection, result: UsageResult, run: RunContext) -> list[Path]:
    from workbench.exports import write_csv

    out = Path(run.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [write_csv(result.schools.drop(columns=["name_fr", "name_ar"]), out / "portal_usage.csv")]
