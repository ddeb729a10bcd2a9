import pytest
from django.urls import reverse

from tests.factories import make_attachment, make_decision, make_item

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
