"""The families' login under parallel tries, and kept apart from the staff login (issue 31, findings 1 and 2), on
SQLite and PostgreSQL: a burst of codes for one holder checks at most LOCK_FAILURES of them and the right code after
the lock is refused; a family's failures never slow down or lock the staff login from the same address."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from workbench.access import sessions, users
from workbench.access.users import add_user
from workbench.programmes.portal import codes, logins
from workbench.programmes.portal import demo as portal_demo

from .conftest import YEAR

CIN = "AB123456"  # a well-formed CIN that holds no code


def _counting_checks(monkeypatch) -> list[str]:
    checked, lock = [], threading.Lock()
    real = logins.matches

    def matches(stored, secret):
        with lock:
            checked.append(secret)
        return real(stored, secret)

    monkeypatch.setattr(logins, "matches", matches)
    return checked


def test_a_burst_of_codes_for_one_holder_checks_at_most_the_locks_number(demo, monkeypatch):
    engine = demo
    school, class_code = demo_module_class(engine)
    issued = codes.issue_codes(engine, school, YEAR, class_code)
    guardian = issued.codes[issued.codes["holder_kind"] == "guardian"].iloc[0]
    checked = _counting_checks(monkeypatch)
    burst = 40
    start = threading.Barrier(burst)

    def guess(rank: int) -> logins.LoginOutcome:
        start.wait()
        return logins.login(engine, "guardian", guardian["identifier"], f"WRONG{rank:05}", f"10.0.1.{rank}")

    with ThreadPoolExecutor(burst) as pool:
        outcomes = list(pool.map(guess, range(burst)))
    assert all(outcome.token is None for outcome in outcomes)
    tried = {secret for secret in checked if secret.startswith("WRONG")}
    assert len(tried) <= sessions.LOCK_FAILURES, sorted(tried)
    assert sum("Trop d'essais" in outcome.error.fr for outcome in outcomes) >= burst - sessions.LOCK_FAILURES
    right = logins.login(engine, "guardian", guardian["identifier"], guardian["code"], "10.0.2.1")
    assert right.token is None and "Trop d'essais" in right.error.fr


def demo_module_class(engine) -> tuple[str, str]:
    return portal_demo.demo_class(engine, YEAR)


def test_families_failures_never_lock_the_staff_login_from_the_same_address(engine):
    add_user(engine, "amina", "a-long-password", "administrator")
    for rank in range(sessions.LOCK_FAILURES + 2):  # e.g. every family behind one reverse proxy
        failed = logins.login(engine, "guardian", f"AB{123456 + rank}", "WRONGWRONG", "10.0.0.7")
        assert failed.token is None
    locked = logins.login(engine, "guardian", CIN, "WRONGWRONG", "10.0.0.7")
    assert "Trop d'essais" in locked.error.fr  # the families' login from that address is locked
    staff = asyncio.run(users.log_in(engine, "amina", "a-long-password", "10.0.0.7"))
    assert staff.locked_until is None and staff.token  # the staff login from there is not slowed down
