"""The upload form's "Dokument": the clerk says agenda or referat where the document does not."""

import datetime as dt

import pytest
from django.http import HttpRequest

from minutes.models import Meeting, SourceDocument
from tests.admin.test_upload import confirm, upload
from tests.coming import coming_date, meeting_document

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_client(client, clerk):
    assert client.login(request=HttpRequest(), username="clerk", password=PASSWORD)
    return client


def upload_and_save(client, data: bytes, **fields: str) -> Meeting:
    response = upload(client, data, "punkter.txt", municipality="Herning", **fields)
    assert response.status_code == 200, response.content.decode()
    confirm(client, SourceDocument.objects.latest("id"))
    return Meeting.objects.get()


def test_form_offers_the_kind_of_document(clerk_client):
    html = clerk_client.get("/admin/minutes/meeting/upload/").content.decode()
    assert '<option value="" selected>Som dokumentet angiver</option>' in html
    assert '<option value="dagsorden">Dagsorden</option>' in html
    assert '<option value="referat">Referat</option>' in html


def test_clerk_marks_an_untitled_document_of_a_held_meeting_as_its_agenda(clerk_client):
    # Without the clerk's word, a held meeting's document is a referat.
    data = meeting_document(date=dt.date(2025, 6, 10), title=None)
    meeting = upload_and_save(
        clerk_client, data, committee="Beskæftigelsesudvalget", date="2025-06-10", kind="dagsorden"
    )
    assert meeting.kind == "dagsorden"


def test_clerk_overrides_a_title_that_calls_a_referat_dagsorden(clerk_client):
    data = meeting_document(date=coming_date(), decision="Godkendt.")
    meeting = upload_and_save(clerk_client, data, kind="referat")
    assert meeting.kind == "referat"


def test_without_the_clerks_word_the_document_decides(clerk_client):
    meeting = upload_and_save(clerk_client, meeting_document(date=coming_date()))
    assert meeting.kind == "dagsorden"


def test_an_unknown_kind_is_refused_on_the_form(clerk_client):
    response = upload(
        clerk_client,
        meeting_document(date=coming_date()),
        "x.txt",
        municipality="Herning",
        kind="protokol",
    )
    assert "Vælg Dagsorden eller Referat, eller lad feltet stå tomt." in response.content.decode()
    assert not SourceDocument.objects.exists()


def test_preview_says_the_referat_fills_in_the_agenda_and_is_no_correction(clerk_client):
    day = coming_date()
    upload_and_save(clerk_client, meeting_document(date=day))
    referat = meeting_document(date=day, title="REFERAT", decision="Godkendt.")
    html = upload(clerk_client, referat, "referat.txt", municipality="Herning").content.decode()
    assert "Dokument: <strong>Referat</strong>" in html
    assert "Referatet til en dagsorden, der findes (ingen rettelse)" in html
    assert 'id="refusal"' not in html


def test_preview_warns_that_an_agenda_cannot_replace_the_referat(clerk_client):
    day = coming_date()
    upload_and_save(clerk_client, meeting_document(date=day, title="REFERAT", decision="Ja."))
    html = upload(
        clerk_client, meeting_document(date=day), "dagsorden.txt", municipality="Herning"
    ).content.decode()
    assert "Dokument: <strong>Dagsorden</strong> – vises som kommende møde" in html
    assert "Mødet har allerede et referat; en dagsorden kan ikke erstatte det." in html
    response = confirm(clerk_client, SourceDocument.objects.latest("id"))
    assert response.status_code == 302
    assert Meeting.objects.get().kind == "referat"
