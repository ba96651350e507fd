"""The portal's whole path on both stores (SQLite and PostgreSQL): codes issued, a guardian's login, a request made
ready by the school, the certificate verified and revoked."""

from __future__ import annotations

from sqlalchemy import select

from workbench.access.actor import acting_as
from workbench.access.users import list_users, load_actor
from workbench.programmes.portal import certificates, codes, logins, requests
from workbench.programmes.portal.demo import demo_class
from workbench.programmes.portal.models import AccessCode, Certificate

from .conftest import YEAR


def test_codes_requests_and_certificates_on_each_store(demo):
    engine = demo
    school, class_code = demo_class(engine, YEAR)
    issued = codes.issue_codes(engine, school, YEAR, class_code)
    guardian = issued.codes[issued.codes["holder_kind"] == "guardian"].iloc[0]
    token = logins.login(engine, "guardian", guardian["identifier"], guardian["code"], "10.2.0.1").token
    holder = logins.holder_of(engine, token)
    assert holder.pupils == tuple(guardian["massar_codes"].split(";"))
    number = requests.submit(engine, holder, holder.pupils[0], "schooling_certificate", YEAR)
    users = list_users(engine)
    director = load_actor(engine, users[users["school_code"] == school]["username"].iloc[0])
    with acting_as(director):
        assert requests.act(engine, number, "ready") == "ready"
    with engine.connect() as connection:
        code = connection.scalar(select(Certificate.verification_code).where(Certificate.request_id == number))
        assert connection.scalar(select(AccessCode.code_hash).where(AccessCode.id == holder.code_id)) \
            .startswith("$argon2id$")
    assert certificates.verify(engine, certificates.shown(code)).status == "valid"
    with acting_as(director):
        certificates.revoke(engine, code, "test")
    assert certificates.verify(engine, code).status == "revoked"
    again = codes.issue_codes(engine, school, YEAR, class_code)
    assert again.revoked == len(issued.codes) and logins.holder_of(engine, token) is None
