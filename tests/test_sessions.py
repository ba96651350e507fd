"""Login sessions on the server, and the login throttle, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from workbench.access import sessions
from workbench.access.users import add_user, disable_user, enable_user
from workbench.models import AuditEvent
from workbench.webauth import _same_site


def test_logout_and_disable_end_sessions_and_enable_needs_a_new_login(engine):
    add_user(engine, "amina", "a-long-password", "administrator")
    first, second = sessions.start(engine, "amina", "10.0.0.1"), sessions.start(engine, "amina", "10.0.0.2")
    assert sessions.user_of(engine, first) == "amina" and sessions.user_of(engine, "forged-token") is None
    sessions.end(engine, first)
    assert sessions.user_of(engine, first) is None and sessions.user_of(engine, second) == "amina"
    disable_user(engine, "amina")
    assert sessions.user_of(engine, second) is None
    enable_user(engine, "amina")
    assert sessions.user_of(engine, second) is None  # an ended session stays ended
    assert sessions.user_of(engine, sessions.start(engine, "amina", "10.0.0.2")) == "amina"


def test_guessing_passwords_is_slowed_then_locked_and_audited(engine):
    now = dt.datetime(2026, 1, 5, 9, 0)
    delays = []
    for attempt in range(sessions.LOCK_FAILURES):
        at = now + dt.timedelta(seconds=attempt)
        slowed = sessions.attempt(engine, "amina", "10.0.0.9", at)
        assert slowed.locked_until is None and slowed.rank == attempt + 1
        delays.append(slowed.delay)
        sessions.failed(engine, "amina", "10.0.0.9", slowed.rank, at)
    assert delays[: sessions.FREE_FAILURES] == [0.0] * sessions.FREE_FAILURES
    assert delays[sessions.FREE_FAILURES:] == sorted(delays[sessions.FREE_FAILURES:]) and delays[-1] > delays[3] > 0
    later = now + dt.timedelta(minutes=1)
    locked = sessions.attempt(engine, "amina", "10.0.0.9", later)
    assert locked.locked_until is not None and locked.locked_until > later
    assert sessions.attempt(engine, "someone-else", "10.0.0.9", later).locked_until is not None  # the address too
    assert sessions.attempt(engine, "amina", "10.0.0.9", now + dt.timedelta(minutes=30)).locked_until is None
    with engine.connect() as connection:
        actions = list(connection.scalars(select(AuditEvent.action).where(AuditEvent.username == "amina")))
    assert any("slowed down" in a for a in actions) and any("locked" in a for a in actions)


def test_only_a_local_path_may_follow_a_login():
    assert _same_site("/tayssir?x=1") == "/tayssir?x=1"
    for hostile in ("//evil.example", "/\t/evil.example/", "/\\evil.example", "https://evil.example", "/\n/evil",
                    "javascript:alert(1)", "/https:/x"):
        assert _same_site(hostile) == "/", hostile


def test_the_login_page_says_only_the_catalogues_words_for_a_refusal():
    from workbench.catalogue import text
    from workbench.webauth import _refusal

    for language in ("ar", "fr"):
        assert _refusal("refused", "", language) == text("login.refused").of(language)
        assert _refusal("throttled", "14:35", language) == text("login.throttled", time="14:35").of(language)
        assert _refusal("throttled", "<b>appelez le 0600</b>", language) == ""  # not a time: nothing said
        assert _refusal("Votre compte est bloqué, appelez le 0600000000", "", language) == ""
