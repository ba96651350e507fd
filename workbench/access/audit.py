"""Reading the audit trail: what the actor's scope may see, as a table or a CSV file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, select

from workbench.models import AuditEvent, Commune, Province, School
from workbench.scope import Scope

COLUMNS = ("id", "at", "username", "role", "via", "action", "file", "table_name", "dataset", "school_codes",
           "rows", "before", "after", "detail_complete")
HEADERS = {"id": "N° / رقم", "at": "Date / التاريخ", "username": "Utilisateur / المستخدم", "role": "Rôle / الدور",
           "via": "Via / عبر", "action": "Action / العملية", "file": "Fichier / الملف", "table_name": "Table / الجدول",
           "dataset": "Données / المعطيات", "school_codes": "Établissements / المؤسسات", "rows": "Lignes / الأسطر",
           "before": "Avant / قبل", "after": "Après / بعد", "detail_complete": "Détail complet / تفصيل كامل"}


def events(connection: Connection, scope: Scope, *, limit: int | None = None) -> pd.DataFrame:
    """Audit events, newest first; outside the whole-country scope, only those about the scope's schools."""
    query = select(*(getattr(AuditEvent, c) for c in COLUMNS)).order_by(AuditEvent.id.desc())
    if scope.level == "all":
        return pd.read_sql(query.limit(limit) if limit else query, connection)
    frame = pd.read_sql(query, connection)
    mine = set(connection.scalars(scope.filter(
        select(School.code).join(Commune, Commune.code == School.commune_code)
        .join(Province, Province.code == Commune.province_code))))
    touched = frame["school_codes"].fillna("").str.split(",")
    keep = touched.map(lambda codes: bool(mine.intersection(codes)))
    frame = frame[keep].reset_index(drop=True)
    return frame.head(limit) if limit else frame


def export_csv(connection: Connection, scope: Scope, path: Path) -> int:
    frame = events(connection, scope)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, encoding="utf-8")
    return len(frame)
