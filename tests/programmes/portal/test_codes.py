"""Access codes: who gets one, what is written for the school (portal_codes.csv, letters), what is kept (hashes
only), re-issue revokes; the family login: formats, spent, revoked and expired codes, passwords, throttling."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
import pytest
from handbuilt import run
from pypdf import PdfReader
from sqlalchemy import select

from workbench.models import AuditEvent
from workbench.programmes.portal import codes, logins
from workbench.programmes.portal.codes import CSV_COLUMNS, holders
from workbench.programmes.portal.models import AccessCode
from workbench.programmes.portal.pdfs import letters_pdf

from .conftest import YEAR
from .pdftext import arabic


def test_holders_are_each_pupil_and_each_guardian_with_all_their_children_at_the_school():
    pupils = pd.DataFrame({"massar_code": ["A1", "A2"], "school_code": ["S", "S"]})
    family = pd.DataFrame({"massar_code": ["A1", "A2", "A3", "A4"], "guardian_cin": ["G1", "G2", "G1", "G3"],
                           "school_code": ["S"] * 4})
    found = holders(pupils, family)
    assert found[found["holder_kind"] == "pupil"]["identifier"].tolist() == ["A1", "A2"]
    guardians = found[found["holder_kind"] == "guardian"].set_index("identifier")["massar_codes"].to_dict()
    # G1's child A3 is in another class: the guardian's code shows both; G3 has no child in the class: no code.
    assert guardians == {"G1": ["A1", "A3"], "G2": ["A2"]}


def test_codes_are_written_once_for_the_school_and_stored_only_as_hashes(issued):
    assert list(issued.codes.columns) == CSV_COLUMNS
    assert set(issued.codes["holder_kind"]) == {"pupil", "guardian"}
    plain = set(issued.codes["code"].str.replace("-", ""))
    with issued.engine.connect() as connection:
        stored = pd.read_sql(select(AccessCode.__table__), connection)
        trail = pd.read_sql(select(AuditEvent.before, AuditEvent.after, AuditEvent.action), connection)
    assert len(stored) == len(issued.codes)
    assert stored["code_hash"].str.startswith("$argon2id$").all()
    everything = stored.to_string() + trail.to_string()
    assert not any(code in everything or f"{code[:5]}-{code[5:]}" in everything for code in plain)
    assert "issue portal codes" in set(trail["action"])


def test_re_issuing_revokes_the_previous_code_and_ends_its_sessions(issued):
    guardian = issued.guardian()
    first = logins.login(issued.engine, "guardian", guardian["identifier"], guardian["code"], "10.0.0.1")
    assert first.token and logins.holder_of(issued.engine, first.token) is not None
    again = codes.issue_codes(issued.engine, issued.school, YEAR, issued.class_code)
    assert again.revoked == len(issued.codes)
    assert logins.holder_of(issued.engine, first.token) is None  # the open session ended with the old code
    refused = logins.login(issued.engine, "guardian", guardian["identifier"], guardian["code"], "10.0.0.1")
    assert refused.token is None and "révoqué" in refused.error.fr and "ملغى" in refused.error.ar
    new = again.codes.set_index(["holder_kind", "identifier"]).loc[("guardian", guardian["identifier"]), "code"]
    assert logins.login(issued.engine, "guardian", guardian["identifier"], new, "10.0.0.1").token


def test_a_code_opens_one_session_unless_the_holder_chose_a_password(issued):
    guardian = issued.guardian()
    first = logins.login(issued.engine, "guardian", guardian["identifier"], guardian["code"].lower(), "10.0.0.2")
    assert first.token  # typed in small letters, the dash kept: still the code
    spent = logins.login(issued.engine, "guardian", guardian["identifier"], guardian["code"], "10.0.0.2")
    assert spent.token is None and "déjà servi" in spent.error.fr and spent.error.ar
    holder = logins.holder_of(issued.engine, first.token)
    logins.set_password(issued.engine, holder, "jasmin-2026")
    assert logins.login(issued.engine, "guardian", guardian["identifier"], "jasmin-2026", "10.0.0.2").token
    assert logins.login(issued.engine, "guardian", guardian["identifier"], "jasmin-2027", "10.0.0.2").token is None
    with issued.engine.connect() as connection:
        stored = connection.scalar(select(AccessCode.password_hash).where(AccessCode.id == holder.code_id))
    assert stored.startswith("$argon2id$") and "jasmin" not in stored


def test_bad_identifiers_and_expired_codes_are_told_in_both_languages(issued):
    guardian = issued.guardian()
    bad = logins.login(issued.engine, "guardian", "12345678", guardian["code"], "10.0.0.3")
    assert bad.token is None and "CIN invalide" in bad.error.fr and "البطاقة الوطنية" in bad.error.ar
    bad = logins.login(issued.engine, "pupil", "C12", "x", "10.0.0.3")
    assert bad.token is None and "Code Massar invalide" in bad.error.fr
    later = dt.datetime.now() + dt.timedelta(days=codes.CODE_VALID_DAYS + 1)
    expired = logins.login(issued.engine, "guardian", guardian["identifier"], guardian["code"], "10.0.0.3", now=later)
    assert expired.token is None and "expiré" in expired.error.fr and "انتهت صلاحية" in expired.error.ar


def test_guessing_is_slowed_then_locked_per_identifier_and_per_address(issued):
    from workbench.access import sessions

    guardian = issued.guardian()
    for _ in range(sessions.LOCK_FAILURES):
        assert logins.login(issued.engine, "guardian", guardian["identifier"], "WRONGWRONG", "10.0.0.4").token is None
    locked = logins.login(issued.engine, "guardian", guardian["identifier"], guardian["code"], "10.0.0.9")
    assert locked.token is None and "Trop d'essais" in locked.error.fr  # the right code waits too
    other = issued.guardian(1)
    from_same_address = logins.login(issued.engine, "guardian", other["identifier"], other["code"], "10.0.0.4")
    assert from_same_address.token is None and "Trop d'essais" in from_same_address.error.fr


def test_revoking_a_code_ends_its_sessions(issued):
    pupil = issued.codes[issued.codes["holder_kind"] == "pupil"].iloc[0]
    token = logins.login(issued.engine, "pupil", pupil["identifier"], pupil["code"], "10.0.0.5").token
    holder = logins.holder_of(issued.engine, token)
    assert holder.pupils == (pupil["identifier"],)
    logins.revoke_code(issued.engine, holder.code_id)
    assert logins.holder_of(issued.engine, token) is None


def test_letters_print_shaped_arabic_one_page_per_family(issued):
    reader = PdfReader(io.BytesIO(letters_pdf(issued.letters.head(3))))
    assert len(reader.pages) == 3
    first = issued.letters.iloc[0]
    page = reader.pages[0].extract_text()
    assert "رمز الولوج إلى الخدمات الإلكترونية للآباء والتلاميذ" in page
    assert arabic(first["school_name_ar"]) in arabic(page) and arabic(first["holder_ar"]) in arabic(page)
    assert first["code"] in page and first["identifier"] in page
    assert "Code d'accès aux e-services des parents et des élèves" in page


def test_the_cli_writes_the_csv_and_the_letters(tiny_demo_url, tmp_path):
    from workbench.db import make_engine
    from workbench.programmes.portal import demo

    school, class_code = demo.demo_class(make_engine(tiny_demo_url), YEAR)
    result = run(tiny_demo_url, "portal", "issue-codes", "--school", school, "--class", class_code, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    written = pd.read_csv(tmp_path / "portal_codes.csv", dtype=str)
    assert list(written.columns) == CSV_COLUMNS
    assert len(PdfReader(tmp_path / "portal_letters.pdf").pages) == len(written)
    demo_run = run(tiny_demo_url, "portal", "issue-codes", "--demo", "--out", tmp_path / "demo")
    assert demo_run.exit_code == 0 and "portal_codes.csv" in demo_run.output and "/eservices" in demo_run.output
    assert "codes précédents révoqués" in demo_run.output
    # The demo's certificate, printed for a newcomer to verify and revoke.
    certificate = re.search(r"verify ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", demo_run.output).group(1)
    verified = run(tiny_demo_url, "certificate", "verify", certificate)
    assert verified.exit_code == 0 and verified.output.startswith("valid") and school in verified.output
    assert run(tiny_demo_url, "portal", "issue-codes", "--school", "99999Z", "--out", tmp_path / "x").exit_code == 2


def test_letters_for_families_never_carry_this_machines_address(tiny_demo_url, tmp_path, monkeypatch):
    """A family's phone cannot open localhost: without the portal's public address, no code is issued (the demo,
    said to be one, may)."""
    from workbench.db import make_engine
    from workbench.programmes.portal import demo

    school, class_code = demo.demo_class(make_engine(tiny_demo_url), YEAR)
    for address in (None, "http://127.0.0.1:5006/eservices", "http://localhost:5006/eservices"):
        if address:
            monkeypatch.setenv("WORKBENCH_PORTAL_URL", address)
        else:
            monkeypatch.delenv("WORKBENCH_PORTAL_URL")
        refused = run(tiny_demo_url, "portal", "issue-codes", "--school", school, "--class", class_code,
                      "--out", tmp_path / "letters")
        assert refused.exit_code == 2 and "WORKBENCH_PORTAL_URL" in refused.output, refused.output
        assert "désigne cette machine" in refused.output and not (tmp_path / "letters").exists()
    assert run(tiny_demo_url, "portal", "issue-codes", "--demo", "--out", tmp_path / "demo").exit_code == 0


def test_a_server_others_reach_is_refused_while_letters_would_print_this_machines_address(monkeypatch, tmp_path):
    """`workbench serve` on an address other machines reach, with the portal's address on this machine: refused
    before anything starts, saying what to set (or --demo); on this machine alone (`make serve`, the tests), with a
    public portal address or as a demo: served."""
    import workbench.cli
    from workbench.programmes.portal.serving import serve_check

    monkeypatch.setattr(workbench.cli.subprocess, "call", lambda *a, **k: pytest.fail("a server was started"))
    monkeypatch.delenv("WORKBENCH_PORTAL_URL")
    for address in ("0.0.0.0", "192.168.1.20", ""):
        refused = run(f"sqlite:///{tmp_path / 'none.db'}", "serve", "--address", address)
        assert refused.exit_code == 2 and "WORKBENCH_PORTAL_URL" in refused.output and "--demo" in refused.output
    assert serve_check("0.0.0.0", True) is None
    assert all(serve_check(address, False) is None for address in ("localhost", "127.0.0.1", "::1", "[::1]"))
    monkeypatch.setenv("WORKBENCH_PORTAL_URL", "https://eservices.example.ma/eservices")
    assert serve_check("0.0.0.0", False) is None
