"""The clerk's whole path in Chromium: upload a real PDF, see the warning, correct, join, save.

Also takes the screenshots of the editable preview at 1280 and 360 px
(artifacts/screenshots/upload-preview-*.png).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from minutes.models import Meeting
from tests.browser.conftest import DESKTOP, PHONE, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "en-lang-og-rigtig-adgangskode"
AARHUS_PDF = Path(__file__).resolve().parents[1] / "fixtures/samples/aarhus-byraad-2025-08-27.pdf"


def log_in(browser, base: str, django_user_model) -> None:
    clerk = django_user_model.objects.create_user(
        "clerk", "clerk@example.dk", PASSWORD, is_staff=True
    )
    clerk.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["upload_minutes", "view_meeting", "change_meeting"]
        )
    )
    browser.get(base + "/admin/login/")
    browser.find_element(By.ID, "id_username").send_keys("clerk")
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    WebDriverWait(browser, 10).until(expected_conditions.url_to_be(base + "/admin/"))


def field(browser, name: str):
    return browser.find_element(By.NAME, name)


def replace_text(browser, name: str, text: str) -> None:
    element = field(browser, name)
    element.clear()
    element.send_keys(text)


def test_clerk_corrects_joins_and_saves_a_real_pdf(browser, live_server, django_user_model):
    base = live_server.url
    log_in(browser, base, django_user_model)
    browser.get(base + "/admin/minutes/meeting/upload/")
    field(browser, "file").send_keys(str(AARHUS_PDF))
    field(browser, "municipality").send_keys("Aarhus")
    # A date other than the document's: the parser warns, and the clerk corrects it below.
    browser.execute_script("document.getElementById('id_date').value = '2025-08-28'")
    browser.find_element(By.CSS_SELECTOR, "#content-main [type=submit]").click()
    WebDriverWait(browser, 60).until(
        expected_conditions.presence_of_element_located((By.ID, "items"))
    )
    warnings = browser.find_element(By.ID, "parser-warnings").text
    assert "afviger fra den indtastede" in warnings
    assert field(browser, "municipality").get_attribute("value") == "Aarhus Kommune"
    assert browser.find_element(By.ID, "source").is_displayed()
    assert "Godkendelse af dagsorden" in browser.find_element(By.ID, "source").text

    save_screenshot(browser, "upload-preview-1280", full_page=False)
    first_item = browser.find_element(By.ID, "item-0")
    browser.execute_script("arguments[0].scrollIntoView()", first_item)
    save_screenshot(browser, "upload-preview-1280-items", full_page=False)
    browser.set_window_size(*PHONE)
    browser.execute_script("window.scrollTo(0, 0)")
    save_screenshot(browser, "upload-preview-360", full_page=False)
    browser.execute_script("arguments[0].scrollIntoView()", first_item)
    save_screenshot(browser, "upload-preview-360-items", full_page=False)
    # On a phone the form and the source stand one under the other, never cut off.
    form_box = browser.find_element(By.CSS_SELECTOR, ".upload-correction").rect
    assert form_box["width"] <= PHONE[0]
    browser.set_window_size(*DESKTOP)

    browser.execute_script("document.getElementById('id_date').value = '2025-08-27'")
    replace_text(browser, "form-0-title", "Godkendelse af dagsordenen")
    replace_text(
        browser, "form-1-decision", "Fremsendt til Teknisk Udvalg, rettet af sekretariatet."
    )
    field(browser, "form-3-join").click()  # item 4 is taken into item 3
    field(browser, "save").click()
    WebDriverWait(browser, 60).until(lambda driver: "/change/" in driver.current_url)

    meeting = Meeting.objects.get()
    assert meeting.date.isoformat() == "2025-08-27"
    assert meeting.corrected_by_hand
    assert meeting.corrected_by.username == "clerk"
    assert not meeting.items.filter(number=4).exists()

    browser.get(base + meeting.items.get(number=2).get_absolute_url())
    assert "Fremsendt til Teknisk Udvalg, rettet af sekretariatet." in browser.page_source
    browser.get(base + meeting.items.get(number=1).get_absolute_url())
    assert "Godkendelse af dagsordenen" in browser.find_element(By.TAG_NAME, "h1").text
    browser.get(base + meeting.items.get(number=3).get_absolute_url())
    assert "Svar på forslag fra V om at farten skal ned" in browser.page_source


def test_dead_end_a_document_without_items_is_corrected_as_text_and_saved(
    browser, live_server, django_user_model, tmp_path
):
    from tests.admin.test_upload_text import EDITED, NO_ITEMS

    base = live_server.url
    log_in(browser, base, django_user_model)
    source = tmp_path / "referat.txt"
    source.write_text(NO_ITEMS, encoding="utf-8")
    browser.get(base + "/admin/minutes/meeting/upload/")
    field(browser, "file").send_keys(str(source))
    field(browser, "municipality").send_keys("Herning")
    field(browser, "committee").send_keys("Beskæftigelsesudvalget")
    browser.execute_script("document.getElementById('id_date').value = '2026-01-13'")
    browser.find_element(By.CSS_SELECTOR, "#content-main [type=submit]").click()
    WebDriverWait(browser, 60).until(
        expected_conditions.presence_of_element_located((By.ID, "parser-help"))
    )
    assert (
        "Dokumentets opbygning blev ikke genkendt"
        in browser.find_element(By.ID, "parse-problem").text
    )
    assert "Punkt 5: Titel" in browser.find_element(By.ID, "parser-help").text
    text = field(browser, "text")
    assert "Orientering om ledigheden" in text.get_attribute("value")

    save_screenshot(browser, "upload-text-editor-1280", full_page=False)
    browser.set_window_size(*PHONE)
    save_screenshot(browser, "upload-text-editor-360", full_page=False)
    assert text.rect["x"] + text.rect["width"] <= PHONE[0]
    # Nothing is wider than the phone: no sideways scrolling.
    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    browser.set_window_size(*DESKTOP)

    browser.execute_script("arguments[0].value = arguments[1]", text, EDITED)
    browser.find_element(By.CSS_SELECTOR, "#content-main [type=submit]").click()
    WebDriverWait(browser, 60).until(
        expected_conditions.presence_of_element_located((By.ID, "edited-from"))
    )
    assert field(browser, "form-1-title").get_attribute("value") == "Orientering om ledigheden"
    field(browser, "save").click()
    WebDriverWait(browser, 60).until(lambda driver: "/change/" in driver.current_url)

    meeting = Meeting.objects.get()
    assert meeting.source_documents.count() == 2
    browser.get(base + meeting.items.get(number=2).get_absolute_url())
    assert "Taget til efterretning." in browser.page_source
    assert "Orientering om ledigheden" in browser.find_element(By.TAG_NAME, "h1").text


def test_corrected_reupload_the_clerk_keeps_a_saved_item(
    browser, live_server, django_user_model, tmp_path
):
    from minutes.importing.batch import import_file
    from tests.helpers import HERNING, corrected_herning

    import_file(HERNING.read_bytes(), filename="referat.txt", municipality="Herning Kommune")
    base = live_server.url
    log_in(browser, base, django_user_model)
    source = tmp_path / "referat-rettet.txt"
    source.write_bytes(corrected_herning())
    browser.get(base + "/admin/minutes/meeting/upload/")
    field(browser, "file").send_keys(str(source))
    field(browser, "municipality").send_keys("Herning")
    browser.find_element(By.CSS_SELECTOR, "#content-main [type=submit]").click()
    WebDriverWait(browser, 60).until(
        expected_conditions.presence_of_element_located((By.ID, "versions"))
    )
    versions = browser.find_element(By.ID, "versions")
    assert "Kun i det gemte møde" in browser.find_element(By.ID, "version-9").text
    browser.find_element(By.CSS_SELECTOR, "#version-8 details summary").click()
    browser.execute_script("arguments[0].scrollIntoView()", versions)
    save_screenshot(browser, "upload-reupload-1280", full_page=False)
    browser.set_window_size(*PHONE)
    browser.execute_script("arguments[0].scrollIntoView()", versions)
    save_screenshot(browser, "upload-reupload-360", full_page=False)
    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    browser.set_window_size(*DESKTOP)

    browser.find_element(By.CSS_SELECTOR, "input[name='version-item-9'][value='saved']").click()
    field(browser, "save").click()
    WebDriverWait(browser, 60).until(lambda driver: "/change/" in driver.current_url)
    items = {item.number: item for item in Meeting.objects.get().items.all()}
    assert not items[9].is_withdrawn
    assert "blev drøftet" in items[8].decisions.get(is_current=True).text
