"""The home page after login: who the user is, their scope, the apps they may use (only those) and the latest
campaign reports about their scope."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection

from workbench import config
from workbench.appstate import AppState
from workbench.catalogue import Label, text
from workbench.exceptions import InputError
from workbench.registry import campaigns, programmes
from workbench.runner import MANIFEST_FILE, STATUS_FILE
from workbench.scope import Scope, resolve_scope


@dataclass(frozen=True)
class AppLink:
    path: str
    title: Label


def apps_for(role: str) -> list[AppLink]:
    """The apps a role may open: each programme's that admits it, then the validation desk."""
    links = [AppLink(f"/{p.id}", p.title) for p in programmes().values() if p.app_state and role in p.app_roles]
    return [*links, AppLink("/validation", text("app.validation"))]


def may_open(engine, username: str, app_name: str) -> bool:
    """Whether a user's role may open an app (a programme's app lists its roles; the core apps are everyone's)."""
    from workbench.access.users import load_actor

    programme = programmes().get(app_name)
    return programme is None or load_actor(engine, username).role in programme.app_roles


@dataclass(frozen=True)
class ReportLink:
    campaign: Label
    scope: Scope
    year: str
    finished_at: dt.datetime
    path: Path


def latest_reports(connection: Connection, reports_dir: Path, viewer: Scope, *, limit: int = 8) -> list[ReportLink]:
    """The newest finished reports whose scope meets the viewer's (theirs, inside it, or around it: a director
    sees their province's and region's reports, which carry no personal data), newest first."""
    found = []
    for manifest in reports_dir.glob(f"**/{MANIFEST_FILE}") if reports_dir.is_dir() else ():
        try:
            run = json.loads(manifest.read_text(encoding="utf-8"))
            report = manifest.parent / run["report"]
            programme = campaigns().get(run["campaign"])
            scope = resolve_scope(connection, region=run["region"] or None, province=run["province"] or None,
                                  school=run["school"] or None)
            finished = dt.datetime.fromisoformat(run["finished_at"])
        except (ValueError, KeyError, TypeError, InputError):  # a hand-edited or foreign file, or a gone scope
            continue
        if programme is None or not report.exists() or (manifest.parent / STATUS_FILE).exists():
            continue
        if viewer.covers(scope) or scope.covers(viewer):
            found.append(ReportLink(programme.title, scope, run["year"], finished, report))
    return sorted(found, key=lambda link: link.finished_at, reverse=True)[:limit]


class HomeState(AppState):
    app_name = "home"

    def links(self) -> list[AppLink]:
        return apps_for(self.actor.role)

    def reports(self, reports_dir: Path | None = None) -> list[ReportLink]:
        with self._engine.connect() as connection:
            return latest_reports(connection, reports_dir or config.reports_dir(), self.actor.scope)
