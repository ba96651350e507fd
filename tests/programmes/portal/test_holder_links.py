"""A guardian removed from their children loses their portal access (issue 31, finding 3), on SQLite and
PostgreSQL: what a family sees is computed from the links at each request; a guardian with no child left has their
code and sessions ended; `workbench portal revoke --identifier CIN|MASSAR` revokes one holder's code."""

from __future__ import annotations

from handbuilt import run
from sqlalchemy import select, update

from workbench.db import write_transaction
from workbench.models import PupilGuardian
from workbench.programmes.portal import codes, logins
from workbench.programmes.portal import demo as portal_demo
from workbench.programmes.portal.models import AccessCode, PortalSession

from .conftest import YEAR


def _issue(engine):
    school, class_code = portal_demo.demo_class(engine, YEAR)
    return codes.issue_codes(engine, school, YEAR, class_code).codes


def _move_to_another_guardian(engine, massar_code: str, cin: str) -> None:
    """What a households import does when a pupil's guardian changes: the pupil's one link now names another."""
    with write_transaction(engine) as connection:
        other = connection.scalar(select(PupilGuardian.guardian_cin).where(PupilGuardian.guardian_cin != cin)
                                  .order_by(PupilGuardian.guardian_cin).limit(1))
        connection.execute(update(PupilGuardian).where(PupilGuardian.massar_code == massar_code)
                           .values(guardian_cin=other))


def test_a_guardian_removed_from_their_children_loses_them_then_their_access(demo):
    engine = demo
    issued = _issue(engine)
    guardian = issued[(issued["holder_kind"] == "guardian") & issued["massar_codes"].str.contains(";")].iloc[0]
    children = guardian["massar_codes"].split(";")
    token = logins.login(engine, "guardian", guardian["identifier"], guardian["code"], "10.0.4.1").token
    assert logins.holder_of(engine, token).pupils == tuple(sorted(children))
    _move_to_another_guardian(engine, children[0], guardian["identifier"])
    assert logins.holder_of(engine, token).pupils == tuple(sorted(children[1:]))  # at the next request
    for child in children[1:]:
        _move_to_another_guardian(engine, child, guardian["identifier"])
    assert logins.holder_of(engine, token) is None  # no child left: the session ends
    with engine.connect() as connection:
        code = connection.execute(select(AccessCode.id, AccessCode.revoked_at).where(
            AccessCode.holder_kind == "guardian", AccessCode.identifier == guardian["identifier"])).one()
        ended = connection.scalars(select(PortalSession.ended_at).where(PortalSession.code_id == code.id)).all()
    assert code.revoked_at is not None and ended and all(at is not None for at in ended)


def test_a_guardian_with_no_child_left_cannot_log_in(demo):
    engine = demo
    issued = _issue(engine)
    guardian = issued[issued["holder_kind"] == "guardian"].iloc[0]
    for child in guardian["massar_codes"].split(";"):
        _move_to_another_guardian(engine, child, guardian["identifier"])
    refused = logins.login(engine, "guardian", guardian["identifier"], guardian["code"], "10.0.4.2")
    assert refused.token is None and "révoqué" in refused.error.fr


def test_portal_revoke_ends_one_holders_code(demo, db_url):
    engine = demo
    issued = _issue(engine)
    pupil, guardian = (issued[issued["holder_kind"] == kind].iloc[0] for kind in ("pupil", "guardian"))
    pupil_token = logins.login(engine, "pupil", pupil["identifier"], pupil["code"], "10.0.4.3").token
    guardian_token = logins.login(engine, "guardian", guardian["identifier"], guardian["code"], "10.0.4.3").token
    result = run(db_url, "portal", "revoke", "--identifier", pupil["identifier"].lower())
    assert result.exit_code == 0, result.output
    assert pupil["identifier"] in result.output and "révoqué" in result.output
    assert logins.holder_of(engine, pupil_token) is None
    assert logins.holder_of(engine, guardian_token) is not None  # only that holder's
    again = run(db_url, "portal", "revoke", "--identifier", pupil["identifier"])
    assert again.exit_code == 2 and "Aucun code d'accès valable" in again.output
    bad = run(db_url, "portal", "revoke", "--identifier", "not-an-id")
    assert bad.exit_code == 2 and "ni une CIN" in bad.output
    assert run(db_url, "portal", "revoke", "--identifier", guardian["identifier"]).exit_code == 0
    assert logins.holder_of(engine, guardian_token) is None
