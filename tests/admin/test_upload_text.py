"""Never a dead end: a document the parser cannot read is corrected as text and read again."""

import pytest
from django.http import HttpRequest
from django.test import Client
from django.utils.html import escape

from minutes.models import ImportDraft, Meeting, SourceDocument
from tests.pdf_builder import text_to_pdf

from .conftest import PASSWORD
from .test_upload import upload
from .test_upload_draft import draft_url, form_data, logged_in

pytestmark = pytest.mark.django_db

# Minutes whose items have no "Punkt N:" or "N." line: the parser finds no items.
NO_ITEMS = """Referat af mødet i Beskæftigelsesudvalget

Godkendelse af dagsorden
Beslutning
Godkendt.

Orientering om ledigheden
Sagsnr.: 15.00.00-A00-4-25
Indstilling
Direktøren indstiller, at orienteringen tages til efterretning.
Beslutning
Taget til efterretning.
Fraværende: Jens Hansen
"""
EDITED = NO_ITEMS.replace("Godkendelse af dagsorden", "Punkt 1: Godkendelse af dagsorden").replace(
    "Orientering om ledigheden", "Punkt 2: Orientering om ledigheden"
)
METADATA = {
    "municipality": "Herning",
    "committee": "Beskæftigelsesudvalget",
    "new_committee": "on",
    "date": "2026-01-13",
}
NOT_RECOGNISED = (
    "Dokumentets opbygning blev ikke genkendt. Parseren kender referater med "
    'dagsordenspunkter som "Punkt 5: Titel" eller "5. Titel" og JSON-poster fra '
    "publiceringssystemer."
)


def text_url(document: SourceDocument) -> str:
    return f"/admin/minutes/meeting/upload/tekst/{document.pk}/"


@pytest.fixture
def clerk_client(clerk):
    return logged_in(clerk)


def upload_unreadable(client: Client):
    return upload(client, NO_ITEMS.encode(), "referat.txt", **METADATA)


def test_no_items_opens_the_text_in_an_editor_with_the_lines_to_write(clerk_client):
    response = upload_unreadable(clerk_client)
    assert response.templates[0].name == "admin/minutes/upload_text.html"
    page = response.content.decode()
    assert escape(NOT_RECOGNISED) in page
    # The extracted text, prefilled, and what the parser looks for.
    assert escape("Orientering om ledigheden\nSagsnr.: 15.00.00-A00-4-25") in page
    for line in ("Punkt 5: Titel", "5. Titel", "Beslutning", "Indstilling", "Fraværende: Navn"):
        assert f"<code>{escape(line)}</code>" in page
    form = response.context["form"]
    assert form["municipality"].value() == "Herning Kommune"
    assert form["new_committee"].value() is True
    original = SourceDocument.objects.get()
    assert original.status == SourceDocument.Status.FAILED
    assert f'action="{text_url(original)}"' in page
    assert not Meeting.objects.exists()


def test_the_edited_text_is_kept_beside_the_original_read_again_and_saved(clerk_client, clerk):
    upload_unreadable(clerk_client)
    original = SourceDocument.objects.get()
    reparsed = clerk_client.post(text_url(original), {"text": EDITED, **METADATA})
    draft = ImportDraft.objects.get()
    assert reparsed["Location"] == draft_url(draft)
    edited = draft.source_document
    assert edited.edited_from == original
    assert edited.original_name == "referat-rettet.txt"
    assert edited.file.read().decode() == EDITED
    assert original.file.read().decode() == NO_ITEMS
    assert not Meeting.objects.exists()  # nothing is saved before the clerk confirms

    preview = clerk_client.get(draft_url(draft))
    assert 'id="edited-from"' in preview.content.decode()
    assert [item.title for item in preview.context["parsed"].items] == [
        "Godkendelse af dagsorden",
        "Orientering om ledigheden",
    ]
    saved = clerk_client.post(draft_url(draft), form_data(preview) | {"save": "1"})
    meeting = Meeting.objects.get()
    assert saved["Location"] == f"/admin/minutes/meeting/{meeting.pk}/change/"
    # The meeting links to both files; the edited text is a correction by hand.
    assert set(meeting.source_documents.all()) == {original, edited}
    assert (meeting.corrected_by_hand, meeting.corrected_by) == (True, clerk)
    decision = meeting.items.get(number=2).decisions.get(is_current=True)
    assert (decision.text, decision.absent) == ("Taget til efterretning.", ["Jens Hansen"])
    public = Client().get(meeting.items.get(number=2).get_absolute_url()).content.decode()
    assert "Taget til efterretning." in public


def test_after_the_save_the_original_says_it_was_read_through_the_corrected_text(
    clerk_client, admin_client
):
    upload_unreadable(clerk_client)
    original = SourceDocument.objects.get()
    clerk_client.post(text_url(original), {"text": EDITED, **METADATA})
    draft = ImportDraft.objects.get()
    clerk_client.post(
        draft_url(draft), form_data(clerk_client.get(draft_url(draft))) | {"save": "1"}
    )
    original.refresh_from_db()
    assert original.status == SourceDocument.Status.READ_AS_EDITED
    assert original.error_message.startswith(NOT_RECOGNISED)
    listed = admin_client.get("/admin/minutes/sourcedocument/")
    assert [document.get_status_display() for document in listed.context["cl"].result_list] == [
        "Importeret",
        "Importeret via rettet tekst",
    ]
    assert '<td class="field-status">Importeret via rettet tekst</td>' in listed.content.decode()
    # The same file again is known: its meeting is saved, the editor does not come back.
    again = upload_unreadable(clerk_client)
    assert again["Location"] == f"/admin/minutes/meeting/{Meeting.objects.get().pk}/change/"
    assert SourceDocument.objects.count() == 2


def test_a_text_that_still_has_no_items_comes_back_with_the_message_and_the_clerks_text(
    clerk_client,
):
    upload_unreadable(clerk_client)
    original = SourceDocument.objects.get()
    changed = NO_ITEMS.replace("Referat af", "Referat fra")
    again = clerk_client.post(text_url(original), {"text": changed, **METADATA})
    assert again.templates[0].name == "admin/minutes/upload_text.html"
    page = again.content.decode()
    assert escape(NOT_RECOGNISED) in page
    assert escape("Referat fra mødet") in page
    assert not ImportDraft.objects.exists()
    # The failed attempt is kept too, linked to the file the clerk uploaded.
    attempt = SourceDocument.objects.exclude(pk=original.pk).get()
    assert (attempt.edited_from, attempt.status) == (original, SourceDocument.Status.FAILED)


def test_an_empty_text_and_an_unknown_kommune_are_refused_in_danish(clerk_client):
    upload_unreadable(clerk_client)
    original = SourceDocument.objects.get()
    refused = clerk_client.post(
        text_url(original), {"text": "  \n", **METADATA, "municipality": "Atlantis"}
    )
    page = refused.content.decode()
    assert "Indsæt eller skriv referatets tekst." in page
    assert escape("„Atlantis“ er ikke en dansk kommune.") in page
    assert SourceDocument.objects.count() == 1


def test_a_scanned_pdf_says_what_to_do_and_offers_an_empty_editor(clerk_client):
    scanned = text_to_pdf("", footer=False)
    response = upload(clerk_client, scanned, "scannet.pdf", **METADATA)
    page = response.content.decode()
    assert response.templates[0].name == "admin/minutes/upload_text.html"
    assert 'id="unreadable"' in page
    assert "Bed kommunen om referatet som tekst eller HTML, eller om en PDF med tekst" in page
    assert escape("indsæt den i tekstfeltet „Dokumentets tekst“") in page
    assert response.context["form"]["text"].value() == ""
    # The pasted text is read as any other.
    original = SourceDocument.objects.get()
    clerk_client.post(text_url(original), {"text": EDITED, **METADATA})
    draft = ImportDraft.objects.get()
    assert draft.source_document.edited_from == original
    assert len(draft.data["items"]) == 2


def test_a_preview_offers_to_correct_the_text_too(clerk_client):
    upload_unreadable(clerk_client)
    clerk_client.post(text_url(SourceDocument.objects.get()), {"text": EDITED, **METADATA})
    draft = ImportDraft.objects.get()
    page = clerk_client.get(draft_url(draft)).content.decode()
    assert f'href="{text_url(draft.source_document)}"' in page
    editor = clerk_client.get(text_url(draft.source_document))
    assert editor.context["form"]["text"].value() == EDITED


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_editor_refuses_anonymous_and_staff_without_the_permission(
    clerk_client, django_user_model, method
):
    upload_unreadable(clerk_client)
    url = text_url(SourceDocument.objects.get())
    data = {"text": EDITED, **METADATA} if method == "post" else None
    anonymous = getattr(Client(), method)(url, data)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    staff = django_user_model.objects.create_user("staff", password=PASSWORD, is_staff=True)
    assert getattr(logged_in(staff), method)(url, data).status_code == 403
    assert SourceDocument.objects.count() == 1


def test_the_editor_refuses_a_post_without_csrf_token(clerk):
    upload_unreadable(logged_in(clerk))
    client = Client(enforce_csrf_checks=True)
    assert client.login(request=HttpRequest(), username="clerk", password=PASSWORD)
    refused = client.post(text_url(SourceDocument.objects.get()), {"text": EDITED, **METADATA})
    assert refused.status_code == 403
    assert SourceDocument.objects.count() == 1


def test_the_new_pages_need_no_inline_code(clerk_client, admin_client):
    from tests.factories import make_item
    from tests.test_security import assert_no_inline_script_or_style

    editor = upload_unreadable(clerk_client)
    assert_no_inline_script_or_style(editor.content.decode())
    clerk_client.post(text_url(SourceDocument.objects.get()), {"text": EDITED, **METADATA})
    preview = clerk_client.get(draft_url(ImportDraft.objects.get()))
    assert_no_inline_script_or_style(preview.content.decode())
    item = make_item()
    for url in ("/admin/", f"/admin/minutes/agendaitem/{item.pk}/change/"):
        assert_no_inline_script_or_style(admin_client.get(url).content.decode())
