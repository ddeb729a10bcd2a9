import datetime as dt

import pytest
from django.urls import reverse

from minutes import search
from minutes.models import Meeting, SourceDocument
from tests.factories import (
    make_attachment,
    make_committee,
    make_decision,
    make_item,
    make_meeting,
    make_municipality,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("clerk", "clerk@example.dk", "pw-123456789")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model",
    ["municipality", "committee", "meeting", "agendaitem", "sourcedocument"],
)
def test_admin_list_and_change_pages_open_for_staff(staff_client, model):
    item = make_item()
    make_decision(agenda_item=item)
    make_attachment(agenda_item=item)
    objects = {
        "municipality": item.municipality,
        "committee": item.committee,
        "meeting": item.meeting,
        "agendaitem": item,
    }
    assert staff_client.get(reverse(f"admin:minutes_{model}_changelist")).status_code == 200
    if model in objects:
        url = reverse(f"admin:minutes_{model}_change", args=[objects[model].pk])
        assert staff_client.get(url).status_code == 200


def test_admin_refuses_anonymous_visitors(client):
    response = client.get(reverse("admin:minutes_meeting_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_document_list_says_why_an_import_failed(staff_client):
    SourceDocument.objects.create(
        original_name="referat.txt",
        sha256="0" * 64,
        size=1,
        status=SourceDocument.Status.FAILED,
        error_message="Databasen svarede ikke under importen; intet er gemt. Importér filen igen.",
    )
    response = staff_client.get(reverse("admin:minutes_sourcedocument_changelist"))
    assert "Databasen svarede ikke under importen; intet er gemt." in response.content.decode()


def inline_management(prefix: str) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_an_item_moved_to_another_meeting_takes_its_copies_and_both_meetings_follow(
    staff_client, django_capture_on_commit_callbacks
):
    item = make_item(sections=[{"heading": "", "text": "Budget for skolerne."}])
    old_meeting = item.meeting
    ikast = make_committee(municipality=make_municipality(name="Ikast", slug="ikast"))
    new_meeting = make_meeting(committee=ikast, date=dt.date(2026, 3, 4))
    assert search.index_meeting(old_meeting.pk)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:minutes_agendaitem_change", args=[item.pk]),
            {
                "meeting": new_meeting.pk,
                "number": item.number,
                "title": item.title,
                "case_number": item.case_number,
                "case_officer": "",
                "sections": '[{"heading": "", "text": "Budget for skolerne."}]',
                "recommendation": "",
                "is_published": "on",
                "unpublished_reason": "",
                **inline_management("decisions"),
                **inline_management("attachments"),
            },
        )

    assert response.status_code == 302, response.context["adminform"].form.errors
    item.refresh_from_db()
    assert (item.municipality, item.committee, item.meeting_date) == (
        ikast.municipality,
        ikast,
        dt.date(2026, 3, 4),
    )
    # The index took the item's new municipality (by slug) and left the old one.
    assert [hit.item_id for hit in search.search("budget", municipalities=["ikast"]).hits] == [
        item.pk
    ]
    assert search.search("budget", municipalities=["herning-kommune"]).hits == []
    assert set(Meeting.objects.values_list("is_search_indexed", flat=True)) == {True}
