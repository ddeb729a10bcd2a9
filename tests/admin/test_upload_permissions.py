"""Every URL of the clerks' upload refuses anonymous visitors, staff without
``minutes.upload_minutes`` and posts without a CSRF token, and writes nothing then."""

import pytest
from django.http import HttpRequest
from django.test import Client

from minutes.models import ImportDraft, Meeting, SourceDocument
from tests.helpers import HERNING

from .conftest import PASSWORD
from .test_upload import upload
from .test_upload_draft import form_data, logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls_and_data(clerk):
    """Each upload URL with what a clerk would post to it."""
    response = upload(logged_in(clerk), HERNING.read_bytes(), "referat.txt", municipality="Herning")
    draft = ImportDraft.objects.get()
    document = draft.source_document
    return {
        "upload": ("/admin/minutes/meeting/upload/", {"municipality": "Herning"}),
        "confirm": ("/admin/minutes/meeting/upload/gem/", {"source_document": document.pk}),
        "draft": (
            f"/admin/minutes/meeting/upload/kladde/{draft.pk}/",
            form_data(response) | {"save": "1"},
        ),
        "text": (
            f"/admin/minutes/meeting/upload/tekst/{document.pk}/",
            {"text": HERNING.read_text(encoding="utf-8"), "municipality": "Herning"},
        ),
    }


NAMES = ["upload", "confirm", "draft", "text"]


def assert_nothing_written() -> None:
    assert not Meeting.objects.exists()
    assert SourceDocument.objects.count() == 1
    assert not ImportDraft.objects.get().is_corrected


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_the_login(urls_and_data, name, method):
    url, data = urls_and_data[name]
    response = getattr(Client(), method)(url, data if method == "post" else None)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert_nothing_written()


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_without_the_permission_is_refused(urls_and_data, django_user_model, name, method):
    url, data = urls_and_data[name]
    staff = django_user_model.objects.create_user("staff", password=PASSWORD, is_staff=True)
    response = getattr(logged_in(staff), method)(url, data if method == "post" else None)
    # The confirm URL takes only POST: a GET is refused before the permission is asked.
    assert response.status_code == (405 if (name, method) == ("confirm", "get") else 403)
    assert_nothing_written()


@pytest.mark.parametrize("name", NAMES)
def test_a_post_without_csrf_token_is_refused(urls_and_data, clerk, name):
    url, data = urls_and_data[name]
    client = Client(enforce_csrf_checks=True)
    assert client.login(request=HttpRequest(), username="clerk", password=PASSWORD)
    assert client.post(url, data).status_code == 403
    assert_nothing_written()
