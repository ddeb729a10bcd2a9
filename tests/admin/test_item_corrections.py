"""An item the clerk corrects in the admin records it (``AgendaItem.corrected_by_hand``),
and the admin shows which items are; publishing is not correcting."""

import pytest
from django.urls import reverse

from minutes.models import AgendaItem, SourceDocument
from tests.factories import make_decision, make_item, make_meeting

from .page_forms import form_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("clerk", "clerk@example.dk", "pw-123456789")
    client.force_login(user)
    return client


def meeting_with_items():
    meeting = make_meeting()
    first = make_item(meeting=meeting, number=1, title="Godkendelse af dagsorden")
    second = make_item(meeting=meeting, number=2, title="Orientering om ledigheden")
    return meeting, first, second


def meeting_page_data(client, meeting) -> tuple[str, dict[str, str]]:
    url = reverse("admin:minutes_meeting_change", args=[meeting.pk])
    return url, form_values(client.get(url).content.decode(), "meeting_form")


def item_row(data: dict[str, str], item: AgendaItem) -> str:
    """The inline prefix of the item's row on its meeting's page ("items-0")."""
    key = next(key for key, value in data.items() if key.endswith("-id") and value == str(item.pk))
    return key.removesuffix("-id")


def test_an_item_corrected_in_the_meetings_rows_is_marked_and_the_others_not(staff_client):
    meeting, _first, second = meeting_with_items()
    url, data = meeting_page_data(staff_client, meeting)
    data[f"{item_row(data, second)}-title"] = "Orientering om ledigheden i januar"
    assert staff_client.post(url, data).status_code == 302
    assert dict(meeting.items.values_list("number", "corrected_by_hand")) == {1: False, 2: True}
    meeting.refresh_from_db()
    assert meeting.corrected_by_hand


def test_unpublishing_an_item_in_the_meetings_rows_is_no_correction(staff_client):
    meeting, first, _ = meeting_with_items()
    url, data = meeting_page_data(staff_client, meeting)
    del data[f"{item_row(data, first)}-is_published"]
    assert staff_client.post(url, data).status_code == 302
    first.refresh_from_db()
    assert (first.is_published, first.corrected_by_hand) == (False, False)


def test_an_item_added_in_the_meetings_rows_takes_the_meetings_fields_and_is_marked(
    staff_client,
):
    meeting, _, _ = meeting_with_items()
    url, data = meeting_page_data(staff_client, meeting)
    total = int(data["items-TOTAL_FORMS"])
    data |= {
        "items-TOTAL_FORMS": str(total + 1),
        f"items-{total}-meeting": str(meeting.pk),
        f"items-{total}-number": "3",
        f"items-{total}-title": "Eventuelt",
        f"items-{total}-is_published": "on",
    }
    assert staff_client.post(url, data).status_code == 302
    added = meeting.items.get(number=3)
    assert (added.municipality, added.committee, added.meeting_date) == (
        meeting.municipality,
        meeting.committee,
        meeting.date,
    )
    assert added.corrected_by_hand


def test_a_decision_corrected_on_the_items_page_marks_the_item(staff_client):
    _meeting, first, _ = meeting_with_items()
    make_decision(agenda_item=first, text="Godkendt.")
    url = reverse("admin:minutes_agendaitem_change", args=[first.pk])
    data = form_values(staff_client.get(url).content.decode(), "agendaitem_form")
    data["decisions-0-text"] = "Godkendt med bemærkninger."
    assert staff_client.post(url, data).status_code == 302
    first.refresh_from_db()
    assert first.corrected_by_hand
    assert first.decisions.get().text == "Godkendt med bemærkninger."


def test_saving_the_items_page_unchanged_marks_nothing(staff_client):
    _, first, _ = meeting_with_items()
    url = reverse("admin:minutes_agendaitem_change", args=[first.pk])
    data = form_values(staff_client.get(url).content.decode(), "agendaitem_form")
    assert staff_client.post(url, data).status_code == 302
    first.refresh_from_db()
    assert not first.corrected_by_hand


def test_the_item_list_and_the_meetings_rows_show_which_items_are_corrected(staff_client):
    meeting, _first, second = meeting_with_items()
    AgendaItem.objects.filter(pk=second.pk).update(corrected_by_hand=True)
    listed = staff_client.get(reverse("admin:minutes_agendaitem_changelist"))
    page = listed.content.decode()
    assert "column-corrected_by_hand" in page
    assert "rettet i hånden" in page.lower()
    filtered = staff_client.get(
        reverse("admin:minutes_agendaitem_changelist") + "?corrected_by_hand__exact=1"
    )
    assert list(filtered.context["cl"].result_list) == [second]
    meeting_page = staff_client.get(reverse("admin:minutes_meeting_change", args=[meeting.pk]))
    assert "field-corrected_by_hand" in meeting_page.content.decode()


def test_the_document_list_says_a_file_was_read_through_the_corrected_text(staff_client):
    meeting = make_meeting()
    original = SourceDocument.objects.create(
        original_name="referat.pdf",
        sha256="0" * 64,
        size=1,
        meeting=meeting,
        status=SourceDocument.Status.READ_AS_EDITED,
        error_message="Der blev ikke fundet nogen dagsordenspunkter.",
    )
    edited = SourceDocument.objects.create(
        original_name="referat-rettet.txt",
        sha256="1" * 64,
        size=1,
        meeting=meeting,
        edited_from=original,
        status=SourceDocument.Status.IMPORTED,
    )
    listed = staff_client.get(reverse("admin:minutes_sourcedocument_changelist"))
    page = listed.content.decode()
    assert "Importeret via rettet tekst" in page
    assert "Mødet er gemt fra den rettede tekst. Filen selv: Der blev ikke fundet" in page
    detail = staff_client.get(reverse("admin:minutes_sourcedocument_change", args=[original.pk]))
    edited_url = reverse("admin:minutes_sourcedocument_change", args=[edited.pk])
    assert f'<a href="{edited_url}">referat-rettet.txt</a> (Importeret)' in (
        detail.content.decode()
    )
