"""The site in a real browser: a journalist's path on a desktop, a citizen's on a phone.

The seed minutes are imported through load_demo_data, as on a fresh site;
screenshots of the main pages go to artifacts/screenshots/.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

from .conftest import DESKTOP, PHONE, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOLSTEBRO_MEETING = "/kommuner/holstebro-kommune/arbejdsmarkedsudvalget/2025-06-10/"


@pytest.fixture
def seeds() -> None:
    call_command("load_demo_data", stdout=StringIO())


def wait_for_url(browser, fragment: str) -> None:
    WebDriverWait(browser, 10).until(expected_conditions.url_contains(fragment))


def test_journalist_filters_opens_an_item_and_follows_its_case(browser, live_server, seeds):
    browser.set_window_size(*DESKTOP)
    browser.get(live_server.url + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Hvad besluttede udvalget?"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "da"
    save_screenshot(browser, "home")

    browser.find_element(By.CSS_SELECTOR, "nav.site-nav a[href='/punkter/']").click()
    wait_for_url(browser, "/punkter/")
    browser.find_element(By.CSS_SELECTOR, "input[name=kommune][value=holstebro-kommune]").click()
    Select(browser.find_element(By.ID, "id_udvalg")).select_by_value("arbejdsmarkedsudvalget")
    browser.find_element(By.CSS_SELECTOR, ".filters button[type=submit]").click()
    wait_for_url(browser, "udvalg=arbejdsmarkedsudvalget")
    assert browser.find_element(By.CSS_SELECTOR, ".results__count").text == "13 punkter"
    municipalities = {
        element.text
        for element in browser.find_elements(By.CSS_SELECTOR, ".row__meta a:first-child")
    }
    assert municipalities == {"Holstebro Kommune"}
    save_screenshot(browser, "item-list-filtered")

    browser.find_element(By.PARTIAL_LINK_TEXT, "Status på Beskæftigelsesreformen").click()
    wait_for_url(browser, HOLSTEBRO_MEETING + "punkt-3/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Status på Beskæftigelsesreformen"
    decision = browser.find_element(By.CSS_SELECTOR, "section.decision")
    assert "Godkendt som indstillet." in decision.text
    save_screenshot(browser, "item")

    browser.find_element(By.CSS_SELECTOR, ".facts a.case-number").click()
    wait_for_url(browser, "/kommuner/holstebro-kommune/sager/15.00.00-A00-2-24/")
    titles = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".timeline__title a")]
    assert titles == [
        "Status på Beskæftigelsesreformen",
        "Overordnet procesplan for udvalgets arbejde med beskæftigelsesreformen",
        "Status på Ungeløftet og kontanthjælpsreformen",
    ]
    save_screenshot(browser, "case")


def test_citizen_reads_an_item_with_a_table_on_a_phone(browser, live_server, seeds):
    browser.set_window_size(*PHONE)
    browser.get(live_server.url + HOLSTEBRO_MEETING + "punkt-2/")
    # Nothing makes the page wider than the phone: the table scrolls in its own box.
    page_width = browser.execute_script("return document.documentElement.scrollWidth")
    viewport = browser.execute_script("return window.innerWidth")
    assert page_width <= viewport
    assert browser.find_elements(By.CSS_SELECTOR, ".table-scroll table tr")
    assert browser.find_element(By.CSS_SELECTOR, "section.decision").is_displayed()

    permalink = browser.find_element(By.ID, "permalink")
    assert permalink.get_attribute("value") == live_server.url + HOLSTEBRO_MEETING + "punkt-2/"
    copy = browser.find_element(By.CSS_SELECTOR, ".permalink__copy")
    assert copy.is_displayed()  # the script revealed it
    browser.execute_script("arguments[0].scrollIntoView()", copy)
    copy.click()
    WebDriverWait(browser, 5).until(
        lambda driver: driver.find_element(By.CSS_SELECTOR, ".permalink__status").text
    )
    browser.execute_script("window.scrollTo(0, 0)")
    save_screenshot(browser, "phone-item", full_page=False)
    browser.set_window_size(*DESKTOP)
