"""In a real headless Chromium (a phone's viewport for the families): a guardian logs in with an issued code, sees
both children's marks and absences and asks for a certificate; the school's desk accepts it and marks it ready; the
guardian downloads the PDF; its code verifies valid, then revoked once the school revokes it; another guardian's code
reaches only their own children; bad input is told in words; staff and family sessions do not open each other's
apps."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from serving import serve
from sqlalchemy import func, select, update
from test_browser import _logged_in

from workbench.db import make_engine
from workbench.models import Enrolment
from workbench.programmes.school_life.models import AbsenceSlot

from .conftest import YEAR, issue_demo_codes

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-portal")]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def portal_server(tiny_demo_file, tmp_path_factory):
    copy = tmp_path_factory.mktemp("portal") / "demo.db"
    shutil.copy(tiny_demo_file, copy)
    url = f"sqlite:///{copy}"
    issued = issue_demo_codes(url)
    for served in serve(url, copy.parent / "reports"):
        served.issued = issued
        yield served


def _family_login(browser, base: str, kind: str, identifier: str, secret: str, **options):
    page = browser.new_page(**(options or PHONE))
    page.goto(f"{base}/eservices")
    page.wait_for_url(re.compile(r"/login\?next=%2Feservices"))
    page.check(f"#kind-{kind}")
    page.fill("#identifier", identifier)
    page.fill("#secret", secret)
    page.click("#login")
    return page


def _wait_text(page, selector: str, wanted: str, seconds: float = 30) -> None:
    """Wait, as Playwright's expect does (no fixed sleeps), for an element of `selector` showing `wanted`."""
    expect(page.locator(selector, has_text=wanted).first).to_be_attached(timeout=seconds * 1000)


def _absent_days(url: str, massar_code: str) -> int:
    with make_engine(url).connect() as connection:
        return connection.execute(select(func.count(func.distinct(AbsenceSlot.absent_on))).where(
            AbsenceSlot.massar_code == massar_code)).scalar_one()


def test_a_guardian_requests_a_certificate_that_the_school_makes_ready_and_anyone_verifies(browser, portal_server):
    issued = portal_server.issued
    guardian = issued.guardian(0)
    children = guardian["massar_codes"].split(";")
    page = _family_login(browser, portal_server, "guardian", guardian["identifier"], guardian["code"])
    page.wait_for_url(f"{portal_server}/eservices", timeout=30_000)
    page.locator(".wb-child").first.wait_for(timeout=60_000)
    assert sorted(page.locator(".wb-child").evaluate_all("els => els.map(e => e.dataset.pupil)")) == sorted(children)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 2  # no sideways scrolling on a phone
    for child in children:
        card = page.locator(f'.wb-child[data-pupil="{child}"]')
        assert card.locator("table.wb-marks tr").count() > 1  # marks by subject and test, beside the class mean
        days = _absent_days(portal_server.db_url, child)
        assert card.locator("table.wb-absences tr").count() == (days + 1 if days else 0)
    assert guardian["identifier"] not in page.url and children[0] not in page.url  # nothing personal in the URL
    # On a phone: the password step first (the code opens one visit), then the summary, then a tab per child, each
    # child's sections folded to their titles: a page of about a screen or two, not 3,000 px and more; no spinner.
    assert page.locator(".wb-password-step, .wb-summary, .wb-tabs").evaluate_all(
        "els => els.map(e => e.classList.contains('wb-tabs') ? 'tabs' : e.matches('.wb-summary') ? 'summary' : 'step')"
    ) == ["step", "summary", "tabs"]
    assert page.locator(".wb-summary li[data-pupil]").count() == len(children)
    assert page.locator(".wb-summary-requests").get_attribute("data-ready") == "0"
    assert page.locator(".pn-busy-container").count() == 0
    assert page.evaluate("Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))") < 1800

    options = page.locator(".wb-request-pupil select option").evaluate_all("els => els.map(e => e.value)")
    assert len(options) == len(children)
    _open_requests(page)
    page.locator(".wb-request-kind select").select_option(label="شهادة مدرسية")
    page.locator(".wb-request-send button").click()
    _wait_text(page, ".wb-message div", "أرسل الطلب رقم")
    _wait_text(page, "table.wb-requests", "جديد")

    desk = _logged_in(browser, portal_server, "/portal", user=_director(issued),
                      viewport={"width": 1400, "height": 1000})
    desk.locator(".wb-requests .tabulator-row").first.wait_for(timeout=60_000)
    number = _request_number(issued)
    desk.locator(".wb-request-id select").select_option(label=str(number))
    desk.locator(".wb-accept button").click()
    _wait_text(desk, ".wb-message div", "مقبول")
    desk.locator(".wb-state button", has_text="مقبول").click()
    desk.locator(".wb-request-id select").select_option(label=str(number))
    desk.locator(".wb-ready button").click()
    _wait_text(desk, ".wb-message div", "جاهز")

    page.reload()
    button = page.locator(".wb-summary-view .wb-certificate-download")  # a document ready: in the summary
    button.wait_for(timeout=60_000)
    assert page.locator(".wb-summary-requests").get_attribute("data-ready") == "1"
    with page.expect_download() as download:
        button.click()
    data = open(download.value.path(), "rb").read()
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "شهادة مدرسية" in text and "Certificat de scolarité" in text
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", text).group(0)

    public = browser.new_page(**PHONE)  # no login
    public.goto(f"{portal_server}/certificate_verify?code={code}")
    verdict = public.locator(".wb-verdict")
    verdict.wait_for(timeout=60_000)
    assert verdict.get_attribute("data-status") == "valid" and YEAR in verdict.inner_text()
    assert children[0] not in public.content()

    desk.get_by_text("الشهادات الصادرة").click()
    desk.locator(".wb-revoke-code input").fill(code)
    desk.locator(".wb-revoke button").click()
    _wait_text(desk, ".wb-message div", "ألغيت الشهادة")
    public.reload()
    public.locator(".wb-verdict").wait_for(timeout=60_000)
    assert public.locator(".wb-verdict").get_attribute("data-status") == "revoked"
    for opened in (page, desk, public):
        opened.close()


def test_a_second_guardian_sees_only_their_children_and_sessions_stay_in_their_realm(browser, portal_server):
    issued = portal_server.issued
    first, second = issued.guardian(0), issued.guardian(1)
    page = _family_login(browser, portal_server, "guardian", second["identifier"], second["code"])
    page.wait_for_url(f"{portal_server}/eservices", timeout=30_000)
    page.locator(".wb-child").first.wait_for(timeout=60_000)
    shown = set(page.locator(".wb-child").evaluate_all("els => els.map(e => e.dataset.pupil)"))
    assert shown == set(second["massar_codes"].split(";"))
    assert not any(child in page.content() for child in first["massar_codes"].split(";"))
    # A family's session does not open a staff app, and a staff session does not open the families' portal.
    page.goto(f"{portal_server}/overview")
    page.wait_for_url(re.compile(r"/login\?next=%2Foverview"))
    assert page.locator("#username").count() == 1
    staff = _logged_in(browser, portal_server, "/overview", user="admin")
    staff.goto(f"{portal_server}/eservices")
    staff.wait_for_url(re.compile(r"/login\?next=%2Feservices"))
    assert staff.locator("#identifier").count() == 1
    # Logging out ends the family's session.
    page.goto(f"{portal_server}/eservices")
    page.locator(".wb-logout").click()
    page.wait_for_url(re.compile(r"/login"))
    page.goto(f"{portal_server}/eservices")
    page.wait_for_url(re.compile(r"/login\?next=%2Feservices"))
    for opened in (page, staff):
        opened.close()


def test_bad_input_is_told_in_both_languages(browser, portal_server):
    issued = portal_server.issued
    guardian = issued.guardian(2)
    page = _family_login(browser, portal_server, "guardian", "123456", guardian["code"])
    error = page.locator("#login-error").inner_text()
    assert "رقم البطاقة الوطنية غير صحيح" in error and "CIN invalide" in error
    assert "123456" not in page.url and guardian["code"] not in page.url
    page.close()
    used = issued.guardian(0)  # a code opens one session: spent by the first test, or by this first login
    spending = _family_login(browser, portal_server, "guardian", used["identifier"], used["code"])
    spending.wait_for_url(re.compile(r"/(eservices|login)$"), timeout=60_000)  # answered: logged in, or refused
    spending.close()
    page = _family_login(browser, portal_server, "guardian", used["identifier"], used["code"])
    error = page.locator("#login-error").inner_text()
    assert "سبق استعمال هذا الرمز" in error and "déjà servi" in error
    page.close()

    page = _family_login(browser, portal_server, "guardian", guardian["identifier"], guardian["code"])
    page.wait_for_url(f"{portal_server}/eservices", timeout=30_000)
    page.locator(".wb-child").first.wait_for(timeout=60_000)
    child = guardian["massar_codes"].split(";")[0]
    with make_engine(portal_server.db_url).begin() as connection:
        connection.execute(update(Enrolment).where(Enrolment.massar_code == child, Enrolment.year == YEAR)
                           .values(left_on=dt.date(2025, 12, 1)))
    _choose_child(page, child)
    page.locator(".wb-request-kind select").select_option(label="بيان النقط")
    page.locator(".wb-request-send button").click()
    _wait_text(page, ".wb-message div", "غادر(ت) المؤسسة")
    page.goto(f"{portal_server}/eservices?lang=fr")
    page.locator(".wb-summary").wait_for(timeout=60_000)
    _choose_child(page, child)
    page.locator(".wb-request-kind select").select_option(label="Relevé de notes")
    page.locator(".wb-request-send button").click()
    _wait_text(page, ".wb-message div", "a quitté l'établissement")
    page.close()


def _open_requests(page) -> None:
    page.locator(".wb-tabs .bk-tab", has_text=re.compile("^(الطلبات|Demandes)$")).click()


def _choose_child(page, massar_code: str) -> None:
    _open_requests(page)
    chooser = page.locator(".wb-request-pupil select")
    label = next(text for text in chooser.locator("option").all_inner_texts() if massar_code in text)
    chooser.select_option(label=label)


def _director(issued) -> str:
    from workbench.access.users import list_users

    users = list_users(issued.engine)
    return users[users["school_code"] == issued.school]["username"].iloc[0]


def _request_number(issued) -> int:
    from workbench.programmes.portal.models import PortalRequest

    with issued.engine.connect() as connection:
        return connection.execute(select(func.max(PortalRequest.id))).scalar_one()
