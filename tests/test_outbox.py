"""The outbox: messages queued in the caller's guarded write (scope, audit trail), not queued twice within a
resend delay, delivered at most once (SMTP, an SMS gateway), retried with growing delays."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import func, select

from workbench.access.actor import Actor, acting_as
from workbench.access.guard import guarded_write
from workbench.exceptions import InputError
from workbench.models import AuditEvent, OutboxMessage
from workbench.outbox import enqueue, recently_queued
from workbench.scope import Scope

DIRECTOR = Actor("dir11111a", "director", Scope(region="03", province="0301", school="11111A"))


def messages(n: int = 3, school: str = "11111A", **overrides) -> pd.DataFrame:
    frame = pd.DataFrame({
        "recipient_name": [f"Parent {i}" for i in range(n)],
        "channel": ["email" if i % 2 == 0 else "sms" for i in range(n)],
        "address": [f"parent{i}@example.org" if i % 2 == 0 else f"+2126000000{i:02d}" for i in range(n)],
        "language": ["ar" if i % 2 == 0 else "fr" for i in range(n)],
        "subject": [f"Sujet {i}" if i % 2 == 0 else None for i in range(n)],
        "body": [f"Message {i}" for i in range(n)],
        "school_code": school,
        "dedupe_key": [f"{school}:k{i}" for i in range(n)],
    })
    return frame.assign(**overrides)


def queue(engine, frame: pd.DataFrame, kind: str = "reminder", actor: Actor | None = None, **options):
    with acting_as(actor or Actor("admin", "administrator", Scope())):
        with guarded_write(engine, "test.outbox") as write:
            return enqueue(write.connection, frame, kind=kind, **options)


def stored(engine) -> pd.DataFrame:
    with engine.connect() as connection:
        return pd.read_sql(select(OutboxMessage).order_by(OutboxMessage.id), connection)


def test_enqueue_writes_the_rows_in_the_guarded_write_with_their_audit(engine, school_map):
    queued = queue(engine, messages(4).assign(address=["a@example.org", "", None, "+212600000003"]))
    assert (queued, queued.without_address) == (2, 2)
    rows = stored(engine)
    assert list(rows["address"]) == ["a@example.org", "+212600000003"]
    assert set(rows["state"]) == {"queued"} and set(rows["tries"]) == {0} and set(rows["kind"]) == {"reminder"}
    assert pd.isna(rows["subject"].iloc[1]) and rows["created_at"].iloc[0] == rows["next_try_at"].iloc[0]
    assert isinstance(rows["created_at"].iloc[0], pd.Timestamp) and rows["created_at"].iloc[0].microsecond >= 0
    with engine.connect() as connection:
        events = connection.execute(select(AuditEvent.table_name, AuditEvent.rows, AuditEvent.school_codes)
                                    .where(AuditEvent.action == "test.outbox")).all()
    assert [tuple(event) for event in events] == [("outbox_messages", 2, "11111A")]


def test_enqueue_needs_a_guarded_write(engine, school_map):
    with engine.begin() as connection, pytest.raises(RuntimeError, match="guarded write"):
        enqueue(connection, messages(1), kind="reminder")


def test_a_director_queues_only_for_their_school(engine, school_map):
    assert queue(engine, messages(2), actor=DIRECTOR) == 2
    with pytest.raises(InputError, match="22222B"):
        queue(engine, messages(1, school="22222B"), actor=DIRECTOR)
    assert len(stored(engine)) == 2  # nothing of the refused write


def test_the_same_message_is_not_queued_again_within_resend_after(engine, school_map):
    week = dt.timedelta(days=7)
    first = queue(engine, pd.concat([messages(2), messages(1)]), resend_after=week)  # k0 twice in one frame
    assert first == 2
    again = queue(engine, messages(3), resend_after=week)
    assert (again, again.recent) == (1, 2)  # only k2 is new
    assert queue(engine, messages(3), kind="other", resend_after=week) == 3  # another kind is another message
    assert queue(engine, messages(3)) == 3  # without resend_after, always queued
    with engine.connect() as connection:
        assert recently_queued(connection, "reminder", ["11111A:k0", "11111A:k9"], week) == {"11111A:k0"}
        # Eight days later the week is over.
        with engine.begin() as writing:
            writing.execute(OutboxMessage.__table__.update().values(
                created_at=OutboxMessage.created_at - dt.timedelta(days=8)))
    with engine.connect() as connection:
        assert recently_queued(connection, "reminder", ["11111A:k0"], week) == set()
        total = connection.execute(select(func.count()).select_from(OutboxMessage)).scalar_one()
    assert total == 2 + 1 + 3 + 3
    assert queue(engine, messages(3), resend_after=week) == 3


def test_a_bad_channel_is_a_programming_error(engine, school_map):
    with pytest.raises(ValueError, match="fax"):
        queue(engine, messages(1, channel="fax"))


def test_the_guardians_import_reads_phones_and_emails_and_lists_bad_ones_in_one_pass(enrolled, tmp_path):
    from handbuilt import run
    from massar_files import write_csv
    from sqlalchemy import create_engine

    from workbench.models import Guardian

    def guardian(code: str, cin: str, **contact) -> dict:
        return {"massar_code": code, "guardian_cin": cin, "guardian_name": f"Tuteur {cin}", "lien": "père",
                **contact}

    bad = [guardian("A000000001", "CD1", **{"téléphone": "12345", "courriel": "pas-une-adresse"}),
           guardian("A000000002", "CD2", **{"téléphone": "06 12 34 56 78", "courriel": "a@b"})]
    result = run(enrolled, "import", "guardians", write_csv(tmp_path / "bad.csv", bad))
    assert result.exit_code == 2
    assert result.output.count("numéro de téléphone") == 1 and result.output.count("adresse e-mail") == 2
    good = [guardian("A000000001", "CD1", **{"الهاتف": "06 12 34 56 78", "البريد الإلكتروني": " wali@example.ma "}),
            guardian("A000000002", "CD2", **{"الهاتف": "00212 7 00 11 22 33", "البريد الإلكتروني": ""}),
            guardian("A000000003", "CD3", **{"الهاتف": "+33 6 12 34 56 78", "البريد الإلكتروني": ""})]
    result = run(enrolled, "import", "guardians", write_csv(tmp_path / "good.csv", good))
    assert result.exit_code == 0, result.output
    engine = create_engine(enrolled)
    with engine.connect() as connection:
        stored = dict((cin, (phone, email)) for cin, phone, email in connection.execute(
            select(Guardian.cin, Guardian.phone, Guardian.email).order_by(Guardian.cin)))
    assert stored == {"CD1": ("+212612345678", "wali@example.ma"), "CD2": ("+212700112233", None),
                      "CD3": ("+33612345678", None)}
    # A file without the contact columns keeps them.
    result = run(enrolled, "import", "guardians", write_csv(tmp_path / "names.csv", [
        {k: v for k, v in guardian("A000000001", "CD1").items()}]))
    assert result.exit_code == 0, result.output
    with engine.connect() as connection:
        assert connection.execute(select(Guardian.phone, Guardian.email).where(Guardian.cin == "CD1")).one() == (
            "+212612345678", "wali@example.ma")
    engine.dispose()
