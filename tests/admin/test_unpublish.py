"""The admin's unpublish action: a reason is asked for, nothing is deleted, search forgets."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from minutes import search
from minutes.importing.batch import import_file
from minutes.importing.demo import SEEDS_DIR
from minutes.models import AgendaItem, Meeting

pytestmark = pytest.mark.django_db

HERNING = SEEDS_DIR / "002_4d730365fae17496.txt"


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("clerk", "clerk@example.dk", "pw-123456789")
    client.force_login(user)
    return client


@pytest.fixture
def meeting(django_capture_on_commit_callbacks) -> Meeting:
    with django_capture_on_commit_callbacks(execute=True):
        outcome = import_file(
            HERNING.read_bytes(), filename="r.txt", municipality="Herning Kommune"
        )
    return outcome.meeting


def hit_ids(query: str) -> set[int]:
    return {hit.item_id for hit in search.search(query).hits}


def test_import_puts_the_meeting_in_the_search_index(meeting):
    meeting.refresh_from_db()
    assert meeting.is_search_indexed
    assert AgendaItem.objects.get(number=6).pk in hit_ids("temaplan")


def test_unpublish_asks_for_a_reason_first(staff_client, meeting):
    url = reverse("admin:minutes_meeting_changelist")
    response = staff_client.post(url, {"action": "unpublish", ACTION_CHECKBOX_NAME: [meeting.pk]})
    assert response.status_code == 200
    assert "Begrundelse" in response.content.decode()
    assert Meeting.objects.get().is_published


def test_unpublished_meeting_keeps_its_rows_and_reason_and_leaves_search(
    staff_client, meeting, django_capture_on_commit_callbacks
):
    url = reverse("admin:minutes_meeting_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url,
            {
                "action": "unpublish",
                ACTION_CHECKBOX_NAME: [meeting.pk],
                "reason": "CPR-nummer i punkt 6",
                "apply": "Afpublicér",
            },
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert not meeting.is_published
    assert meeting.unpublished_reason == "CPR-nummer i punkt 6"
    assert meeting.items.count() == 9
    assert hit_ids("temaplan") == set()


def test_unpublished_item_leaves_search_and_the_others_stay(
    staff_client, meeting, django_capture_on_commit_callbacks
):
    item = AgendaItem.objects.get(number=6)
    url = reverse("admin:minutes_agendaitem_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            url,
            {"action": "unpublish", ACTION_CHECKBOX_NAME: [item.pk], "reason": "", "apply": "1"},
        )
    item.refresh_from_db()
    assert not item.is_published
    assert item.pk not in hit_ids("temaplan")
    assert AgendaItem.objects.get(number=7).pk in hit_ids("nøgletal")


def test_publish_again_brings_it_back(staff_client, meeting, django_capture_on_commit_callbacks):
    Meeting.objects.update(is_published=False, unpublished_reason="Fejl")
    url = reverse("admin:minutes_meeting_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"action": "publish", ACTION_CHECKBOX_NAME: [meeting.pk]})
    meeting.refresh_from_db()
    assert (meeting.is_published, meeting.unpublished_reason) == (True, "")
    assert AgendaItem.objects.get(number=6).pk in hit_ids("temaplan")
