"""The home page after login: who the user is, their scope, the apps they may use (only those), the latest
campaign reports about their scope and the outbox's messages of their scope (docs/outbox.md)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection

from workbench import config
from workbench.appstate import AppState
from workbench.catalogue import Label, text
from workbench.exceptions import InputError
from workbench.outbox import listing
from workbench.registry import campaigns, programmes
from workbench.report import number
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

    def messages(self) -> Messages:
        """The outbox as the user's scope sees it (as `workbench outbox list` does): how many messages are in each
        state, and the latest of them in words."""
        with self._engine.connect() as connection:
            counts = listing.counts_of(connection, self.actor.scope)
            latest = listing.messages_of(connection, self.actor.scope, limit=LATEST_MESSAGES)
        return Messages(states_in_words(counts, self.lang), sum(counts.values()),
                        listing.worded(latest, self.lang)[list(MESSAGE_HEADERS)])


# What the home page shows of each message: no address (a family's phone is not for a screen read over a shoulder)
MESSAGE_HEADERS: dict[str, Label] = {column: listing.HEADERS[column] for column in (
    "created_at", "state", "kind", "school_code", "recipient_name", "channel", "tries", "sent_at", "last_error")}
LATEST_MESSAGES = 1000  # the newest messages the page holds (paged on the server); the counts are of every message
COUNTED_STATES = ("queued", "sent", "failed")  # always said, 0 included; `sending` only while a sender holds one


@dataclass(frozen=True)
class Messages:
    counts: list[tuple[str, str, str]]  # (state, in words, how many as a figure): queued, [sending,] sent, failed
    total: int
    latest: pd.DataFrame  # the newest LATEST_MESSAGES, MESSAGE_HEADERS' columns, in words


def states_in_words(counts: dict[str, int], lang: str) -> list[tuple[str, str, str]]:
    """Each state, its words and its count ('queued', 'في الانتظار', '1 200'), the figure parted as the reports
    part it."""
    shown = [state for state in counts if state in COUNTED_STATES or counts[state]]  # the outbox's order of states
    return [(state, text(f"outbox.state.{state}").of(lang), number(counts[state])) for state in shown]
