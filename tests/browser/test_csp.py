"""The Content-Security-Policy in a real browser: no page, public or admin, breaks it.

A listener installed before each page's own scripts records every violation
Chromium reports ("securitypolicyviolation"); the pages are used as a clerk and a
reader use them, including the admin's own scripts (inlines, actions, calendars)
and the upload preview.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from minutes.models import Meeting
from tests.helpers import corrected_herning

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "en-lang-og-rigtig-adgangskode"
HOLSTEBRO_ITEM = "/kommuner/holstebro-kommune/arbejdsmarkedsudvalget/2025-06-10/punkt-2/"
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def watched_browser(browser):
    script = browser.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS}
    )
    yield browser
    browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", script)


def violations(browser) -> list[str]:
    return browser.execute_script("return window.cspViolations || [];")


def open_page(browser, url: str) -> None:
    browser.get(url)
    WebDriverWait(browser, 10).until(
        lambda driver: driver.execute_script("return document.readyState") == "complete"
    )
    assert violations(browser) == [], url


def test_the_listener_sees_a_violation(watched_browser, live_server):
    # Without this the test below could pass with a listener that never fires.
    open_page(watched_browser, live_server.url + "/")
    watched_browser.execute_script(
        "var style = document.createElement('style');"
        "style.textContent = 'body { color: red }';"
        "document.head.appendChild(style);"
    )
    WebDriverWait(watched_browser, 5).until(lambda driver: violations(driver))
    assert violations(watched_browser)[0].startswith("style-src")


def test_public_and_admin_pages_break_no_policy(
    watched_browser, live_server, django_user_model, tmp_path
):
    call_command("load_demo_data", stdout=StringIO())
    django_user_model.objects.create_superuser("chef", "chef@example.dk", PASSWORD)
    base = live_server.url
    browser = watched_browser

    for url in ["/", "/punkter/?q=beskæftigelse", HOLSTEBRO_ITEM, "/daekning/", "/findes-ikke/"]:
        open_page(browser, base + url)
    browser.find_element(By.TAG_NAME, "body")  # the 404 page rendered

    open_page(browser, base + "/admin/login/")
    browser.find_element(By.ID, "id_username").send_keys("chef")
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    WebDriverWait(browser, 10).until(expected_conditions.url_to_be(base + "/admin/"))
    assert violations(browser) == []

    # Not "1": on SQLite ids are not reset after the transactional tests before this one.
    meeting = Meeting.objects.order_by("pk").first()
    item = meeting.items.order_by("pk").first()
    for url in [
        "/admin/minutes/meeting/",
        f"/admin/minutes/meeting/{meeting.pk}/change/",
        "/admin/minutes/agendaitem/",
        f"/admin/minutes/agendaitem/{item.pk}/change/",
        "/admin/minutes/sourcedocument/",
        "/admin/minutes/meeting/add/",
    ]:
        open_page(browser, base + url)

    # The change list's actions and the inline formsets run the admin's own scripts.
    open_page(browser, base + "/admin/minutes/meeting/")
    browser.find_element(By.ID, "action-toggle").click()
    open_page(browser, base + f"/admin/minutes/agendaitem/{item.pk}/change/")
    add_rows = browser.find_elements(By.CSS_SELECTOR, ".add-row a")
    assert add_rows, "the inline formsets' script did not run"
    add_rows[0].click()
    assert violations(browser) == []

    # A corrected version of a seed the demo data holds: the preview shows what changes.
    document = tmp_path / "referat.txt"
    document.write_bytes(corrected_herning())
    open_page(browser, base + "/admin/minutes/meeting/upload/")
    browser.find_element(By.ID, "id_file").send_keys(str(document))
    browser.find_element(By.ID, "id_municipality").send_keys("Herning Kommune")
    browser.find_element(By.CSS_SELECTOR, "#content-main [type=submit]").click()
    WebDriverWait(browser, 20).until(
        expected_conditions.presence_of_element_located((By.ID, "meeting"))
    )
    assert violations(browser) == []
