"""The admin a clerk lives in: the upload on the front page, saved records edited as forms."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from minutes.admin.record_forms import LinesField, SectionsField
from minutes.models import Meeting
from tests.factories import make_decision, make_item, make_meeting

from .conftest import PASSWORD
from .page_forms import form_values
from .test_upload_draft import logged_in

pytestmark = pytest.mark.django_db


def test_the_front_page_offers_the_upload_to_clerks_only(clerk, django_user_model):
    page = logged_in(clerk).get("/admin/").content.decode()
    assert 'href="/admin/minutes/meeting/upload/"' in page
    assert "Upload referat" in page
    app_page = logged_in(clerk).get("/admin/minutes/").content.decode()
    assert 'href="/admin/minutes/meeting/upload/"' in app_page
    staff = django_user_model.objects.create_user("staff", password=PASSWORD, is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_meeting"))
    assert "/admin/minutes/meeting/upload/" not in logged_in(staff).get("/admin/").content.decode()
    listing = logged_in(staff).get("/admin/minutes/meeting/").content.decode()
    assert "/admin/minutes/meeting/upload/" not in listing


def test_participants_are_edited_one_per_line(admin_client):
    meeting = make_meeting(participants=["Anna Jensen (A)", "Bo Nielsen (V)"])
    url = f"/admin/minutes/meeting/{meeting.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert "Anna Jensen (A)\nBo Nielsen (V)</textarea>" in page
    assert '["Anna Jensen (A)"' not in page  # never the JSON
    data = form_values(page, "meeting_form")
    data["participants"] = "Anna Jensen (A)\r\n\r\n  Carl Holm (C) \r\n"
    assert admin_client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.participants == ["Anna Jensen (A)", "Carl Holm (C)"]


def test_sections_absent_members_and_attachments_are_edited_as_rows(
    admin_client, django_capture_on_commit_callbacks
):
    item = make_item(
        sections=[
            {"heading": "Resume", "text": "Kort om sagen."},
            {"heading": "Sagsfremstilling", "text": "Første afsnit.\n\nAndet afsnit."},
        ]
    )
    make_decision(agenda_item=item, absent=["Jens Hansen"])
    url = f"/admin/minutes/agendaitem/{item.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert 'name="sections-0-heading" value="Resume"' in page
    assert "Første afsnit.\n\nAndet afsnit.</textarea>" in page
    assert 'name="decisions-0-absent"' in page and "Jens Hansen</textarea>" in page
    assert '{"heading"' not in page and "[&quot;Jens" not in page  # never the JSON

    data = form_values(page, "agendaitem_form")
    assert data["sections-rows"] == "3"  # two sections and an empty row for a new one
    data["sections-0-heading"] = ""
    data["sections-0-text"] = ""  # removes "Resume"
    data["sections-1-text"] = "Rettet afsnit.\r\n"
    data["sections-2-heading"] = "Økonomi"
    data["sections-2-text"] = "Ingen udgifter."
    data["decisions-0-absent"] = "Jens Hansen\r\nMette Madsen"
    data["attachments-TOTAL_FORMS"] = "1"
    data["attachments-0-position"] = "0"
    data["attachments-0-title"] = "Notat om ledigheden"
    data["attachments-0-url"] = "https://example.dk/notat.pdf"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    item.refresh_from_db()
    assert item.sections == [
        {"heading": "Sagsfremstilling", "text": "Rettet afsnit."},
        {"heading": "Økonomi", "text": "Ingen udgifter."},
    ]
    assert item.decisions.get().absent == ["Jens Hansen", "Mette Madsen"]
    assert list(item.attachments.values_list("title", "url")) == [
        ("Notat om ledigheden", "https://example.dk/notat.pdf")
    ]
    public = Client().get(item.get_absolute_url()).content.decode()
    assert "Rettet afsnit." in public and "Kort om sagen." not in public
    assert Meeting.objects.get().is_search_indexed


def test_the_lines_field_turns_lists_into_lines_and_back():
    field = LinesField(required=False)
    assert field.prepare_value(["A", "B"]) == "A\nB"
    assert field.clean(" A \r\n\r\nB\n") == ["A", "B"]
    assert field.clean("") == []
    assert not field.has_changed(["A", "B"], "A\r\nB\r\n")


def test_the_sections_field_drops_empty_rows_and_refuses_what_it_cannot_read():
    field = SectionsField(required=False)
    rows = [{"heading": " Resume ", "text": "Tekst.\r\n"}, {"heading": "", "text": " "}]
    assert field.clean(rows) == [{"heading": "Resume", "text": "Tekst."}]
    assert not field.has_changed([{"heading": "Resume", "text": "Tekst."}], rows)
    with pytest.raises(Exception, match="Afsnittene kunne ikke læses"):
        field.clean("not rows")
