"""The list pages on a phone: the filters fold behind one "Filtrér" button, results first.

At 1280 px the filters and facets stand beside the results, open; at 360 px they
are folded, the first result is on the first screen, a click unfolds them, and no
long Danish word makes the page wider than the phone.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from selenium.webdriver.common.by import By

from minutes.models import AgendaItem

from .conftest import DESKTOP, PHONE, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_WORD = "Beskæftigelsesindsatsrehabiliteringsteamkoordinationsudvalgsmødereferatet"


@pytest.fixture
def seeds() -> None:
    call_command("load_demo_data", stdout=StringIO())
    item = AgendaItem.objects.get(municipality__slug="herning-kommune", number=1)
    item.title = f"{LONG_WORD} og {LONG_WORD.lower()}"
    item.save()


def page_fits(browser) -> bool:
    return browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth"
    )


def test_filters_fold_behind_one_button_on_a_phone(browser, live_server, seeds):
    browser.set_window_size(*PHONE)
    browser.get(live_server.url + "/punkter/?udvalg=beskaeftigelsesudvalget")
    toggle = browser.find_element(By.CSS_SELECTOR, "details.list-side > summary")
    assert toggle.text.startswith("Filtrér")
    assert toggle.is_displayed()
    form = browser.find_element(By.CSS_SELECTOR, "form.filters")
    assert not form.is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, "section.facets").is_displayed()
    # The first result starts on the first screen.
    first_row = browser.find_element(By.CSS_SELECTOR, ".rows .row")
    viewport = browser.execute_script("return window.innerHeight")
    assert first_row.location["y"] < viewport * 0.75
    assert page_fits(browser)
    save_screenshot(browser, "phone-item-list", full_page=False)

    toggle.click()
    assert form.is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, "section.facets").is_displayed()
    assert page_fits(browser)
    save_screenshot(browser, "phone-item-list-filters-open")


def test_long_words_wrap_on_a_phone(browser, live_server, seeds):
    browser.set_window_size(*PHONE)
    browser.get(live_server.url + "/punkter/?q=godkendelse")
    assert page_fits(browser)
    browser.get(live_server.url + "/punkter/?kommune=herning-kommune")
    assert LONG_WORD in browser.find_element(By.CSS_SELECTOR, ".rows").text.replace("\n", "")
    assert page_fits(browser)


def test_filters_and_facets_stand_open_beside_the_results_on_a_desktop(browser, live_server, seeds):
    browser.set_window_size(*DESKTOP)
    browser.get(live_server.url + "/punkter/?udvalg=beskaeftigelsesudvalget")
    assert browser.find_element(By.CSS_SELECTOR, "form.filters").is_displayed()
    facets = browser.find_element(By.CSS_SELECTOR, "section.facets")
    assert facets.is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, "details.list-side > summary").is_displayed()
    results = browser.find_element(By.CSS_SELECTOR, "section.results")
    assert results.location["x"] > facets.location["x"] + facets.size["width"] - 1
    save_screenshot(browser, "item-list-facets")
    facets.find_element(By.LINK_TEXT, "Herning Kommune").click()
    assert "kommune=herning-kommune" in browser.current_url
    assert browser.find_element(By.CSS_SELECTOR, ".results__count").text == "9 punkter"
    browser.set_window_size(*PHONE)
    browser.get(live_server.url + "/moeder/")
    assert not browser.find_element(By.CSS_SELECTOR, "form.filters").is_displayed()
    save_screenshot(browser, "phone-meeting-list", full_page=False)
    browser.set_window_size(*DESKTOP)
