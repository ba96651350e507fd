"""The summary the families' portal says first, counted on the home page's frames (no database, no browser): the
unjustified absences of the month counted, the justified ones and other months left out, the tests to come and the
requests ready or in hand; the month counted is today's, or the school year's nearest; each count agrees with its
noun in Arabic."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from workbench.catalogue import text
from workbench.programmes.portal.eservices import Home
from workbench.programmes.portal.summary import counted_month, summarise

YEAR = "2025-2026"


def _home(absences: list[tuple], tests: list[str], states: list[str]) -> Home:
    empty = pd.DataFrame()
    return Home(
        pupils=pd.DataFrame({"massar_code": ["A1", "B2"]}), marks=empty,
        absences=pd.DataFrame(absences, columns=["massar_code", "absent_on", "slots", "hours", "justified"]),
        timetable=empty, tests=pd.DataFrame({"massar_code": tests}), tayssir_months=empty, transfers=empty, kit=empty,
        grants=empty, requests=pd.DataFrame({"state": states, "kind": ["transcript"] * len(states)}))


def test_the_summary_counts_the_months_unjustified_absences_the_tests_to_come_and_the_requests():
    home = _home([("A1", dt.date(2026, 3, 2), "1, 2", 2, False), ("A1", dt.date(2026, 3, 9), "3", 1, False),
                  ("A1", dt.date(2026, 3, 10), "4", 1, True),  # justified: not counted
                  ("A1", dt.date(2026, 2, 27), "1", 1, False),  # another month
                  ("B2", dt.date(2026, 3, 31), "5", 1, False)],
                 ["A1", "A1", "B2"], ["ready", "new", "accepted", "refused", "ready"])
    found = summarise(home, YEAR, dt.date(2026, 3, 15))
    assert found.month == dt.date(2026, 3, 1)
    assert [(c.massar_code, c.unjustified, c.tests_coming) for c in found.children] == [("A1", 2, 2), ("B2", 1, 1)]
    assert (found.ready, found.waiting) == (2, 2)
    nothing = summarise(_home([], [], []), YEAR, dt.date(2026, 3, 15))
    assert [(c.unjustified, c.tests_coming) for c in nothing.children] == [(0, 0), (0, 0)]
    assert (nothing.ready, nothing.waiting) == (0, 0)


def test_the_month_counted_is_todays_or_the_school_years_nearest():
    assert counted_month(YEAR, dt.date(2026, 1, 20)) == dt.date(2026, 1, 1)
    assert counted_month(YEAR, dt.date(2026, 8, 3)) == dt.date(2026, 6, 1)  # a summer visit reads June
    assert counted_month(YEAR, dt.date(2025, 7, 1)) == dt.date(2025, 9, 1)


def test_the_summarys_counts_agree_with_their_noun_in_arabic():
    said = {n: text("portal.app.unjustified_month", count=n, month="مارس 2026").ar for n in (1, 2, 3, 11, 100)}
    assert said == {1: "غياب واحد غير مبرر في مارس 2026", 2: "غيابان غير مبررين في مارس 2026",
                    3: "3 غيابات غير مبررة في مارس 2026", 11: "11 غيابا غير مبرر في مارس 2026",
                    100: "100 غياب غير مبرر في مارس 2026"}
    assert text("portal.app.requests_ready", count=2).ar == "طلبان جاهزان"
    assert text("portal.app.requests_ready[zero]", count=0).fr == "aucune demande prête"
    assert text("portal.app.tests_coming", count=1).fr == "1 contrôle à venir"
