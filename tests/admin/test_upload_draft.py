"""The editable preview: the draft kept, corrected, joined, split, removed, then saved."""

import pytest
from django import forms
from django.http import HttpRequest
from django.test import Client
from django.utils.html import escape

from minutes.importing.drafts import NO_DECISION
from minutes.models import AgendaItem, ImportDraft, Meeting, SourceDocument
from tests.factories import make_meeting
from tests.helpers import HERNING

from .test_upload import PASSWORD, UPLOAD_URL, upload

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    assert client.login(request=HttpRequest(), username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def clerk_client(clerk):
    return logged_in(clerk)


def draft_url(draft: ImportDraft) -> str:
    return f"/admin/minutes/meeting/upload/kladde/{draft.pk}/"


def form_data(response) -> dict[str, str]:
    """What the preview's form would send unchanged, from its bound or initial values."""
    data = {}
    meeting_form = response.context["meeting_form"]
    item_forms = response.context["item_forms"]
    for form in [meeting_form, *item_forms.forms]:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field, forms.BooleanField):
                if value:
                    data[key] = "on"
            elif value is None:
                data[key] = ""
            elif hasattr(value, "isoformat"):
                data[key] = value.strftime("%H:%M") if hasattr(value, "hour") else str(value)
            else:
                data[key] = str(value)
    management = item_forms.management_form
    for name in management.fields:
        data[management.add_prefix(name)] = str(management[name].value())
    return data


def start(client: Client):
    response = upload(client, HERNING.read_bytes(), "referat.txt", municipality="Herning")
    assert response.templates[0].name == "admin/minutes/upload_preview.html"
    return response, ImportDraft.objects.get()


def test_the_upload_keeps_a_draft_and_saves_nothing(clerk_client, clerk):
    response, draft = start(clerk_client)
    assert draft.created_by == clerk
    assert draft.source_document == SourceDocument.objects.get()
    assert len(draft.data["items"]) == 9
    assert not draft.is_corrected
    assert not Meeting.objects.exists()
    page = response.content.decode()
    assert f'action="{draft_url(draft)}"' in page
    assert 'name="form-0-title"' in page
    # The source beside the form: the document's text.
    assert '<pre class="upload-source-text">' in page
    assert escape("Punkt 9: Generel orientering fra administrationen") in page


def test_corrections_are_kept_in_the_draft_for_a_new_session(clerk_client, clerk):
    response, draft = start(clerk_client)
    data = form_data(response)
    data["form-0-title"] = "Valg af formand og næstformand"
    data["form-1-decision"] = "Præsentationen er taget til efterretning."
    data["form-1-absent"] = "Jens Hansen\nMette Madsen"
    data["apply"] = "1"
    applied = clerk_client.post(draft_url(draft), data)
    assert applied.status_code == 302
    assert not Meeting.objects.exists()
    draft.refresh_from_db()
    assert draft.is_corrected
    assert draft.data["items"][0]["title"] == "Valg af formand og næstformand"

    # Another browser (or a session that timed out and logged in again).
    again = logged_in(clerk).get(draft_url(draft))
    page = again.content.decode()
    assert 'value="Valg af formand og næstformand"' in page
    assert "Jens Hansen\nMette Madsen</textarea>" in page
    assert not Meeting.objects.exists()


def test_saving_the_corrected_draft_records_who_corrected_it(clerk_client, clerk):
    response, draft = start(clerk_client)
    data = form_data(response)
    data["form-0-title"] = "Valg af formand og næstformand"
    data["form-1-decision"] = "Præsentationen er taget til efterretning."
    data["form-1-absent"] = "Jens Hansen"
    data["save"] = "1"
    saved = clerk_client.post(draft_url(draft), data)
    meeting = Meeting.objects.get()
    assert saved["Location"] == f"/admin/minutes/meeting/{meeting.pk}/change/"
    assert (meeting.corrected_by_hand, meeting.corrected_by) == (True, clerk)
    assert meeting.items.get(number=1).title == "Valg af formand og næstformand"
    decision = meeting.items.get(number=2).decisions.get(is_current=True)
    assert (decision.text, decision.absent) == (
        "Præsentationen er taget til efterretning.",
        ["Jens Hansen"],
    )
    # The item keeps what the form does not show: its body.
    assert [s["heading"] for s in meeting.items.get(number=2).sections] == [
        "Kommunikation",
        "Resume",
        "Sagsfremstilling",
    ]
    public = Client().get(meeting.items.get(number=2).get_absolute_url()).content.decode()
    assert "Præsentationen er taget til efterretning." in public
    assert SourceDocument.objects.get().status == SourceDocument.Status.IMPORTED


def test_saving_an_uncorrected_draft_is_not_marked_as_corrected(clerk_client):
    response, draft = start(clerk_client)
    clerk_client.post(draft_url(draft), form_data(response) | {"save": "1"})
    meeting = Meeting.objects.get()
    assert (meeting.corrected_by_hand, meeting.corrected_by) == (False, None)
    assert meeting.items.count() == 9


def test_join_remove_and_split(clerk_client):
    response, draft = start(clerk_client)
    data = form_data(response)
    data["form-3-join"] = "on"  # item 4 into item 3
    data["form-8-remove"] = "on"  # item 9 goes
    data["form-4-split_at"] = "2"  # item 5 from "Sagsfremstilling" on is a new item
    data["form-4-number"] = "5"
    applied = clerk_client.post(draft_url(draft), data | {"apply": "1"})
    assert applied.status_code == 302
    page = clerk_client.get(draft_url(draft))
    numbers = [item.number for item in page.context["parsed"].items]
    # The new item takes the first number no item has: 10.
    assert numbers == [1, 2, 3, 5, 10, 6, 7, 8]
    clerk_client.post(draft_url(draft), form_data(page) | {"save": "1"})
    meeting = Meeting.objects.get()
    items = {item.number: item for item in meeting.items.all()}
    assert 4 not in items and 9 not in items
    assert "4. Introduktion til Social- og Beskæftigelsesrådets" in " ".join(
        section["heading"] for section in items[3].sections
    )
    joined = items[3].decisions.get(is_current=True)
    assert joined.text.count("Orienteringen er taget til efterretning") == 2
    assert items[10].title == "Sagsfremstilling"
    # The section's text opens the new item; the sections after it follow.
    assert [s["heading"] for s in items[10].sections] == ["", "Økonomi"]
    assert items[10].sections[0]["text"]
    assert [s["heading"] for s in items[5].sections] == ["Kommunikation", "Resume"]


def test_an_item_without_decision_is_shown_at_a_glance(clerk_client):
    response, draft = start(clerk_client)
    data = form_data(response)
    data["form-6-decision"] = ""
    clerk_client.post(draft_url(draft), data | {"apply": "1"})
    page = clerk_client.get(draft_url(draft)).content.decode()
    assert "Punkter uden beslutning: 7." in page
    assert page.count(escape(NO_DECISION)) == 1


def test_invalid_corrections_show_danish_errors_and_change_nothing(clerk_client):
    response, draft = start(clerk_client)
    data = form_data(response)
    data["municipality"] = "Atlantis"
    data["form-1-number"] = "1"
    data["form-2-earlier"] = "Økonomiudvalget | 3. november | 10\nGodkendt."
    page = clerk_client.post(draft_url(draft), data | {"save": "1"})
    html = page.content.decode()
    assert escape("„Atlantis“ er ikke en dansk kommune.") in html
    assert escape("„3. november“ er ikke en dato; skriv ÅÅÅÅ-MM-DD.") in html
    data["municipality"] = "Herning Kommune"
    data["form-2-earlier"] = ""
    page = clerk_client.post(draft_url(draft), data | {"save": "1"})
    assert "To punkter har samme nummer: 1." in page.content.decode()
    assert not Meeting.objects.exists()
    draft.refresh_from_db()
    assert not draft.is_corrected


def test_earlier_decisions_are_edited_as_text(clerk_client):
    response, draft = start(clerk_client)
    data = form_data(response)
    data["form-2-earlier"] = (
        "Økonomiudvalget | 2025-11-03 | 10\nGodkendt.\n---\nByrådet |  | \nTiltrådt."
    )
    clerk_client.post(draft_url(draft), data | {"save": "1"})
    item = AgendaItem.objects.get(number=3)
    earlier = [
        (d.committee_name, d.date and d.date.isoformat(), d.item_number, d.text)
        for d in item.decisions.filter(is_current=False)
    ]
    assert earlier == [
        ("Økonomiudvalget", "2025-11-03", 10, "Godkendt."),
        ("Byrådet", None, None, "Tiltrådt."),
    ]


def test_a_draft_of_a_saved_document_leads_to_the_meeting(clerk_client):
    response, draft = start(clerk_client)
    clerk_client.post(draft_url(draft), form_data(response) | {"save": "1"})
    meeting = Meeting.objects.get()
    again = clerk_client.post(draft_url(draft), form_data(response) | {"save": "1"})
    assert again["Location"] == f"/admin/minutes/meeting/{meeting.pk}/change/"
    assert Meeting.objects.count() == 1


def test_a_corrected_reupload_shows_what_changes_against_the_saved_meeting(clerk_client):
    make_meeting()  # Herning's Beskæftigelsesudvalget on 2026-01-13, with no items
    response, _ = start(clerk_client)
    html = response.content.decode()
    assert "Rettet udgave af et møde, der findes" in html
    assert "Nye punkter: 1, 2, 3, 4, 5, 6, 7, 8, 9" in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_draft_refuses_anonymous_and_staff_without_the_permission(
    clerk_client, django_user_model, method
):
    _, draft = start(clerk_client)
    anonymous = getattr(Client(), method)(draft_url(draft))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    staff = django_user_model.objects.create_user("staff", password=PASSWORD, is_staff=True)
    refused = getattr(logged_in(staff), method)(draft_url(draft))
    assert refused.status_code == 403
    assert not Meeting.objects.exists()


def test_the_draft_refuses_a_post_without_csrf_token(clerk):
    client = Client(enforce_csrf_checks=True)
    assert client.login(request=HttpRequest(), username="clerk", password=PASSWORD)
    response = upload(logged_in(clerk), HERNING.read_bytes(), "referat.txt", municipality="Herning")
    draft = ImportDraft.objects.get()
    refused = client.post(draft_url(draft), form_data(response) | {"save": "1"})
    assert refused.status_code == 403
    assert not Meeting.objects.exists()


def test_the_upload_page_still_answers(clerk_client):
    assert clerk_client.get(UPLOAD_URL).status_code == 200


def test_a_corrected_decision_keeps_its_committee_date_and_item_number(clerk_client):
    response, draft = start(clerk_client)
    data = form_data(response) | {"form-1-decision": "Drøftet.", "save": "1"}
    clerk_client.post(draft_url(draft), data)
    decisions = (
        Meeting.objects.get()
        .items.order_by("number")
        .values_list(
            "decisions__text",
            "decisions__committee_name",
            "decisions__date",
            "decisions__item_number",
        )
    )
    text, committee, date, number = decisions[1]
    assert (text, committee, date.isoformat(), number) == (
        "Drøftet.",
        "Beskæftigelsesudvalget",
        "2026-01-13",
        2,
    )


def test_the_upload_page_lists_the_clerks_unsaved_drafts(clerk_client, clerk, django_user_model):
    response, draft = start(clerk_client)
    page = logged_in(clerk).get(UPLOAD_URL).content.decode()
    assert f'href="{draft_url(draft)}">referat.txt</a>' in page
    # Another clerk's drafts are not in the list, and a saved one leaves it.
    other = django_user_model.objects.create_user("other", password=PASSWORD, is_staff=True)
    other.user_permissions.set(clerk.user_permissions.all())
    assert 'id="open-drafts"' not in logged_in(other).get(UPLOAD_URL).content.decode()
    clerk_client.post(draft_url(draft), form_data(response) | {"save": "1"})
    assert 'id="open-drafts"' not in clerk_client.get(UPLOAD_URL).content.decode()
