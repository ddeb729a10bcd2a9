"""The hardened edges: the Content-Security-Policy, login throttling, request body
caps and the Danish error pages."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import include, path, reverse
from django.utils import timezone

from .factories import make_decision, make_item

pytestmark = pytest.mark.django_db

PASSWORD = "en-lang-og-rigtig-adgangskode"
LOGIN_URL = "/admin/login/"
UPLOAD_URL = "/admin/minutes/meeting/upload/"
CONFIG_URLS = "config.urls"


def boom(request):
    raise RuntimeError("a bug in a view")


# A URLconf for the 500 page: the site's own, plus one view that fails.
urlpatterns = [path("fejl-i-en-visning/", boom), path("", include(CONFIG_URLS))]
handler400 = "minutes.error_pages.bad_request"


def assert_strict_policy(response) -> None:
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def assert_no_inline_script_or_style(html: str) -> None:
    """What the policy would block: inline <style>, style="", inline <script>, on...= handlers."""
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)
    for script in re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.DOTALL):
        # Django's admin keeps its constants in <script type="application/json"> data
        # blocks or data- attributes of a script with a src; neither runs inline code.
        assert script.strip() == "", script
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("chef", "chef@example.dk", PASSWORD)


@pytest.fixture
def item():
    item = make_item()
    make_decision(agenda_item=item)
    return item


def log_in(client: Client, password: str, username: str = "chef"):
    return client.post(LOGIN_URL, {"username": username, "password": password, "next": "/admin/"})


# -- Content-Security-Policy -------------------------------------------------------------


def test_public_pages_carry_the_policy_and_need_no_inline_code(client, item):
    meeting = item.meeting
    urls = [
        "/",
        item.get_absolute_url(),
        meeting.get_absolute_url(),
        reverse("minutes:item_list") + "?kommune=ikke-en-kommune",
        reverse("data:coverage"),
        reverse("minutes:municipality_list"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)
        assert_no_inline_script_or_style(response.content.decode())


def test_admin_pages_carry_the_policy_and_need_no_inline_code(client, superuser, item):
    login_page = client.get(LOGIN_URL)
    assert_strict_policy(login_page)
    assert_no_inline_script_or_style(login_page.content.decode())
    client.force_login(superuser)
    urls = [
        "/admin/",
        reverse("admin:minutes_meeting_changelist"),
        reverse("admin:minutes_meeting_change", args=[item.meeting.pk]),
        reverse("admin:minutes_agendaitem_change", args=[item.pk]),
        reverse("admin:minutes_agendaitem_changelist") + "?q=punkt",
        UPLOAD_URL,
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)
        assert_no_inline_script_or_style(response.content.decode())


def test_the_upload_preview_needs_no_inline_style(client, superuser):
    from .helpers import HERNING

    client.force_login(superuser)
    with HERNING.open("rb") as document:
        response = client.post(
            UPLOAD_URL, {"file": document, "municipality": "Herning Kommune", "committee": ""}
        )
    assert response.status_code == 200
    assert "Kontrollér" in response.content.decode()
    assert_strict_policy(response)
    assert_no_inline_script_or_style(response.content.decode())


def test_api_feeds_and_machine_answers_carry_the_policy(client, item):
    for url in [
        "/api/municipalities/",
        "/api/schema/",
        "/api/ikke-her/",
        "/feeds/punkter/",
        "/sitemap.xml",
        "/robots.txt",
        "/punkter/eksport.csv",
    ]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_strict_policy(response)


@pytest.mark.urls(__name__)
def test_error_pages_carry_the_policy_and_need_no_inline_code(client):
    anonymous_post = Client(enforce_csrf_checks=True)
    responses = {
        404: client.get("/findes-ikke/"),
        400: client.get("/", headers={"host": "angriber.example"}),
        413: client.post(
            LOGIN_URL, b"x" * 100, content_type="text/plain", CONTENT_LENGTH="10000000"
        ),
        403: anonymous_post.post(LOGIN_URL, {"username": "chef", "password": PASSWORD}),
    }
    client.raise_request_exception = False
    responses[500] = client.get("/fejl-i-en-visning/")
    for status, response in responses.items():
        assert response.status_code == status
        assert_strict_policy(response)
        assert_no_inline_script_or_style(response.content.decode())


def test_the_error_pages_that_stand_alone_link_their_stylesheet(client):
    page = client.get("/", headers={"host": "angriber.example"}).content.decode()
    assert '<link rel="stylesheet" href="/static/css/error.css">' in page
    assert '<html lang="da">' in page


# -- Danish error pages that say what went wrong -----------------------------------------


def test_a_foreign_host_header_gets_a_danish_400_naming_the_address_problem(client):
    response = client.get("/", headers={"host": "angriber.example"})
    assert response.status_code == 400
    assert "værtsnavnet er ikke et af dem, webstedet svarer på" in response.content.decode()


def test_a_form_without_its_csrf_token_gets_a_danish_403_saying_the_page_was_old(superuser):
    browser = Client(enforce_csrf_checks=True)
    browser.get(LOGIN_URL)  # sets the CSRF cookie, as a browser would
    response = browser.post(LOGIN_URL, {"username": "chef", "password": PASSWORD})
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Formularen blev afvist</h1>" in page
    assert "Siden med formularen var forældet" in page


def test_a_form_without_the_csrf_cookie_gets_a_403_asking_for_cookies(superuser):
    response = Client(enforce_csrf_checks=True).post(LOGIN_URL, {"username": "chef"})
    assert response.status_code == 403
    assert "Browseren sendte ikke webstedets sikkerhedscookie" in response.content.decode()


def test_a_form_from_another_site_gets_a_403_naming_the_origin(superuser):
    browser = Client(enforce_csrf_checks=True)
    token = browser.get(LOGIN_URL).cookies["csrftoken"].value
    response = browser.post(
        LOGIN_URL,
        {"username": "chef", "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"origin": "https://angriber.example"},
    )
    assert response.status_code == 403
    assert "sendt fra en anden adresse end webstedets egen" in response.content.decode()


def test_staff_without_a_permission_get_a_danish_403_naming_their_user(client, django_user_model):
    user = django_user_model.objects.create_user("praktikant", password=PASSWORD, is_staff=True)
    client.force_login(user)
    response = client.get(UPLOAD_URL)
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Ingen adgang</h1>" in page
    assert "Du er logget ind som <strong>praktikant</strong>" in page


@pytest.mark.urls(__name__)
def test_a_bug_gets_the_danish_500_page(client):
    client.raise_request_exception = False
    response = client.get("/fejl-i-en-visning/")
    assert response.status_code == 500
    assert "<h1>Der skete en fejl</h1>" in response.content.decode()


# -- Request bodies capped before they are read ------------------------------------------


def test_an_anonymous_300_mb_body_is_refused_unread_with_a_danish_413(client):
    # The body sent is small; the Content-Length claims 300 MB. Were the body read,
    # Django would stop at the bytes there are; refused by the header, it is never read.
    response = client.post(
        LOGIN_URL, b"x" * 1000, content_type="text/plain", CONTENT_LENGTH=str(300 * 1024 * 1024)
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "<h1>For meget data</h1>" in page
    assert "blev afvist uden at blive læst" in page
    assert "højst 64,0\xa0KB" in page


def test_an_anonymous_upload_to_the_upload_url_gets_the_small_cap(client):
    response = client.post(
        UPLOAD_URL, b"x", content_type="text/plain", CONTENT_LENGTH=str(10 * 1024 * 1024)
    )
    assert response.status_code == 413
    assert "højst 64,0\xa0KB" in response.content.decode()


def test_a_login_form_passes_the_small_cap(client, superuser):
    response = log_in(client, PASSWORD)
    assert response.status_code == 302


def test_a_clerk_may_send_a_whole_document_to_the_upload_but_not_more(client, superuser, settings):
    settings.MINUTES_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    client.force_login(superuser)
    from .helpers import HERNING

    with HERNING.open("rb") as document:
        allowed = client.post(UPLOAD_URL, {"file": document, "municipality": "Herning Kommune"})
    assert allowed.status_code == 200
    too_large = client.post(
        UPLOAD_URL, b"x", content_type="text/plain", CONTENT_LENGTH=str(4 * 1024 * 1024)
    )
    assert too_large.status_code == 413
    page = too_large.content.decode()
    assert "den største fil, der kan uploades, er 2,0\xa0MB" in page
    assert f'href="{UPLOAD_URL}"' in page


def test_a_clerk_elsewhere_in_the_admin_is_capped_at_the_form_data_limit(client, superuser):
    client.force_login(superuser)
    length = str(6 * 1024 * 1024)
    response = client.post(
        "/admin/minutes/meeting/add/", b"x", content_type="text/plain", CONTENT_LENGTH=length
    )
    assert response.status_code == 413
    assert "højst 5,0\xa0MB" in response.content.decode()


def test_form_data_over_the_limit_without_a_large_content_length_is_a_413(
    client, superuser, settings
):
    # Django's own check (DATA_UPLOAD_MAX_MEMORY_SIZE) for what gets past the header.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(superuser)
    response = client.post(UPLOAD_URL, {"municipality": "x" * 5000})
    assert response.status_code == 413
    assert "<h1>For meget data</h1>" in response.content.decode()


def test_a_malformed_content_length_counts_as_no_body(client):
    response = client.get("/", CONTENT_LENGTH="mange")
    assert response.status_code == 200


# -- Login throttling --------------------------------------------------------------------


def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in(client, superuser):
    for _attempt in range(30):
        log_in(client, "forkert")
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "<h1>For mange forkerte login-forsøg</h1>" in page
    assert "for brugeren <strong>chef</strong>" in page
    assert "Vent 30 minutter" in page
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_the_lock_starts_at_the_failure_limit(client, superuser, settings):
    settings.AXES_FAILURE_LIMIT = 3
    assert log_in(client, "forkert").status_code == 200  # the admin's own "wrong password" form
    assert log_in(client, "forkert").status_code == 200
    assert log_in(client, "forkert").status_code == 429
    assert log_in(client, PASSWORD).status_code == 429


def test_a_lock_on_one_user_leaves_the_others_alone(client, superuser, django_user_model):
    django_user_model.objects.create_superuser("kollega", "k@example.dk", PASSWORD)
    for _attempt in range(10):
        log_in(client, "forkert")
    assert log_in(client, PASSWORD, username="kollega").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, superuser):
    for _attempt in range(10):
        log_in(client, "forkert")
    assert log_in(client, PASSWORD).status_code == 429
    # Half an hour later, as far as the recorded attempts know.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert log_in(client, PASSWORD).status_code == 302


def test_an_administrator_lifts_the_lock_with_axes_reset(client, superuser):
    for _attempt in range(10):
        log_in(client, "forkert")
    assert log_in(client, PASSWORD).status_code == 429
    out = StringIO()
    call_command("axes_reset", stdout=out)
    assert "attempts removed" in out.getvalue()
    assert log_in(client, PASSWORD).status_code == 302
