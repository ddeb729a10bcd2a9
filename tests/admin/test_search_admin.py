"""The admin keeps the search index in step: unpublish, publish, edit and delete."""

import pytest

from minutes import search
from minutes.models import Meeting
from tests.factories import make_item, make_meeting

pytestmark = pytest.mark.django_db


def found(query: str) -> list[int]:
    return [hit.item_id for hit in search.search(query).hits]


def indexed_item(**overrides):
    item = make_item(sections=[{"heading": "", "text": "Budget for skolerne."}], **overrides)
    assert search.index_meeting(item.meeting_id)
    return item


def test_unpublishing_an_item_in_the_admin_takes_it_out_of_search(
    admin_client, django_capture_on_commit_callbacks
):
    item = indexed_item()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/minutes/agendaitem/",
            {
                "action": "unpublish",
                "_selected_action": [item.pk],
                "apply": "1",
                "reason": "Personoplysninger",
            },
        )

    assert response.status_code == 302
    assert found("budget") == []
    assert Meeting.objects.get(pk=item.meeting_id).is_search_indexed

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/minutes/meeting/", {"action": "publish", "_selected_action": [item.meeting_id]}
        )
    # Publishing the meeting does not republish the item itself.
    assert found("budget") == []
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/minutes/agendaitem/", {"action": "publish", "_selected_action": [item.pk]}
        )
    assert found("budget") == [item.pk]


def test_unpublishing_a_meeting_in_the_admin_takes_its_items_out_of_search(
    admin_client, django_capture_on_commit_callbacks
):
    item = indexed_item()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/minutes/meeting/",
            {"action": "unpublish", "_selected_action": [item.meeting_id], "apply": "1"},
        )

    assert found("budget") == []


def test_deleting_in_the_admin_removes_from_search(
    admin_client, django_capture_on_commit_callbacks
):
    item = indexed_item()
    other = indexed_item(meeting=make_meeting(date=item.meeting_date.replace(year=2020)))

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/minutes/agendaitem/{item.pk}/delete/", {"post": "yes"})
    assert found("budget") == [other.pk]

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/minutes/meeting/{other.meeting_id}/delete/", {"post": "yes"})
    assert found("budget") == []
