"""The portal's pages build without a browser: the families' portal for a guardian and a pupil in both languages
(a pupil's page shows no household transfers), and the public verification page says only the verdict."""

from __future__ import annotations

import importlib.util

import panel as pn
from bokeh.document import Document

from workbench import config
from workbench.programmes.portal import certificates, logins
from workbench.programmes.portal.eservices import FamilyPortal, SessionEnded

from .conftest import YEAR


def _app(name: str):
    spec = importlib.util.spec_from_file_location(f"app_{name}", config.APPS_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_family_portal_builds_for_a_guardian_and_a_pupil_in_both_languages(issued):
    app = _app("eservices")
    guardian = issued.guardian(0)
    token = logins.login(issued.engine, "guardian", guardian["identifier"], guardian["code"], "10.4.0.1").token
    for lang in ("ar", "fr"):
        portal = FamilyPortal(token, engine=issued.engine, year=YEAR, lang=lang)
        page = app.create_app(portal)
        page.server_doc(Document())
        home = portal.home()
        assert (app.family_html(portal, home) != "") and page.language == lang
        # An appointment asked without a date is refused, and said under the form's button, in the page's language
        view = app.requests_view(portal, home, said={})
        kind, reason = view.select(pn.widgets.Select)[1], view.select(pn.widgets.TextAreaInput)[0]
        wished, outcome = view.select(pn.widgets.DatePicker)[0], view.select(pn.pane.Alert)[0]
        assert not wished.visible  # a date is asked for an appointment only
        kind.value, reason.value = "appointment", "notes"
        assert wished.visible and not outcome.visible
        view.select(pn.widgets.Button)[0].clicks += 1
        assert outcome.visible and outcome.object == portal.message == f"⚠ {portal.t('error.appointment_needs')}"
        assert portal.home().requests.empty  # nothing sent
    child = guardian["massar_codes"].split(";")[0]
    line = issued.codes[issued.codes["identifier"] == child]
    if not line.empty:
        pupil = logins.login(issued.engine, "pupil", child, line["code"].iloc[0], "10.4.0.1").token
        portal = FamilyPortal(pupil, engine=issued.engine, year=YEAR)
        assert app.family_html(portal, portal.home()) == ""  # a pupil's code does not show the family's payments
    logins.logout(issued.engine, token)
    try:
        FamilyPortal(token, engine=issued.engine, year=YEAR)
        raise AssertionError("a logged-out session opened the portal")
    except SessionEnded:
        pass


def test_the_verification_page_says_only_the_verdict(issued):
    app = _app("certificate_verify")
    assert 'data-status="unknown"' in app.answer(certificates.verify(issued.engine, "ZZZZ-ZZZZ-ZZZZ"))
    app.create_app("ZZZZ-ZZZZ-ZZZZ", engine=issued.engine).server_doc(Document())
