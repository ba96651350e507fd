"""In a real headless Chromium: the national manager changes the household cap in the what-if and sees the budget
and Tayssir's beneficiaries change to what the simulation gives, the page marked as a simulation."""

from __future__ import annotations

import pytest
from test_browser import _card_number, _logged_in

from workbench.db import make_engine
from workbench.programmes.whatif import simulation
from workbench.scope import Scope

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-whatif")]
YEAR = "2025-2026"


def test_a_change_of_household_cap_changes_the_budget_on_the_page(browser, served_apps):
    with make_engine(served_apps.db_url).connect() as connection:
        base = simulation.load(connection, Scope(), YEAR)
    expected = simulation.compare(base, simulation.with_tayssir(base.current, household_cap=1)).key_figures()
    current = simulation.compare(base, base.current).key_figures()
    assert expected["budget_mad"] != current["budget_mad"]

    page = _logged_in(browser, served_apps, "/whatif", viewport={"width": 1400, "height": 1100})
    page.locator("[data-key=budget_mad] .v").wait_for(timeout=60_000)
    assert _card_number(page, "budget_mad") == current["budget_mad"]
    assert page.locator(".wb-simulation").count() == 1
    cap = page.locator(".wb-household-cap input").first
    cap.fill("1")
    cap.press("Enter")
    assert _card_number(page, "budget_mad", other_than=int(current["budget_mad"])) == expected["budget_mad"]
    assert _card_number(page, "tayssir_beneficiaries") == expected["tayssir_beneficiaries"]
    difference = page.locator("[data-key=budget_difference_mad] .v").inner_text().replace("\u202f", "")
    assert difference == str(int(expected["budget_difference_mad"])).replace(" ", "")
    page.close()
