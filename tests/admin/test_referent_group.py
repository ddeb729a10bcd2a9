"""The group "Referent" (migration 0017): a clerk in it uploads and then corrects the
saved items in the admin; staff outside it get neither."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from minutes.models import Meeting, SourceDocument
from tests.factories import make_decision, make_item
from tests.helpers import HERNING

from .conftest import PASSWORD
from .page_forms import form_values
from .test_upload import UPLOAD_URL, upload
from .test_upload_draft import draft_url, form_data, logged_in

pytestmark = pytest.mark.django_db

EXPECTED = {
    "upload_minutes",
    *(
        f"{action}_{model}"
        for model in ("meeting", "agendaitem", "decision", "attachment")
        for action in ("view", "change", "add", "delete")
    ),
    "view_sourcedocument",
    "view_municipality",
    "view_committee",
}


@pytest.fixture
def referent(django_user_model):
    user = django_user_model.objects.create_user("referent", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Referent"))
    return user


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("staff", password=PASSWORD, is_staff=True)


def test_the_group_holds_uploading_and_correcting_minutes_and_nothing_else():
    group = Group.objects.get(name="Referent")
    permissions = group.permissions.select_related("content_type")
    assert {p.content_type.app_label for p in permissions} == {"minutes"}
    assert {p.codename for p in permissions} == EXPECTED


def test_a_clerk_in_the_group_uploads_saves_and_corrects_an_item(referent):
    client = logged_in(referent)
    assert client.get(UPLOAD_URL).status_code == 200
    preview = upload(client, HERNING.read_bytes(), "referat.txt", municipality="Herning")
    assert preview.templates[0].name == "admin/minutes/upload_preview.html"
    draft = preview.context["draft"]
    assert client.post(draft_url(draft), form_data(preview) | {"save": "1"}).status_code == 302
    meeting = Meeting.objects.get()

    # The meeting's page with its rows, and the item's page with its decisions.
    meeting_url = reverse("admin:minutes_meeting_change", args=[meeting.pk])
    rows = form_values(client.get(meeting_url).content.decode(), "meeting_form")
    first = meeting.items.get(number=1)
    row = next(k for k, v in rows.items() if k.endswith("-id") and v == str(first.pk))
    rows[row.replace("-id", "-title")] = "Valg af formand og næstformand"
    assert client.post(meeting_url, rows).status_code == 302
    assert meeting.items.get(number=1).title == "Valg af formand og næstformand"
    item = meeting.items.get(number=8)
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = form_values(page.content.decode(), "agendaitem_form")
    current = next(
        key.removesuffix("-is_current")
        for key, value in data.items()
        if key.endswith("-is_current") and value == "on"
    )
    data[f"{current}-text"] = "Samarbejdet blev drøftet og godkendt."
    data["title"] = "Samarbejde på tværs af fagudvalg"
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    item.refresh_from_db()
    assert item.title == "Samarbejde på tværs af fagudvalg"
    assert item.decisions.get(is_current=True).text == "Samarbejdet blev drøftet og godkendt."
    assert item.corrected_by_hand
    # The kommune and udvalg fields' search answers the clerk too.
    autocomplete = client.get(
        "/admin/autocomplete/",
        {"app_label": "minutes", "model_name": "meeting", "field_name": "committee", "term": "B"},
    )
    assert autocomplete.status_code == 200


def test_staff_outside_the_group_can_neither_upload_nor_correct_an_item(staff):
    item = make_item()
    make_decision(agenda_item=item)
    client = logged_in(staff)
    assert client.get(UPLOAD_URL).status_code == 403
    assert upload(client, HERNING.read_bytes(), "referat.txt").status_code == 403
    assert not SourceDocument.objects.exists()
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Ændret"}).status_code == 403
    item.refresh_from_db()
    assert item.title == "Godkendelse af dagsorden"
    assert not Meeting.objects.exclude(pk=item.meeting_id).exists()
