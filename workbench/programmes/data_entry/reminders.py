"""Reminders to the directors of late schools, queued in the outbox (workbench.outbox) in one guarded write: one
per late (school, dataset, period), in the director's language, by e-mail when the director has an address, else
by SMS; the same reminder is not queued again within 7 days (rules.md, "Data-entry completion")."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine

from workbench.access.actor import current_actor
from workbench.access.guard import guarded_write
from workbench.db import require_schema
from workbench.outbox import Enqueued, enqueue
from workbench.programmes.data_entry import logic, outputs, queries
from workbench.programmes.data_entry.campaign import compute_scope
from workbench.scope import Scope

KIND = "reminder"
RESEND_AFTER = dt.timedelta(days=7)
ROLES = ("province_officer", "region_officer", "trainer", "administrator")


def dedupe_keys(rows: pd.DataFrame) -> pd.Series:
    return rows["school_code"] + "|" + rows["dataset"] + "|" + rows["period"]


def messages(late: pd.DataFrame, directors: pd.DataFrame, schools: pd.DataFrame) -> pd.DataFrame:
    """The outbox's rows of the late rows (`late`: completion rows): one per row, to the school's director (the
    first active director account by user name), in the director's language, e-mailed when they have an address,
    else sent by SMS. A school without an active director, or a director without an e-mail address or a phone, gets
    a row without an address, which the outbox counts as unreachable."""
    columns = ["recipient_name", "channel", "address", "language", "subject", "body", "school_code", "dedupe_key"]
    if late.empty:
        return pd.DataFrame(columns=columns)
    chosen = directors[directors["active"].astype(bool)].sort_values("username").drop_duplicates("school_code")
    texts = outputs.reminders(late, schools, logic.directors(chosen))
    frame = texts[["school_code", "dataset", "period", "message_ar", "message_fr"]].merge(
        chosen[["school_code", "full_name", "language", "email", "phone"]], on="school_code", how="left")
    language = frame["language"].where(frame["language"].isin(("ar", "fr")), "ar")
    email = frame["email"].astype("string").str.strip()
    phone = frame["phone"].astype("string").str.strip()
    by_email = (email.notna() & (email != "")).astype(bool)
    subject = pd.Series(None, index=frame.index, dtype=object)
    for lang in ("ar", "fr"):
        chosen_lang = language == lang
        subject[chosen_lang] = outputs.subjects(frame[chosen_lang], lang)
    return pd.DataFrame({
        "recipient_name": frame["full_name"].fillna(""), "channel": by_email.map({True: "email", False: "sms"}),
        "address": email.where(by_email, phone).astype(object), "language": language,
        "subject": subject.where(by_email, None),
        "body": frame["message_ar"].where(language == "ar", frame["message_fr"]),
        "school_code": frame["school_code"], "dedupe_key": dedupe_keys(frame)})[columns]


def queue(connection: Connection, year: str, as_of: dt.date, schools: list[str] | None = None) -> Enqueued:
    """Queue the reminders of the acting user's scope in the caller's guarded write."""
    scope = current_actor().scope
    result = compute_scope(connection, scope, year, as_of)
    late = logic.late_rows(result.rows)
    if schools:
        late = late[late["school_code"].isin(schools)]
    return enqueue_rows(connection, late, scope, result.schools)


def enqueue_rows(connection: Connection, late: pd.DataFrame, scope: Scope, schools: pd.DataFrame) -> Enqueued:
    """Queue the reminders of these late rows (completion rows) to the directors of `scope`'s schools."""
    return enqueue(connection, messages(late, queries.directors(connection, scope), schools), kind=KIND,
                   resend_after=RESEND_AFTER)


def queue_reminders(engine: Engine, year: str, as_of: dt.date, schools: list[str] | None = None) -> Enqueued:
    require_schema(engine)
    with guarded_write(engine, "queue reminders", roles=ROLES) as write:
        if schools:
            write.check_scope(sorted(set(schools)))
        write.scoped = True
        return queue(write.connection, year, as_of, schools)
