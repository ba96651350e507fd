"""Issue 31, finding 5: the audit chain keyed with a secret kept outside the database (WORKBENCH_AUDIT_KEY), and a
head checkpoint file (`workbench audit checkpoint`) compared by `workbench audit verify`: a deleted tail and a
chain recomputed without the key are found, naming the event. On SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from handbuilt import COMMUNES, run
from massar_files import write_csv
from sqlalchemy import select, text

from workbench.access import chain
from workbench.db import make_engine
from workbench.models import AuditEvent


@pytest.fixture
def keyed(school_map, tmp_path, monkeypatch) -> str:
    """The hand-built map (its events unkeyed: written before the key was set), then two imports with the key."""
    monkeypatch.setenv("WORKBENCH_AUDIT_KEY", "a-secret-outside-the-database")
    for number in range(2):
        assert run(school_map, "import", "communes", write_csv(tmp_path / f"c{number}.csv", COMMUNES)).exit_code == 0
    return school_map


def _apart(url: str, *statements: str, **values) -> None:
    """Someone owning the tables sets the triggers aside and changes the trail."""
    pause, resume = (("DROP TRIGGER IF EXISTS audit_events_no_update", "DROP TRIGGER IF EXISTS audit_events_no_delete")
                     if url.startswith("sqlite") else
                     ("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change",
                      "ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change"))
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(pause))
        if url.startswith("sqlite"):
            connection.execute(text(resume))
        for statement in statements:
            connection.execute(text(statement), values)
        if not url.startswith("sqlite"):
            connection.execute(text(resume))
    engine.dispose()


def _ids(url: str) -> list[int]:
    engine = make_engine(url)
    with engine.connect() as connection:
        ids = list(connection.scalars(select(AuditEvent.id).order_by(AuditEvent.id)))
    engine.dispose()
    return ids


def test_a_deleted_tail_is_found_against_the_checkpoint(keyed, tmp_path):
    head = tmp_path / "head.json"
    result = run(keyed, "audit", "checkpoint", "--file", head)
    assert result.exit_code == 0, result.output
    ids = _ids(keyed)
    assert json.loads(head.read_text())["id"] == ids[-1] and oct(head.stat().st_mode & 0o777) == "0o600"
    result = run(keyed, "audit", "verify", "--checkpoint", head)
    assert result.exit_code == 0 and "intact" in result.output and "est respecté" in result.output, result.output
    _apart(keyed, "DELETE FROM audit_events WHERE id >= :id", id=ids[-2])  # the last two events
    assert run(keyed, "audit", "verify").exit_code == 0  # the chain alone cannot tell
    result = run(keyed, "audit", "verify", "--checkpoint", head)
    assert result.exit_code == 1, result.output
    assert f"l'événement {ids[-1]} du point de contrôle" in result.output
    assert f"{len(ids):,} événements jusqu'à lui au point de contrôle, {len(ids) - 2:,} maintenant" in result.output
    assert f"dernier présent : {ids[-3]}" in result.output


def test_a_chain_recomputed_without_the_key_is_found_at_the_event_edited(keyed, tmp_path):
    head = tmp_path / "head.json"
    assert run(keyed, "audit", "checkpoint", "--file", head).exit_code == 0
    ids = _ids(keyed)
    edited = ids[-2]
    # the event edited, then every link from it recomputed as the code does, but without the key
    engine = make_engine(keyed)
    with engine.connect() as connection:
        events = [dict(row) for row in connection.execute(select(AuditEvent).order_by(AuditEvent.id)).mappings()]
    engine.dispose()
    previous, updates = "", []
    for event in events:
        if event["id"] == edited:
            event["username"] = "nobody"
        if event["id"] >= edited:
            event["chain"] = chain.link(previous, event)
            updates.append(event)
        previous = event["chain"]
    _apart(keyed, *(f"UPDATE audit_events SET username = '{e['username']}', chain = '{e['chain']}' "
                    f"WHERE id = {e['id']}" for e in updates))
    result = run(keyed, "audit", "verify")  # the key alone finds it: the keyed links cannot be recomputed
    assert result.exit_code == 1 and f"l'événement {edited} ne suit pas" in result.output, result.output
    result = run(keyed, "audit", "verify", "--checkpoint", head)
    assert result.exit_code == 1 and f"l'événement {edited} ne suit pas" in result.output, result.output


def test_a_checkpoint_not_signed_with_the_key_is_refused(keyed, tmp_path, monkeypatch):
    head = tmp_path / "head.json"
    assert run(keyed, "audit", "checkpoint", "--file", head).exit_code == 0
    saved = json.loads(head.read_text())
    head.write_text(json.dumps({**saved, "id": saved["id"] - 1}))  # moved back by hand to hide a deleted tail
    result = run(keyed, "audit", "verify", "--checkpoint", head)
    assert result.exit_code == 1 and "n'est pas signé avec cette clé d'audit" in result.output, result.output
