"""The families' portal (in process, no browser): a family downloads the semester's report card of their child (their
page only, Arabic first), not another's; a transcript marked ready verifies as a transcript at the certificate's
verification (the page's answer and the command)."""

import pytest
from sqlalchemy import select

from workbench.access.actor import acting_as
from workbench.exceptions import InputError
from workbench.programmes.portal import certificates, logins, requests
from workbench.programmes.portal.eservices import FamilyPortal
from workbench.programmes.portal.models import Certificate
from workbench.programmes.report_cards import logic
from workbench.programmes.report_cards.pupil import card_data

from ..portal.conftest import YEAR
from ..portal.pdftext import arabic, pages
from ..portal.test_requests import _director, _holder


def test_a_family_downloads_its_childs_report_card_only(issued):
    token, holder = _holder(issued, issued.guardian(0))
    portal = FamilyPortal(token, db_url=issued.url, year=YEAR)
    child = holder.pupils[0]
    card = pages(portal.report_card_pdf(child, 1))
    assert len(card) == 1  # the child's page of the class's cards
    with issued.engine.connect() as connection:
        rows = card_data(connection, child, YEAR, (1,)).rows
    mine = rows[rows["massar_code"] == child]
    assert child in card[0] and "Bulletin de notes — semestre 1" in card[0]
    assert arabic("بيان النقط") in arabic(card[0]) and card[0].index("التلميذ") < card[0].index("Élève")
    assert f"Moyenne du semestre : {logic.shown(mine['semester_average']).iloc[0]}" in card[0]
    assert f"sur {rows['massar_code'].nunique()}" in card[0]  # ranked among the whole class
    other = next(code for code in rows["massar_code"] if code not in holder.pupils)
    with pytest.raises(InputError):
        portal.report_card_pdf(other, 1)  # not theirs, whatever the page sends
    with pytest.raises(InputError):
        portal.report_card_pdf(child, 2)  # no mark in semester 2 yet


def test_the_childs_tab_offers_its_report_card(issued):
    import apps.eservices as page

    token, holder = _holder(issued, issued.guardian(0))
    portal = FamilyPortal(token, db_url=issued.url, year=YEAR)
    buttons = page.report_cards(portal, portal.home(), holder.pupils[0])
    assert [button.filename for button in buttons] == [f"report-card-{holder.pupils[0]}-S1.pdf"]
    assert pages(buttons[0].callback().getvalue())  # the callback makes the PDF


def test_a_ready_transcript_verifies_as_a_transcript(issued):
    import apps.certificate_verify as verification

    token, holder = _holder(issued, issued.guardian(0))
    number = requests.submit(issued.engine, holder, holder.pupils[0], "transcript", YEAR)
    with acting_as(_director(issued)):
        requests.act(issued.engine, number, "ready")
    with issued.engine.connect() as connection:
        code = connection.scalar(select(Certificate.verification_code).where(Certificate.request_id == number))
    text = "\n".join(pages(FamilyPortal(token, db_url=issued.url, year=YEAR).transcript_pdf(number)))
    assert certificates.shown(code) in text and "certificate_verify?code=" in text
    found = certificates.verify(issued.engine, certificates.shown(code).lower())
    assert (found.status, found.document, found.year) == ("valid", "transcript", YEAR)
    answer = verification.answer(found)
    assert 'data-status="valid"' in answer and "Relevé de notes" in answer and holder.pupils[0] not in answer
    assert logins.holder_of(issued.engine, token) is not None
