"""A corrected re-upload: what differs from the saved meeting, the clerk's corrections
among it, and the clerk's choice per item of the saved version or the new file's."""

import pytest

from minutes.models import ImportDraft, Meeting, SourceDocument
from tests.helpers import corrected_herning

from .test_upload import upload
from .test_upload_draft import draft_url, form_data, logged_in, start

pytestmark = pytest.mark.django_db

CORRECTED_TITLE = "Valg af formand og næstformand"


@pytest.fixture
def clerk_client(clerk):
    return logged_in(clerk)


@pytest.fixture
def saved_with_a_correction(clerk_client):
    """Seed 002 saved with item 1's title corrected by hand."""
    response, draft = start(clerk_client)
    clerk_client.post(
        draft_url(draft), form_data(response) | {"form-0-title": CORRECTED_TITLE, "save": "1"}
    )
    return Meeting.objects.get()


def reupload(client):
    response = upload(client, corrected_herning(), "referat-ny.txt", municipality="Herning")
    draft = ImportDraft.objects.get(source_document__original_name="referat-ny.txt")
    return response, draft


def test_the_reupload_shows_each_difference_and_the_clerks_own_correction(
    clerk_client, saved_with_a_correction
):
    response, _ = reupload(clerk_client)
    differences = {d.number: d for d in response.context["version_form"].differences}
    # Item 1: the saved title is the clerk's correction, the file has the parser's.
    # Item 8: the decision was reworded. Item 9: only the saved meeting has it.
    assert sorted(differences) == [1, 8, 9]
    assert differences[1].corrected_by_hand
    assert [(f.label, f.saved, f.new) for f in differences[1].fields] == [
        ("Titel", CORRECTED_TITLE, "Valg af Beskæftigelsesudvalgets formand og næstformand")
    ]
    assert not differences[8].corrected_by_hand
    assert [f.label for f in differences[8].fields] == ["Beslutninger"]
    assert "blev drøftet" in differences[8].fields[0].new
    assert differences[9].new_title is None
    # The clerk's correction is chosen to be kept until the clerk says otherwise.
    assert {n for n, d in differences.items() if d.keeps_saved} == {1}
    page = response.content.decode()
    assert 'id="saved-corrected"' in page
    assert page.count('class="hand-corrected"') == 1
    # The radios belong to the correction form, which stands elsewhere on the page.
    assert 'name="version-item-1" value="saved" form="correction"' in page
    assert response.context["version_form"]["item-1"].value() == "saved"
    assert response.context["version_form"]["item-8"].value() == "new"
    assert (
        "Den gemte udgave er valgt på forhånd, fordi punktet er rettet i hånden: gemmer du, "
        "bevares rettelsen."
    ) in page
    assert page.count('class="help hand-corrected-why"') == 1
    assert 'id="correction"' in page
    assert not SourceDocument.objects.filter(status=SourceDocument.Status.UPDATED).exists()


def test_the_clerk_keeps_the_saved_version_of_some_items_and_takes_the_new_of_others(
    clerk_client, saved_with_a_correction
):
    meeting = saved_with_a_correction
    response, draft = reupload(clerk_client)
    choices = {
        "version-item-1": "saved",  # keep the hand-corrected title
        "version-item-8": "new",  # take the reworded decision
        "version-item-9": "saved",  # keep item 9, which the new file lacks
    }
    applied = clerk_client.post(draft_url(draft), form_data(response) | choices | {"apply": "1"})
    assert applied.status_code == 302
    page = clerk_client.get(draft_url(draft))
    assert page.context["parsed"].items[0].title == CORRECTED_TITLE
    assert [item.number for item in page.context["parsed"].items] == list(range(1, 10))
    kept = {d.number: d.keeps_saved for d in page.context["version_form"].differences}
    assert kept == {1: True, 8: False, 9: True}
    assert Meeting.objects.get().items.get(number=8).decisions.get(is_current=True).text == (
        meeting.items.get(number=8).decisions.get(is_current=True).text
    )  # nothing saved yet

    clerk_client.post(draft_url(draft), form_data(page) | {"save": "1"})
    items = {item.number: item for item in Meeting.objects.get().items.all()}
    assert items[1].title == CORRECTED_TITLE
    assert "blev drøftet" in items[8].decisions.get(is_current=True).text
    assert not items[9].is_withdrawn
    document = SourceDocument.objects.get(original_name="referat-ny.txt")
    assert document.status == SourceDocument.Status.UPDATED


def test_taking_the_new_file_again_undoes_keeping_the_saved_version(
    clerk_client, saved_with_a_correction
):
    response, draft = reupload(clerk_client)
    clerk_client.post(
        draft_url(draft), form_data(response) | {"version-item-1": "saved", "apply": "1"}
    )
    page = clerk_client.get(draft_url(draft))
    assert page.context["parsed"].items[0].title == CORRECTED_TITLE
    clerk_client.post(draft_url(draft), form_data(page) | {"version-item-1": "new", "apply": "1"})
    page = clerk_client.get(draft_url(draft))
    assert page.context["parsed"].items[0].title == (
        "Valg af Beskæftigelsesudvalgets formand og næstformand"
    )
    # Without a choice the new file's item 9 absence stands: saving withdraws item 9.
    clerk_client.post(draft_url(draft), form_data(page) | {"save": "1"})
    assert Meeting.objects.get().items.get(number=9).is_withdrawn
    # Item 1 is the parser's reading again, no longer the clerk's.
    assert not Meeting.objects.get().items.get(number=1).corrected_by_hand


def test_an_unknown_choice_is_refused_and_changes_nothing(clerk_client, saved_with_a_correction):
    response, draft = reupload(clerk_client)
    refused = clerk_client.post(
        draft_url(draft), form_data(response) | {"version-item-1": "both", "save": "1"}
    )
    assert refused.status_code == 200
    assert "Marker en gyldig valgmulighed. both er ikke en af de tilgængelige valgmuligheder." in (
        refused.content.decode()
    )
    before = draft.data
    draft.refresh_from_db()
    assert draft.data == before
    assert Meeting.objects.get().items.get(number=1).title == CORRECTED_TITLE


def test_an_edit_in_the_admin_counts_as_the_clerks_correction(
    clerk_client, saved_with_a_correction, admin_client, admin_user
):
    from .page_forms import form_values

    item = saved_with_a_correction.items.get(number=3)
    url = f"/admin/minutes/agendaitem/{item.pk}/change/"
    data = form_values(admin_client.get(url).content.decode(), "agendaitem_form")
    data["title"] = "Styrelsesvedtægten og lovgrundlaget"
    assert admin_client.post(url, data).status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.corrected_by_hand, meeting.corrected_by) == (True, admin_user)

    assert Meeting.objects.get().items.get(number=3).corrected_by_hand

    response, _ = reupload(clerk_client)
    differences = {d.number: d for d in response.context["version_form"].differences}
    assert sorted(differences) == [1, 3, 8, 9]
    assert {n for n, d in differences.items() if d.corrected_by_hand} == {1, 3}
    assert {n for n, d in differences.items() if d.keeps_saved} == {1, 3}
    assert "rettet i hånden af admin" in response.content.decode()


def test_the_saved_meeting_records_which_items_the_clerk_corrected(saved_with_a_correction):
    flags = dict(saved_with_a_correction.items.values_list("number", "corrected_by_hand"))
    assert flags == {number: number == 1 for number in range(1, 10)}


def test_a_reupload_saved_as_it_stands_keeps_the_correction_by_hand(
    clerk_client, saved_with_a_correction
):
    response, draft = reupload(clerk_client)
    # The item's form shows the version that will be saved: the clerk's.
    assert response.context["parsed"].items[0].title == CORRECTED_TITLE
    clerk_client.post(draft_url(draft), form_data(response) | {"save": "1"})
    items = {item.number: item for item in Meeting.objects.get().items.all()}
    assert items[1].title == CORRECTED_TITLE
    assert items[1].corrected_by_hand
    assert "blev drøftet" in items[8].decisions.get(is_current=True).text
    assert not items[8].corrected_by_hand
    assert items[9].is_withdrawn


def test_the_clerk_who_takes_the_new_file_is_told_the_correction_goes(
    clerk_client, saved_with_a_correction
):
    response, draft = reupload(clerk_client)
    clerk_client.post(
        draft_url(draft), form_data(response) | {"version-item-1": "new", "apply": "1"}
    )
    page = clerk_client.get(draft_url(draft))
    assert page.context["version_form"]["item-1"].value() == "new"
    assert (
        "Punktet er rettet i hånden. Med den nye fil går rettelsen tabt; vælg den gemte "
        "udgave for at bevare den."
    ) in page.content.decode()
