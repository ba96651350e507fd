"""What a logged-in family may reach (only their pupils, whatever a page sends), requests and the desk's steps,
certificates: issued when ready, verified by anyone, revoked in the audit trail; the certificate's Arabic read back."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest
from handbuilt import run
from sqlalchemy import select, update

from workbench.access.actor import acting_as
from workbench.access.users import load_actor
from workbench.exceptions import InputError
from workbench.models import AuditEvent, Enrolment
from workbench.programmes.portal import certificates, family, logins, requests
from workbench.programmes.portal.eservices import FamilyPortal
from workbench.programmes.portal.pdfs import certificate_pdf
from workbench.programmes.portal.requests import TRANSITIONS, next_state

from .conftest import YEAR
from .pdftext import JOINED_SHEEN_HEH, arabic, embedded_glyphs, pages


def _holder(issued, line):
    token = logins.login(issued.engine, line["holder_kind"], line["identifier"], line["code"], "10.1.0.1").token
    return token, logins.holder_of(issued.engine, token)


def _director(issued):
    from workbench.access.users import list_users

    users = list_users(issued.engine)
    return load_actor(issued.engine, users[users["school_code"] == issued.school]["username"].iloc[0])


@pytest.mark.parametrize("state,action,kind,expected", [
    ("new", "accept", "transcript", "accepted"), ("new", "ready", "schooling_certificate", "ready"),
    ("accepted", "ready", "transcript", "ready"), ("new", "refuse", "appointment", "refused"),
    ("accepted", "refuse", "schooling_certificate", "refused")])
def test_the_desk_moves_a_request_along(state, action, kind, expected):
    assert next_state(kind, state, action) == expected


@pytest.mark.parametrize("state,action,kind", [("ready", "refuse", "transcript"), ("refused", "accept", "transcript"),
                                               ("ready", "accept", "transcript"), ("new", "ready", "appointment"),
                                               ("accepted", "accept", "transcript")])
def test_a_step_that_does_not_follow_is_refused(state, action, kind):
    assert (state, action) not in TRANSITIONS or kind == "appointment"
    with pytest.raises(InputError):
        next_state(kind, state, action)


def test_a_guardian_reaches_only_their_children_whatever_the_page_sends(issued):
    token, mine = _holder(issued, issued.guardian(0))
    _, theirs = _holder(issued, issued.guardian(1))
    assert len(mine.pupils) >= 2 and not set(mine.pupils) & set(theirs.pupils)
    other = [theirs.pupils[0]]
    with issued.engine.connect() as connection:
        assert set(family.identity(connection, mine, YEAR)["massar_code"]) == set(mine.pupils)
        for query in (family.marks, family.absences, family.timetable):
            assert set(query(connection, mine, YEAR)["massar_code"]) <= set(mine.pupils)
            with pytest.raises(InputError):
                query(connection, mine, YEAR, other)
            with pytest.raises(InputError):
                query(connection, mine, YEAR, [mine.pupils[0], *other])
        with pytest.raises(InputError):
            family.coming_tests(connection, mine, YEAR, massar_codes=other)
    portal = FamilyPortal(token, db_url=issued.url, year=YEAR)
    home = portal.home(today=dt.date(2025, 9, 1))
    for frame in (home.pupils, home.marks, home.absences, home.timetable, home.tests, home.kit):
        assert set(frame["massar_code"]) <= set(mine.pupils)
    assert not home.marks.empty and set(home.pupils["massar_code"]) == set(mine.pupils)
    # A request or a certificate of another family's child: refused, nothing written.
    assert not portal.request(theirs.pupils[0], "schooling_certificate")
    assert "ne fait pas partie" in portal.message or "ليس ضمن" in portal.message
    their_child = next(code for code in theirs.pupils if code in set(issued.codes["identifier"]))
    _, their_session = _holder(issued, issued.pupil(their_child))
    number = requests.submit(issued.engine, their_session, their_child, "schooling_certificate", YEAR)
    with acting_as(_director(issued)):
        requests.act(issued.engine, number, "ready")
    with pytest.raises(InputError):
        portal.certificate_pdf(number)
    assert requests.holder_requests(issued.engine, mine).empty
    # The holder is read from the session only: a forged holder with another family's pupils has no session.
    forged = dataclasses.replace(mine, pupils=theirs.pupils)
    assert logins.holder_of(issued.engine, token).pupils == mine.pupils != forged.pupils


def test_a_request_for_a_pupil_who_left_is_refused_in_both_languages(issued):
    _, holder = _holder(issued, issued.guardian(0))
    with issued.engine.begin() as connection:
        connection.execute(update(Enrolment).where(Enrolment.massar_code == holder.pupils[0], Enrolment.year == YEAR)
                           .values(left_on=dt.date(2025, 11, 3)))
    with pytest.raises(InputError) as refused:
        requests.submit(issued.engine, holder, holder.pupils[0], "transcript", YEAR)
    assert "a quitté l'établissement (le 2025-11-03)" in refused.value.label.fr
    assert "غادر(ت) المؤسسة" in refused.value.label.ar
    assert requests.holder_requests(issued.engine, holder).empty


def test_an_appointment_needs_a_date_and_a_reason_and_is_accepted_with_a_date(issued):
    _, holder = _holder(issued, issued.guardian(0))
    with pytest.raises(InputError):
        requests.submit(issued.engine, holder, holder.pupils[0], "appointment", YEAR, reason="notes")
    wished = dt.date.today() + dt.timedelta(days=3)
    number = requests.submit(issued.engine, holder, holder.pupils[0], "appointment", YEAR, wished_on=wished,
                             reason="Les notes de mathématiques")
    with acting_as(_director(issued)):
        with pytest.raises(InputError):
            requests.act(issued.engine, number, "accept")
        assert requests.act(issued.engine, number, "accept", on=wished) == "accepted"
        with pytest.raises(InputError):
            requests.act(issued.engine, number, "ready")
    shown = requests.holder_requests(issued.engine, holder).iloc[0]
    assert shown["state"] == "accepted" and str(shown["accepted_on"])[:10] == wished.isoformat()


def test_a_director_acts_only_on_their_school_and_a_refusal_needs_a_reason(issued):
    from workbench.access.users import list_users

    _, holder = _holder(issued, issued.guardian(0))
    number = requests.submit(issued.engine, holder, holder.pupils[0], "transcript", YEAR)
    users = list_users(issued.engine)
    others = users[(users["role"] == "director") & (users["school_code"] != issued.school)]
    with acting_as(load_actor(issued.engine, others["username"].iloc[0])), pytest.raises(InputError):
        requests.act(issued.engine, number, "refuse", reason="non")
    with acting_as(_director(issued)):
        with pytest.raises(InputError):
            requests.act(issued.engine, number, "refuse")
        assert requests.act(issued.engine, number, "refuse", reason="Demande en double") == "refused"
    assert requests.holder_requests(issued.engine, holder).iloc[0]["refusal_reason"] == "Demande en double"


def test_a_ready_certificate_verifies_then_is_revoked_in_the_trail(issued, tmp_path):
    token, holder = _holder(issued, issued.guardian(0))
    number = requests.submit(issued.engine, holder, holder.pupils[0], "schooling_certificate", YEAR)
    with acting_as(_director(issued)):
        requests.act(issued.engine, number, "accept")
        requests.act(issued.engine, number, "ready")
    portal = FamilyPortal(token, db_url=issued.url, year=YEAR)
    text = pages(portal.certificate_pdf(number))[0]
    pupil = portal.home().pupils.set_index("massar_code").loc[holder.pupils[0]]
    assert "شهادة مدرسية" in text and "Certificat de scolarité" in text
    assert arabic(f"{pupil['last_name_ar']} {pupil['first_name_ar']}") in arabic(text)
    assert arabic(pupil["school_ar"]) in arabic(text) and holder.pupils[0] in text and YEAR in text
    with issued.engine.connect() as connection:
        code = connection.scalar(select(certificates.Certificate.verification_code)
                                 .where(certificates.Certificate.request_id == number))
    shown = certificates.shown(code)
    assert shown in text
    valid = run(issued.url, "certificate", "verify", shown)
    lines = valid.output.splitlines()
    assert valid.exit_code == 0 and lines[0] == "valid" and issued.school in lines[1] and lines[2] == YEAR
    assert lines[3] == "Certificat valide"  # the verdict in the words of the command line's language
    assert holder.pupils[0] not in valid.output  # nothing about the pupil
    director = _director(issued)
    revoked = run(issued.url, "--user", director.username, "certificate", "revoke", shown, "--reason", "erreur")
    assert revoked.exit_code == 0, revoked.output
    after = run(issued.url, "certificate", "verify", shown.lower())
    assert after.exit_code == 1 and after.output.splitlines()[0] == "revoked" and YEAR in after.output
    unknown = run(issued.url, "certificate", "verify", "AAAA-BBBB-CCCC")
    assert unknown.exit_code == 1 and unknown.output.splitlines() == ["unknown", "Code inconnu"]  # and in words
    with issued.engine.connect() as connection:
        trail = connection.execute(select(AuditEvent.username, AuditEvent.after).where(
            AuditEvent.action == "revoke certificate")).all()
    assert [row.username for row in trail] == [director.username] and "erreur" in trail[0].after
    with pytest.raises(InputError):
        portal.certificate_pdf(number)  # a revoked certificate is no longer handed out


def test_certificate_content_renders_arabic(issued):
    with issued.engine.connect() as connection:
        row = connection.execute(select(Enrolment.massar_code).where(Enrolment.school_code == issued.school)).first()
    with acting_as(_director(issued)):
        from workbench.access.guard import guarded_write

        with guarded_write(issued.engine, "test certificate") as write:
            write.check_scope([issued.school])
            code = certificates.issue(write, row.massar_code, issued.school, YEAR)
    with issued.engine.connect() as connection:
        content = certificates.content(connection, code)
    text = pages(certificate_pdf(content))[0]
    assert arabic(content.level_ar) in arabic(text) and arabic(content.school_ar) in arabic(text)
    assert "يشهد مدير المؤسسة" in text and content.level_fr in text
    assert JOINED_SHEEN_HEH <= embedded_glyphs(certificate_pdf(content))  # letters joined, not drawn isolated
    assert arabic(f"الاسم الكامل {content.last_name_ar} {content.first_name_ar}") in arabic(text)


def test_a_ready_transcript_states_the_report_cards_and_verifies_as_a_transcript(issued):
    """A transcript marked ready gets a verification code as a certificate does (the same page and command check it)
    and prints the report cards' averages, coefficients and rank of each semester (report_cards)."""
    from workbench.programmes.report_cards import logic
    from workbench.programmes.report_cards.pupil import card_data

    token, holder = _holder(issued, issued.guardian(0))
    pupil = holder.pupils[0]
    number = requests.submit(issued.engine, holder, pupil, "transcript", YEAR)
    portal = FamilyPortal(token, db_url=issued.url, year=YEAR)
    with pytest.raises(InputError):
        portal.transcript_pdf(number)  # not ready yet
    with acting_as(_director(issued)):
        requests.act(issued.engine, number, "ready")
    text = "\n".join(pages(portal.transcript_pdf(number, today=dt.date(2026, 2, 2))))
    with issued.engine.connect() as connection:
        rows = card_data(connection, pupil, YEAR).rows
        code = connection.scalar(select(certificates.Certificate.verification_code)
                                 .where(certificates.Certificate.request_id == number))
    mine = rows[rows["massar_code"] == pupil]
    assert not mine.empty
    assert "Relevé de notes" in text and arabic("كشف النقط") in arabic(text)
    assert pupil in text and YEAR in text and "2026-02-02" in text
    assert logic.shown(mine["semester_average"]).iloc[0] in text
    for row in mine.to_dict("records"):
        assert logic.shown(pd.Series([row["average"]])).iloc[0] in text
    assert certificates.shown(code) in text
    valid = run(issued.url, "certificate", "verify", certificates.shown(code))
    assert valid.exit_code == 0 and valid.output.splitlines()[0] == "valid" and "Relevé de notes" in valid.output
    assert pupil not in valid.output
    other = requests.submit(issued.engine, holder, pupil, "schooling_certificate", YEAR)
    with acting_as(_director(issued)):
        requests.act(issued.engine, other, "ready")
    with pytest.raises(InputError):
        portal.transcript_pdf(other)  # a certificate's request is no transcript
    with pytest.raises(InputError):
        portal.certificate_pdf(number)  # nor a transcript's a certificate
